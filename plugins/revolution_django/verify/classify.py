"""Turn one request's answer into findings: schemathesis checks the response against the documented
one (status, content type, body); this module names the kind, the serializer at fault and the fix."""

from __future__ import annotations

import re
import sysconfig
import traceback
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from revolution_django.verify.attribution import Attributor, response_component
from revolution_django.verify.report import Finding

Key = tuple[Any, ...]
LIBRARIES = tuple(dict.fromkeys(sysconfig.get_paths()[key] for key in ("stdlib", "purelib", "platlib")))


@dataclass
class Observation:
    case: Any
    response: Any
    status: int
    request: str
    exception: BaseException | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _checks() -> list[Any]:
    from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

    return [content_type_conformance, response_schema_conformance]


def classify(observation: Observation, raw: dict[str, Any], document: dict[str, Any], attributor: Attributor,
             generic: set[int]) -> Iterator[tuple[Key, Finding]]:
    """(dedup key, finding) for everything wrong with this answer."""
    status = observation.status
    responses = raw.get("responses", {})
    documented = _documented(responses, status)
    excerpt = _excerpt(observation.response)
    base: dict[str, Any] = {"status": status, "request": observation.request, "response": excerpt}
    if status >= 500:
        yield _server_error(observation, base, attributor)
        return
    if documented is None:
        if status not in generic:
            finding = _undocumented_status(status, responses, raw, base)
            success = next((r for code, r in responses.items() if code.startswith("2")), None)
            if success is not None:
                finding.serializer = attributor.serializer(response_component(success, [], document))
            yield ("undocumented_status", status), finding
        return
    if 200 <= status < 300 and not documented.get("content") and _has_body(observation.response):
        yield ("undocumented_body", status), Finding(
            kind="undocumented_body",
            message=f"the schema documents {status} with no response body, but the view returned {_type(observation)}",
            fix=f"document the body: @extend_schema(responses={{{status}: TheSerializer}}) on the view; a generated "
                "client otherwise throws the body away",
            **base,
        )
        return
    yield from _schema_checks(observation, documented, document, attributor, base)


def _documented(responses: dict[str, Any], status: int) -> dict[str, Any] | None:
    for key in (str(status), f"{str(status)[0]}XX", "default"):
        if key in responses:
            return dict(responses[key])
    return None


EMPTY_JSON = {b"{}", b"[]", b"null", b'""'}


def _has_body(response: Any) -> bool:
    """A body with data in it: an empty JSON value (simplejwt's verify view answers `{}`) carries nothing
    a client that drops it would miss."""
    content = (response.content or b"").strip() if response is not None else b""
    return bool(content) and content not in EMPTY_JSON


def _type(observation: Observation) -> str:
    content_type = (observation.response.headers.get("content-type") or [""])[0] if observation.response else ""
    media = content_type.split(";")[0].strip()
    return f"a body ({media})" if media else "a body"


def _excerpt(response: Any, limit: int = 300) -> str:
    if response is None:
        return ""
    text = " ".join((response.content or b"").decode("utf-8", "replace").split())
    return text if len(text) <= limit else text[:limit] + "…"


def _server_error(observation: Observation, base: dict[str, Any], attributor: Attributor) -> tuple[Key, Finding]:
    error = observation.exception
    if error is None:
        return ("server_error", observation.status, None), Finding(
            kind="server_error", message=f"the view answered {observation.status} without raising",
            fix="look at why the view returns a server error for this request", **base)
    where, frame = _blame(error, attributor.root)
    text = f"{type(error).__name__}: {error}".strip().rstrip(":")
    return ("server_error", observation.status, type(error).__name__, frame), Finding(
        kind="server_error",
        message=f"the view raised {text}{where}",
        fix="fix the view: a schema-valid request must never cause a server error (if the input is the problem, "
            "validate it and answer 400, and document that 400)",
        **base,
    )


def _blame(error: BaseException, root: Path) -> tuple[str, str]:
    """' at app/views.py:12 in get' for the innermost frame of the project's own code."""
    frames = traceback.extract_tb(error.__traceback__)
    own = [f for f in frames if not f.filename.startswith(LIBRARIES)] or frames
    if not own:
        return "", ""
    frame = own[-1]
    try:
        shown = Path(frame.filename).resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = frame.filename
    where = f"{shown}:{frame.lineno}"
    return f" at {where} in {frame.name}", where


