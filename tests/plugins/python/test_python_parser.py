"""The neutral model the templates render: names, parameters, bodies, responses, pagination."""

from __future__ import annotations

from typing import Any

import yaml
from py_helpers import SHOP_SPEC
from revolution_python.parser import parse_api

SHOP: dict[str, Any] = yaml.safe_load(SHOP_SPEC.read_text())
SHOP_MODELS = set(SHOP["components"]["schemas"])


def operations(document: dict[str, Any], models: set[str] | None = None) -> dict[str, Any]:
    api = parse_api(document, "zone", "Zone API", models if models is not None else SHOP_MODELS)
    return {f"{r.attribute}.{op.method_name}": op for r in api.resources for op in r.operations}


def doc(paths: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths, **extra}


def test_methods_strip_the_tag_from_the_operation_id() -> None:
    ops = operations(SHOP)
    assert {"products.list", "products.create", "products.retrieve", "products.partial_update",
            "products.destroy", "orders.cancel", "orders.list", "orders.create", "me.avatar",
            "token.create", "health.retrieve"} == set(ops)


def test_names_fall_back_to_the_operation_id_and_never_collide() -> None:
    ok = {"200": {"description": ""}}
    document = doc({
        "/a/": {"get": {"operationId": "listThings", "tags": ["things"], "responses": ok},
                "post": {"operationId": "things", "tags": ["things"], "responses": ok}},
        "/b/": {"get": {"operationId": "list_things", "tags": ["things"], "responses": ok},
                "put": {"tags": ["other-stuff"], "responses": ok}},
        "/c/": {"get": {"operationId": "list_items_things", "tags": ["things"], "responses": ok},
                "delete": {"operationId": "list_items", "tags": ["things"], "responses": ok}},
    })
    names = sorted(operations(document, set()))
    # Ids that snake-case alike fall back to method and path; `list_items` is taken by an id of its own.
    assert names == ["other_stuff.put_b", "things.list_items", "things.list_items_things",
                     "things.list_things_get_a", "things.list_things_get_b", "things.things"]


def test_method_names_do_not_depend_on_document_order() -> None:
    ok = {"200": {"description": ""}}
    paths = {
        "/x/": {"get": {"operationId": "list_x", "tags": ["x"], "responses": ok}},
        "/x/{id}/": {"get": {"operationId": "retrieve_x", "tags": ["x"], "responses": ok}},
        "/x/{id}/y/": {"post": {"operationId": "list", "tags": ["x"], "responses": ok}},
    }
    forward = operations(doc(paths), set())
    backward = operations(doc(dict(reversed(paths.items()))), set())
    assert set(forward) == set(backward) == {"x.list_x", "x.list", "x.retrieve"}
    assert not any(name[-1].isdigit() for name in forward)


def test_parameters_are_typed_and_python_safe() -> None:
    op = operations(SHOP)["products.list"]
    by_wire = {p.wire: p for p in op.params}
    assert by_wire["class"].name == "class_"
    assert by_wire["status"].annotation == 'Literal["active", "archived", "draft"]'
    assert by_wire["min_price"].annotation == "float"
    assert not by_wire["category"].required
    retrieve = operations(SHOP)["products.retrieve"]
    assert [(p.name, p.location, p.annotation, p.required) for p in retrieve.params] == [("id", "path", "int", True)]


def test_reserved_argument_names_get_an_underscore() -> None:
    document = doc({"/x/{self}/": {"get": {"operationId": "get_x", "tags": ["x"], "parameters": [
        {"in": "path", "name": "self", "required": True, "schema": {"type": "string"}},
        {"in": "query", "name": "headers", "schema": {"type": "string"}},
        {"in": "query", "name": "page-size", "schema": {"type": "integer"}},
    ], "responses": {"204": {"description": ""}}}}})
    op = operations(document, set())["x.get"]
    assert [p.name for p in op.params] == ["self_", "headers_", "page_size"]
    assert op.path == "/x/{self_}/"
    assert op.returns == "None" and op.response_kind == "none"


def test_drf_pagination_is_detected_and_the_iterator_drops_the_page_parameter() -> None:
    op = operations(SHOP)["products.list"]
    assert op.returns == "m.PaginatedProductList"
    assert op.pagination is not None and op.pagination.item == "m.Product"
    assert op.iterator_name == "iter"
    assert "page" not in [p.wire for p in op.iterator_query_params]
    assert operations(SHOP)["orders.list"].pagination is None  # a plain list
    assert operations(SHOP)["orders.list"].returns == "List[m.Order]"


def test_bodies_json_or_multipart_when_files_are_sent() -> None:
    ops = operations(SHOP)
    assert ops["orders.create"].body.kind == "json"
    assert ops["orders.create"].body.annotation == "m.OrderRequest"
    avatar = ops["me.avatar"].body
    assert avatar.kind == "multipart" and [(f.wire, f.is_file, f.required) for f in avatar.fields] == [
        ("avatar", True, True)]
    create = ops["products.create"].body  # json + multipart offered, a binary field: multipart wins
    assert create.kind == "multipart"
    assert [f.wire for f in create.fields if f.required] == ["name", "price", "category"]
    assert ops["products.partial_update"].body.kind == "json"  # json only offered
    assert not ops["products.partial_update"].body.required


def test_unknown_models_are_typed_any_with_a_warning() -> None:
    api = parse_api(SHOP, "zone", "Zone", {"Product"})
    ops = {f"{r.attribute}.{op.method_name}": op for r in api.resources for op in r.operations}
    assert ops["orders.cancel"].returns == "Any"
    assert any("#/components/schemas/Order" in warning for warning in api.warnings)


def test_a_relative_server_url_prefixes_paths_and_untagged_operations_are_default() -> None:
    document = doc({"/ping/": {"get": {"operationId": "ping", "responses": {"200": {"description": ""}}}}},
                   servers=[{"url": "/v2/"}])
    op = operations(document, set())["default.ping"]
    assert op.path == "/v2/ping/" and op.returns == "Any"
