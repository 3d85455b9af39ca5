"""drf-spectacular post-processing: document the 400 answer of every operation that validates input.

DRF answers 400 whenever a serializer or a filter rejects a request, including requests the schema
calls valid (an unknown product id, a password Django's validators refuse, a username already taken).
drf-spectacular documents no 400 by default, so `manage.py revolution --verify` reports each of them;
this hook documents them once for the whole API instead of on every view.
"""

from typing import Any

VALIDATION_ERROR = {
    "type": "object",
    "description": (
        "DRF validation errors: each invalid field (or `non_field_errors`, or `detail`) with its messages; "
        "nested serializers nest the same way."
    ),
    "additionalProperties": {},
}
VALIDATING = {"post", "put", "patch"}


def document_validation_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    """Add `400: ValidationError` to operations with a request body or query parameters (filters)."""
    used = False
    for item in result.get("paths", {}).values():
        for method, operation in item.items():
            queried = any(p.get("in") == "query" and p.get("name") != "page" for p in operation.get("parameters", []))
            if (method in VALIDATING or queried) and "400" not in operation.get("responses", {}):
                operation["responses"]["400"] = {
                    "description": "The request is invalid; the body says why, field by field.",
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ValidationError"}}},
                }
                used = True
    if used:
        result.setdefault("components", {}).setdefault("schemas", {})["ValidationError"] = VALIDATION_ERROR
    return result
