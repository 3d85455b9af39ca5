"""The schema diff (revolution_core.diff), table-driven: each kind of change, whether it breaks a client's
users, and the changelog line it gets."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

import pytest

from revolution_core.diff import diff_documents

REF = "#/components/schemas/"
JSON = "application/json"


def base() -> dict[str, Any]:
    return {
        "openapi": "3.0.3",
        "info": {"title": "Shop", "version": "1"},
        "paths": {
            "/products/": {
                "get": {
                    "operationId": "list_products",
                    "parameters": [{"in": "query", "name": "page", "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "", "content": {JSON: {"schema": {
                        "type": "array", "items": {"$ref": REF + "Product"}}}}}},
                },
                "post": {
                    "operationId": "create_products",
                    "security": [{"jwtAuth": []}],
                    "requestBody": {"required": True, "content": {JSON: {"schema": {"$ref": REF + "ProductRequest"}}}},
                    "responses": {"201": {"description": "", "content": {JSON: {"schema": {"$ref": REF + "Product"}}}}},
                },
            },
            "/products/{id}/": {
                "get": {
                    "operationId": "retrieve_products",
                    "parameters": [{"in": "path", "name": "id", "required": True, "schema": {"type": "integer"}}],
                    "responses": {"200": {"description": "", "content": {JSON: {"schema": {"$ref": REF + "Product"}}}}},
                },
            },
        },
        "components": {"schemas": {
            "Product": {"type": "object", "required": ["id", "name", "price", "status"], "properties": {
                "id": {"type": "integer", "readOnly": True},
                "name": {"type": "string"},
                "price": {"type": "string", "format": "decimal"},
                "status": {"$ref": REF + "ProductStatusEnum"},
                "note": {"type": "string", "nullable": True},
            }},
            "ProductRequest": {"type": "object", "required": ["name", "price"], "properties": {
                "name": {"type": "string"},
                "price": {"type": "string", "format": "decimal"},
                "status": {"$ref": REF + "ProductStatusEnum"},
                "note": {"type": "string", "nullable": True},
            }},
            "ProductStatusEnum": {"type": "string", "enum": ["draft", "live"]},
        }},
    }


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["schemas"]


def _list(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/products/"]["get"]


def _create(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["paths"]["/products/"]["post"]


LIST, CREATE, RETRIEVE = ("`list_products` (GET /products/)", "`create_products` (POST /products/)",
                          "`retrieve_products` (GET /products/{id}/)")

# name, change to the base document, kind, breaking?, changelog line
CASES: list[tuple[str, Callable[[dict[str, Any]], Any], str, bool, str]] = [
    ("operation removed", lambda d: d["paths"].pop("/products/{id}/"),
     "operation-removed", True, f"Removed operation {RETRIEVE}"),
    ("operation added", lambda d: d["paths"]["/products/{id}/"].update(
        delete={"operationId": "destroy_products", "responses": {"204": {"description": ""}}}),
     "operation-added", False, "Added operation `destroy_products` (DELETE /products/{id}/)"),
    ("operation renamed", lambda d: _list(d).update(operationId="products_list"),
     "operation-renamed", True, "Renamed operation `list_products` to `products_list` (GET /products/)"),
    ("operation deprecated", lambda d: _list(d).update(deprecated=True),
     "operation-deprecated", False, f"Deprecated operation {LIST}"),
    ("authentication now required", lambda d: _list(d).update(security=[{"jwtAuth": []}]),
     "security-added", True, f"{LIST} now requires authentication (jwtAuth)"),
    ("authentication no longer required", lambda d: _create(d).pop("security"),
     "security-removed", False, f"{CREATE} no longer requires authentication"),
    ("authentication scheme changed", lambda d: _create(d).update(security=[{"tokenAuth": []}]),
     "security-changed", True, f"{CREATE} authentication changed from jwtAuth to tokenAuth"),
    ("required parameter added", lambda d: _list(d)["parameters"].append(
        {"in": "query", "name": "shop", "required": True, "schema": {"type": "string"}}),
     "parameter-added-required", True, f"{LIST}: new required query parameter `shop`"),
    ("optional parameter added", lambda d: _list(d)["parameters"].append(
        {"in": "query", "name": "search", "schema": {"type": "string"}}),
     "parameter-added", False, f"{LIST}: new optional query parameter `search`"),
    ("parameter removed", lambda d: _list(d).pop("parameters"),
     "parameter-removed", True, f"{LIST}: removed query parameter `page`"),
    ("parameter becomes required", lambda d: _list(d)["parameters"][0].update(required=True),
     "parameter-required", True, f"{LIST}: query parameter `page` is now required"),
    ("parameter type changed", lambda d: _list(d)["parameters"][0].update(schema={"type": "string"}),
     "type-changed", True, f"{LIST}: query parameter `page` (request): type changed from integer to string"),
    ("request body removed", lambda d: _create(d).pop("requestBody"),
     "body-removed", True, f"{CREATE}: the request body was removed"),
    ("type added", lambda d: _schemas(d).update(Category={"type": "object", "properties": {}}),
     "type-added", False, "Added type `Category`"),
    ("new required request field", lambda d: (
        _schemas(d)["ProductRequest"]["properties"].update(sku={"type": "string"}),
        _schemas(d)["ProductRequest"]["required"].append("sku")),
     "field-added-required", True, "`ProductRequest.sku` (request): new required field"),
    ("new optional request field", lambda d: _schemas(d)["ProductRequest"]["properties"].update(
        sku={"type": "string"}),
     "field-added", False, "`ProductRequest.sku` (request): new optional field"),
    ("request field removed", lambda d: _schemas(d)["ProductRequest"]["properties"].pop("note"),
     "field-removed", True, "`ProductRequest.note` (request): removed (its value would be dropped)"),
    ("request field becomes required", lambda d: _schemas(d)["ProductRequest"]["required"].append("status"),
     "field-required", True, "`ProductRequest.status` (request): is now required"),
    ("request field becomes optional", lambda d: _schemas(d)["ProductRequest"]["required"].remove("price"),
     "field-optional", False, "`ProductRequest.price` (request): is now optional"),
    ("request field no longer nullable", lambda d: _schemas(d)["ProductRequest"]["properties"]["note"].pop(
        "nullable"),
     "not-nullable", True, "`ProductRequest.note` (request): can no longer be null"),
    ("new response field", lambda d: _schemas(d)["Product"]["properties"].update(sku={"type": "string"}),
     "field-added", False, "`Product.sku` (response): new field"),
    ("response field removed", lambda d: _schemas(d)["Product"]["properties"].pop("name"),
     "field-removed", True, "`Product.name` (response): removed (clients reading it break)"),
    ("response field becomes optional", lambda d: _schemas(d)["Product"]["required"].remove("name"),
     "field-optional", True, "`Product.name` (response): may now be missing"),
    ("response field becomes required", lambda d: _schemas(d)["Product"]["required"].append("note"),
     "field-required", False, "`Product.note` (response): is now required"),
    ("response field becomes nullable", lambda d: _schemas(d)["Product"]["properties"]["name"].update(
        nullable=True),
     "nullable", True, "`Product.name` (response): may now be null"),
    ("response field type changed", lambda d: _schemas(d)["Product"]["properties"]["price"].update(
        type="number", format="double"),
     "type-changed", True, "`Product.price` (response): type changed from string (decimal) to number (double)"),
    ("response field now another named type", lambda d: _schemas(d)["Product"]["properties"].update(
        status={"type": "string"}),
     "type-changed", True, "`Product.status` (response): type changed from `ProductStatusEnum` to string"),
    ("a read-only field is no request field", lambda d: _schemas(d)["Product"]["properties"]["id"].update(
        type="string"),
     "type-changed", True, "`Product.id` (response): type changed from integer to string"),
]


def _enum(doc: dict[str, Any]) -> dict[str, Any]:
    return _schemas(doc)["ProductStatusEnum"]


# Changes with several verdicts: an enum used in requests and responses is judged per direction; a media
# type or status code replaced by another is one removal and one addition.
MULTI_CASES = [
    ("request sent as another media type", lambda d: _create(d)["requestBody"].update(
        content={"multipart/form-data": {"schema": {"$ref": REF + "ProductRequest"}}}), [
        ("media-type-removed", True, f"{CREATE} request body: no longer sent as application/json"),
        ("media-type-added", False, f"{CREATE} request body: also sent as multipart/form-data")]),
    ("success status code changed", lambda d: _create(d)["responses"].update(
        {"200": _create(d)["responses"].pop("201")}), [
        ("response-removed", True, f"{CREATE}: no longer answers 201"),
        ("response-added", False, f"{CREATE}: may answer 200")]),
    ("enum value added", lambda d: _enum(d)["enum"].append("sold"), [
        ("enum-value-added", True, '`ProductStatusEnum` (response): now returns "sold"'),
        ("enum-value-added", False, '`ProductStatusEnum` (request): now accepts "sold"')]),
    ("enum value removed", lambda d: _enum(d)["enum"].remove("live"), [
        ("enum-value-removed", True, '`ProductStatusEnum` (request): no longer accepts "live"'),
        ("enum-value-removed", False, '`ProductStatusEnum` (response): no longer returns "live"')]),
]


@pytest.mark.parametrize(("mutate", "kind", "breaking", "line"), [case[1:] for case in CASES],
                         ids=[case[0] for case in CASES])
def test_each_change_is_classified_with_its_changelog_line(mutate, kind, breaking, line):
    new = copy.deepcopy(base())
    mutate(new)
    result = diff_documents(base(), new)
    assert [(c.kind, c.breaking, c.text) for c in result.changes] == [(kind, breaking, line)]
    assert result.level == ("breaking" if breaking else result.changes[0].level)


@pytest.mark.parametrize(("mutate", "expected"), [case[1:] for case in MULTI_CASES], ids=[c[0] for c in MULTI_CASES])
def test_changes_with_several_verdicts(mutate, expected):
    new = copy.deepcopy(base())
    mutate(new)
    assert [(c.kind, c.breaking, c.text) for c in diff_documents(base(), new).changes] == expected


def test_a_removed_type_is_breaking():
    old = copy.deepcopy(base())
    _schemas(old)["Category"] = {"type": "object", "properties": {}}
    result = diff_documents(old, base())
    assert [(c.kind, c.breaking, c.text) for c in result.changes] == [("type-removed", True, "Removed type `Category`")]


def test_no_change_and_levels():
    assert diff_documents(base(), base()).changes == ()
    assert diff_documents(base(), base()).level is None
    assert diff_documents(base(), base()).summary() == "no changes for clients"
    new = copy.deepcopy(base())
    _schemas(new)["Product"]["properties"]["sku"] = {"type": "string"}
    _schemas(new)["ProductRequest"]["required"].remove("price")
    result = diff_documents(base(), new)
    assert result.level == "addition" and result.summary() == "1 addition(s), 1 other change(s)"
    assert [c.level for c in result.changes] == ["addition", "change"]


def test_drf_spectacular_nullable_reference_wrappers_are_understood():
    old, new = copy.deepcopy(base()), copy.deepcopy(base())
    _schemas(old)["Product"]["properties"]["status"] = {"allOf": [{"$ref": REF + "ProductStatusEnum"}]}
    _schemas(new)["Product"]["properties"]["status"] = {"allOf": [{"$ref": REF + "ProductStatusEnum"}],
                                                         "nullable": True}
    assert [c.text for c in diff_documents(old, new).changes] == ["`Product.status` (response): may now be null"]
    assert diff_documents(old, old).changes == ()
