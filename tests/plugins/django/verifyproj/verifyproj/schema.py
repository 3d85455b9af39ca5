"""The honest zones document the 400 their writes may answer (DRF trims strings, so "  " passes the
schema's minLength and is refused as blank); the liars zone (/api/public/) is left to lie."""

from typing import Any


def document_validation_errors(result: dict[str, Any], generator: Any, request: Any, public: bool) -> dict[str, Any]:
    for path, item in result.get("paths", {}).items():
        for method, operation in item.items():
            if method in {"post", "put", "patch"} and not path.startswith("/api/public/"):
                operation["responses"].setdefault("400", {"description": "Invalid input."})
    return result
