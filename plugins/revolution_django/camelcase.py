"""djangorestframework-camel-case with drf-spectacular's `camelize_serializer_fields` hook (as both READMEs
wire them): the hook documents every request field in camelCase, but only camel-case parsers turn the names
back into the serializer's snake_case. A view with parser classes of its own (DRF's docs show
`parser_classes = [MultiPartParser, FormParser]` for uploads) receives `pageImage` and answers 400 "No file
was submitted" for `page_image`: the schema lies, and the generated clients fail on a valid call. This finds
those views so the run can say which and how to fix them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

HOOK = "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields"
CAMEL_PACKAGE = "djangorestframework_camel_case"
CAMEL_PARSERS = {"JSONParser": "CamelCaseJSONParser", "FormParser": "CamelCaseFormParser",
                 "MultiPartParser": "CamelCaseMultiPartParser"}


def hook_active() -> bool:
    from drf_spectacular.settings import spectacular_settings

    for hook in spectacular_settings.POSTPROCESSING_HOOKS or []:
        name = hook if isinstance(hook, str) else f"{getattr(hook, '__module__', '')}.{getattr(hook, '__name__', '')}"
        if name == HOOK:
            return True
    return False


def _camel_aware(parser: Any) -> bool:
    return any(klass.__module__.startswith(CAMEL_PACKAGE) for klass in type(parser).__mro__)


def _properties(document: dict[str, Any], schema: Any) -> list[str]:
    if isinstance(schema, dict) and "$ref" in schema:
        schema = document.get("components", {}).get("schemas", {}).get(str(schema["$ref"]).rsplit("/", 1)[-1])
    return list(schema.get("properties", {})) if isinstance(schema, dict) else []


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)([A-Z])", r"_\1", name).lower()


def _component(document: dict[str, Any], schema: Any) -> str:
    return str(schema["$ref"]).rsplit("/", 1)[-1] if isinstance(schema, dict) and "$ref" in schema else ""


def _renamed(document: dict[str, Any], schema: Any, components: dict[str, Any]) -> tuple[str, str, str] | None:
    """(documented name, the name the camel-case parser makes of it, the serializer's field) for the first
    body field the parser does not turn back into the field's name: by default it splits digits off
    (`password1` -> `password_1`), which the hook's camelCase does not undo."""
    from djangorestframework_camel_case.settings import api_settings
    from djangorestframework_camel_case.util import underscoreize

    serializer = components.get(_component(document, schema))
    if serializer is None:
        return None
    try:
        fields = (serializer() if isinstance(serializer, type) else serializer).fields
    except Exception:  # not a serializer, or one that needs arguments: nothing to compare
        return None
    documented = set(_properties(document, schema))
    options = dict(api_settings.JSON_UNDERSCOREIZE or {})
    for field in fields:
        camel = next((name for name in documented if name == field or _snake(name) == field
                      or name.replace("_", "") == field.replace("_", "")), None)
        if camel is None:
            continue
        parsed = next(iter(underscoreize({camel: None}, **options)))
        if parsed != field:
            return camel, str(parsed), str(field)
    return None


def parser_mismatches(document: dict[str, Any], operations: Iterable[tuple[str, str, Any]],
                      components: dict[str, Any] | None = None) -> list[str]:
    """One warning per operation (document path, method, view) whose camelCase-documented body a parser of
    the view does not turn back into the serializer's names. [] when the hook is not configured."""
    if not hook_active():
        return []
    from rest_framework.utils.mediatypes import media_type_matches

    from revolution_django.versions import user_view_name

    warnings = []
    for path, method, view in operations:
        operation = document.get("paths", {}).get(path, {}).get(method.lower())
        if not isinstance(operation, dict):
            continue
        for media_type, content in (operation.get("requestBody") or {}).get("content", {}).items():
            camel = [name for name in _properties(document, content.get("schema")) if _snake(name) != name]
            try:
                parsers = list(view.get_parsers())
            except Exception:  # a view that cannot build its parsers outside a request: nothing to say
                break
            parser = next((p for p in parsers if media_type_matches(p.media_type, media_type)), None)
            if parser is not None and _camel_aware(parser):
                renamed = _renamed(document, content.get("schema"), components or {})
                if renamed:
                    documented, parsed, field = renamed
                    warnings.append(
                        f"{method.upper()} {path} ({user_view_name(type(view))}): the camel-case parser turns "
                        f"the documented `{documented}` into `{parsed}`, but the serializer's field is `{field}`, "
                        f"so the generated clients' `{documented}` is never read (a 400 or a lost value for a "
                        f"valid call). Set REST_FRAMEWORK['JSON_UNDERSCOREIZE'] = "
                        f"{{'no_underscore_before_number': True}} (djangorestframework-camel-case's README), or "
                        f"rename the field"
                    )
                break
            if not camel or parser is None:
                continue
            name = type(parser).__name__
            fix = CAMEL_PARSERS.get(name, "the matching CamelCase parser")
            warnings.append(
                f"{method.upper()} {path} ({user_view_name(type(view))}): drf-spectacular's camelize_serializer_fields "
                f"hook documents its {media_type} body in camelCase ({', '.join(camel[:3])}), but the view parses "
                f"it with {type(parser).__module__}.{name}, which keeps the names as sent, so the generated clients' "
                f"`{camel[0]}` never reaches the serializer's `{_snake(camel[0])}` (a 400 for a valid call). Use "
                f"{CAMEL_PACKAGE}.parser.{fix} in the view's parser_classes (or drop them to use "
                f"REST_FRAMEWORK['DEFAULT_PARSER_CLASSES'])"
            )
            break
    return warnings
