"""A zone generated once in `revolution watch`'s ready process, before the save it waits for.

The first datamodel-code-generator call in a process costs several times the next ones (its pydantic
models, Jinja templates and caches are built on first use: example_project's client zone, 0.42 s then
0.10 s), and so does the first render of our own templates. The ready process pays that while it waits,
on this small document; the output is thrown away. A normal run generates its zones one after the other
in one process too, so a zone generated before changes nothing in what comes after.
"""

from __future__ import annotations

from typing import Any

_ITEM: dict[str, Any] = {
    "type": "object",
    "properties": {
        "id": {"type": "integer", "readOnly": True},
        "name": {"type": "string", "maxLength": 100},
        "email": {"type": "string", "format": "email"},
        "price": {"type": "string", "format": "decimal", "pattern": r"^-?\d{0,8}(?:\.\d{0,2})?$"},
        "status": {"$ref": "#/components/schemas/StatusEnum"},
        "tags": {"type": "array", "items": {"type": "string"}},
        "created": {"type": "string", "format": "date-time", "readOnly": True},
        "note": {"type": "string", "nullable": True},
    },
    "required": ["id", "name", "created"],
}

DOCUMENT: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Warm-up", "version": "0.0.0"},
    "paths": {
        "/items/": {
            "get": {
                "operationId": "items_list",
                "parameters": [{"name": "page", "in": "query", "schema": {"type": "integer"}}],
                "responses": {"200": {"description": "", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/PaginatedItemList"}}}}},
                "security": [{"tokenAuth": []}],
            },
            "post": {
                "operationId": "items_create",
                "requestBody": {"required": True, "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/ItemRequest"}}}},
                "responses": {"201": {"description": "", "content": {"application/json": {"schema": {
                    "$ref": "#/components/schemas/Item"}}}}},
                "security": [{"tokenAuth": []}],
            },
        },
        "/items/{id}/": {
            "delete": {
                "operationId": "items_destroy",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"204": {"description": "No response body"}},
                "security": [{"tokenAuth": []}],
            },
        },
    },
    "components": {
        "schemas": {
            "StatusEnum": {"enum": ["draft", "live"], "type": "string"},
            "Item": _ITEM,
            "ItemRequest": {
                "type": "object",
                "properties": {key: value for key, value in _ITEM["properties"].items()
                               if key not in ("id", "created")},
                "required": ["name"],
            },
            "PaginatedItemList": {
                "type": "object",
                "required": ["count", "results"],
                "properties": {
                    "count": {"type": "integer"},
                    "next": {"type": "string", "nullable": True, "format": "uri"},
                    "results": {"type": "array", "items": {"$ref": "#/components/schemas/Item"}},
                },
            },
        },
        "securitySchemes": {"tokenAuth": {"type": "apiKey", "in": "header", "name": "Authorization"}},
    },
}


def warm_up() -> None:
    """Generate the small zone with the default options (and throw it away)."""
    from revolution_python.options import PythonOptions, PythonZoneOptions
    from revolution_python.zone import render_zone

    render_zone("warmup", "Warm-up", DOCUMENT, PythonOptions.model_validate({}), PythonZoneOptions.model_validate({}))
