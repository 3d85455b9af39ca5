"""Request bodies DRF does not read: a viewset `@action(methods=["post"])` without a body of its own.

drf-spectacular documents such an action's request body as the viewset's serializer (the same one `create`
takes), required whenever that serializer has required fields, so generated clients make every caller send
an order to cancel an order. Nothing in the view says whether the action reads `request.data`, so the
schema is left as it is and the zone gets a warning naming the view and the one-line fix; the schema option
`optional_action_bodies` makes such bodies optional instead.

How it is found: while a zone's schema is generated, drf-spectacular's `AutoSchema.get_request_serializer`
is wrapped to record each call that reaches it. `@extend_schema(request=...)` answers before reaching it,
so a recorded call is one where the body was guessed.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

_RECORDER: ContextVar[list[GuessedBody] | None] = ContextVar("revolution_action_bodies", default=None)


@dataclass(frozen=True, order=True)
class GuessedBody:
    """An extra action whose documented request body is its viewset's serializer."""

    path: str
    method: str
    view: str
    action: str
    serializer: str


@contextmanager
def guessed_action_bodies() -> Iterator[list[GuessedBody]]:
    """Record guessed action bodies of schemas generated in this context (callers hold the schema lock)."""
    from drf_spectacular.openapi import AutoSchema

    original = AutoSchema.__dict__["get_request_serializer"]

    def recording(schema: Any) -> Any:
        serializer = original(schema)
        found = _RECORDER.get()
        if found is not None:
            guessed = _guessed(schema, serializer)
            if guessed is not None:
                found.append(guessed)
        return serializer

    found: list[GuessedBody] = []
    token = _RECORDER.set(found)
    setattr(AutoSchema, "get_request_serializer", recording)  # noqa: B010 (a library class, patched for the run)
    try:
        yield found
    finally:
        setattr(AutoSchema, "get_request_serializer", original)  # noqa: B010
        _RECORDER.reset(token)


def _guessed(schema: Any, serializer: Any) -> GuessedBody | None:
    view = getattr(schema, "view", None)
    action = getattr(view, "action", None)
    handler = getattr(view, action, None) if isinstance(action, str) else None
    if serializer is None or handler is None or not hasattr(handler, "mapping") or not hasattr(handler, "detail"):
        return None  # not a viewset's extra action
    if "serializer_class" in (getattr(handler, "kwargs", None) or {}):
        return None  # @action(serializer_class=...): the action names its own serializer
    default = getattr(type(view), "serializer_class", None)
    used = serializer if isinstance(serializer, type) else type(serializer)
    if default is None or used is not default:
        return None  # get_serializer_class() picks a serializer for this action
    return GuessedBody(str(getattr(schema, "path", "")), str(getattr(schema, "method", "")).upper(),
                       type(view).__name__, str(action), used.__name__)


def apply(document: dict[str, Any], guessed: list[GuessedBody], optional: bool) -> list[str]:
    """With `optional`, make the guessed bodies optional in `document`; else one warning per action."""
    messages = []
    for body in sorted(set(guessed)):
        operation = (document.get("paths", {}).get(body.path) or {}).get(body.method.lower()) or {}
        request = operation.get("requestBody")
        if not isinstance(request, dict):
            continue
        if optional:
            request["required"] = False
            continue
        required = "required " if request.get("required") else ""
        messages.append(
            f"{body.view}.{body.action} ({body.method} {body.path}) declares no request body, so drf-spectacular "
            f"documented the viewset's {body.serializer} as its {required}body and generated clients send one. "
            f"If the action reads no body, add `@extend_schema(request=None)` above its `@action` (or "
            f"`request=<Serializer>` for the body it does read); or make such bodies optional with the zone's "
            f"schema option `optional_action_bodies=True`."
        )
    return messages