def _undocumented_status(status: int, responses: dict[str, Any], raw: dict[str, Any],
                         base: dict[str, Any]) -> Finding:
    listed = ", ".join(responses) or "none"
    if 200 <= status < 400:
        fix = (f"say what the view really answers: @extend_schema(responses={{{status}: TheSerializer}}) on the "
               f"view (or make the view answer {listed}); a generated client treats an undocumented success "
               "as an error or drops its body")
    elif status == 400:
        fix = ("the view rejects input the schema calls valid: document it with @extend_schema(responses={..., "
               "400: OpenApiResponse(description=...)}) keeping the documented ones, or state the rule in the "
               "serializer (choices, min/max, a validator the schema shows)")
    else:
        fix = f"document it: @extend_schema(responses={{..., {status}: ...}}) keeping the documented responses"
    return Finding(kind="undocumented_status",
                   message=f"answered {status}; documented: {listed}", fix=fix, **base)


def _schema_checks(observation: Observation, documented: dict[str, Any], document: dict[str, Any],
                   attributor: Attributor, base: dict[str, Any]) -> Iterator[tuple[Key, Finding]]:
    from schemathesis.core.failures import Failure, FailureGroup

    if observation.response is None:
        return
    try:
        observation.case.validate_response(observation.response, checks=_checks(), headers=observation.headers)
    except FailureGroup as group:
        failures = [f for f in group.exceptions if isinstance(f, Failure)]
    else:
        return
    for failure in failures:
        kind_name = type(failure).__name__
        if kind_name in {"UndefinedContentType", "MissingContentType"}:
            yield ("content_type", base["status"]), Finding(
                kind="content_type", message=failure.message.replace("\n", "; "),
                fix="make the view render the documented media type (renderer_classes), or document what it "
                    "renders", **base)
        elif kind_name == "JsonSchemaError":
            yield _mismatch(failure, documented, document, attributor, base)
        elif kind_name == "MalformedJson":
            yield ("response_mismatch", base["status"], "json"), Finding(
                kind="response_mismatch", message="the body is not valid JSON though the schema documents JSON",
                fix="return a DRF Response with data (or document the real media type)", **base)
        else:
            yield ("response_mismatch", base["status"], kind_name), Finding(
                kind="response_mismatch", message=f"{failure.title}: {failure.message}".replace("\n", "; "),
                fix="make the response match its documentation", **base)


def _mismatch(failure: Any, documented: dict[str, Any], document: dict[str, Any], attributor: Attributor,
              base: dict[str, Any]) -> tuple[Key, Finding]:
    instance_path = [str(p) for p in failure.instance_path]
    schema_path = [str(p) for p in failure.schema_path]
    where = "/".join("*" if p.isdigit() else p for p in instance_path) or "(the body)"
    keyword = schema_path[-1] if schema_path else ""
    detail = str(getattr(failure, "_validation_message", "") or failure.message.splitlines()[0])
    owner_path = instance_path if keyword == "required" else instance_path[:-1]
    component = response_component(documented, owner_path, document)
    serializer = attributor.serializer(component)
    field_name = next((p for p in reversed(instance_path) if not p.isdigit()), "")
    instance = getattr(failure, "instance", None)
    if keyword == "required":
        quoted = re.search(r"""["']([^"']+)["'] is a required property""", detail)
        missing = quoted.group(1) if quoted else "a field"
        message = f"`{missing}` is documented as required{_at(where)} but the response does not have it"
        fix = (f"if the view never returns `{missing}`, drop it from the serializer or mark it required=False "
               f"(write_only=True if it is input); if the view returns another object altogether, document that: "
               f"@extend_schema(responses={{{base['status']}: TheRealSerializer}})")
    elif instance is None and keyword in {"type", "nullable"}:
        message = f"`{field_name or where}` is null, but the schema documents it as non-nullable"
        fix = (f"add allow_null=True to the serializer field `{field_name}` (with null=True on a model field the "
               "serializer derives it), so that the schema says it can be null")
    elif keyword == "type" and not instance_path:
        message = f"the body has a different shape: {detail}"
        fix = (f"the view returns something else than its documented serializer: return serializer.data, or "
               f"document the real body with @extend_schema(responses={{{base['status']}: TheRealSerializer}})")
    else:
        message = f"`{where}` does not match the schema: {detail}"
        fix = ("make the serializer field describe the value the view returns (its type, format, enum choices), "
               "or return the value it documents")
    key = ("response_mismatch", base["status"], where, keyword)
    return key, Finding(kind="response_mismatch", message=message, fix=fix, serializer=serializer, **base)


def _at(where: str) -> str:
    return "" if where == "(the body)" else f" in `{where}`"
