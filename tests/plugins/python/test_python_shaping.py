"""Schema shaping before datamodel-code-generator and model shaping after it (revolution_python.shaping)."""

from __future__ import annotations

import ast

from py_helpers import SHOP_SPEC
from revolution_python.parser import parse_api
from revolution_python.shaping import accept_enum_values, plain_list_items, request_only_components

SOURCE = '''from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel


class Colour(StrEnum):
    RED = "red"
    BLUE = "blue"


class Paint(BaseModel):
    colour: Colour
    mix: list[Colour] | None = None


class PaintRequest(BaseModel):
    colour: Colour
    mix: list[Colour] | None = None
'''


def test_primitive_list_items_lose_their_constraints_only() -> None:
    schema = {"properties": {
        "tags": {"type": "array", "maxItems": 3, "items": {"type": "string", "maxLength": 20, "format": "slug"}},
        "codes": {"type": "array", "items": {"type": "string", "enum": ["a"], "maxLength": 1}},
        "refs": {"type": "array", "items": {"$ref": "#/components/schemas/X"}},
    }}
    shaped = plain_list_items(schema)["properties"]
    assert shaped["tags"] == {"type": "array", "maxItems": 3, "items": {"type": "string", "format": "slug"}}
    assert shaped["codes"] == schema["properties"]["codes"] and shaped["refs"] == schema["properties"]["refs"]


def test_request_only_components_are_reached_from_bodies_alone() -> None:
    import yaml

    document = yaml.safe_load(SHOP_SPEC.read_text())
    only_sent = request_only_components(document)
    assert {"OrderRequest", "OrderItemRequest", "ProductRequest", "PatchedProductRequest"} <= only_sent
    assert not only_sent & {"Product", "Order", "OrderStatusEnum", "ProductStatusEnum", "PaginatedProductList"}


def test_enum_values_are_accepted_in_the_widened_classes_only() -> None:
    source, enums = accept_enum_values(SOURCE, {"PaintRequest"}, {"Colour", "Paint", "PaintRequest"})
    assert enums["Colour"].alias == "ColourValue" and enums["Colour"].values == ("red", "blue")
    ast.parse(source)
    assert "from enum import StrEnum\nfrom typing import Literal\n" in source  # sorted into the stdlib group
    assert 'class Colour(StrEnum):\n    RED = "red"\n    BLUE = "blue"\n\n\nColourValue = Literal["red", "blue"]\n' \
        in source
    paint = source.split("class Paint(BaseModel):")[1].split("class")[0]
    assert "colour: Colour\n" in paint and "mix: list[Colour] | None" in paint  # responses: untouched
    request = source.split("class PaintRequest(BaseModel):")[1]
    assert "colour: Colour | ColourValue\n" in request and "mix: list[Colour | ColourValue] | None" in request


def test_an_alias_name_never_shadows_a_model() -> None:
    _, enums = accept_enum_values(SOURCE, set(), {"Colour", "ColourValue"})
    assert enums["Colour"].alias == "ColourValue_"


def test_parameters_with_an_enums_values_accept_the_enum() -> None:
    import yaml

    document = yaml.safe_load(SHOP_SPEC.read_text())
    _, enums = accept_enum_values(
        'from enum import StrEnum\n\n\nclass ProductStatusEnum(StrEnum):\n    ACTIVE = "active"\n'
        '    ARCHIVED = "archived"\n    DRAFT = "draft"\n', set(), set())
    api = parse_api(document, "zone", "Zone", set(document["components"]["schemas"]), enums=enums)
    ops = {f"{r.attribute}.{op.method_name}": op for r in api.resources for op in r.operations}
    status = next(p for p in ops["products.list"].params if p.wire == "status")
    assert status.annotation == "m.ProductStatusEnum | m.ProductStatusEnumValue"  # inline enum, same values


def test_a_filter_on_a_blank_choice_field_accepts_the_fields_enum() -> None:
    """django-filter documents `?format=` of a `blank=True, null=True` choice field without the blank choice,
    while responses return the field's `...OrBlankEnum`: a response's value must be accepted back (mypy)."""
    document = {
        "openapi": "3.0.3", "info": {"title": "t", "version": "1"},
        "paths": {"/books/": {"get": {
            "operationId": "list_books", "tags": ["books"],
            "parameters": [{"in": "query", "name": "format", "schema": {
                "type": "string", "nullable": True, "enum": ["ebook", "hardcover"]}}],
            "responses": {"200": {"description": "ok"}},
        }}},
        "components": {"schemas": {}},
    }
    _, enums = accept_enum_values(
        'from enum import StrEnum\n\n\nclass BookFormatOrBlankEnum(StrEnum):\n    HARDCOVER = "hardcover"\n'
        '    EBOOK = "ebook"\n    BLANK = ""\n', set(), set())
    api = parse_api(document, "zone", "Zone", set(), enums=enums)
    param = api.resources[0].operations[0].params[0]
    assert param.annotation == 'm.BookFormatOrBlankEnum | Literal["ebook", "hardcover"] | None'
