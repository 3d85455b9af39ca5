"""The DRF schema normalizer on real drf-spectacular output (shopproj): a nullable choice field, file
uploads, operationIds, servers and a colliding enum; plus that it can be turned off or replaced."""

from __future__ import annotations

import json

import pytest
from django_plugin_helpers import run_manage
from openapi_spec_validator import validate
from revolution_django.normalizer import NormalizeContext, load_normalizer, normalize

REF = "#/components/schemas/"


def _normalize(schema, zone="public", **kwargs):
    return normalize(schema, NormalizeContext(zone=zone, path_prefix=f"/api/{zone}", **kwargs))


def _ops(schema):
    return {(path, method): op for path, item in schema["paths"].items() for method, op in item.items()}


def test_nullable_choice_field_becomes_one_nullable_blankable_enum(shop_probe):
    raw = shop_probe["raw"]["public"]
    before = raw["components"]["schemas"]["Product"]["properties"]["condition"]
    assert {item["$ref"] for item in before["oneOf"]} == {REF + "ConditionEnum", REF + "BlankEnum", REF + "NullEnum"}

    schema, _ = _normalize(raw)
    schemas = schema["components"]["schemas"]
    for component in ("Product", "ProductRequest", "PatchedProductRequest"):
        field = schemas[component]["properties"]["condition"]
        assert field == {"allOf": [{"$ref": REF + "ProductConditionOrBlankEnum"}], "nullable": True}
    assert schemas["ProductConditionOrBlankEnum"]["enum"] == ["new", "used", ""]
    assert "NullEnum" not in schemas and "BlankEnum" not in schemas
    assert "ConditionEnum" not in schemas and "ProductConditionEnum" not in schemas  # no longer referenced
    assert "oneOf" not in json.dumps(schema)
    validate(schema)


def test_file_upload_request_bodies_are_multipart_only(shop_probe):
    client, _ = _normalize(shop_probe["raw"]["client"], zone="client")
    assert list(shop_probe["raw"]["client"]["paths"]["/api/client/me/avatar/"]["put"]["requestBody"]["content"]) == [
        "multipart/form-data", "application/json"]
    assert list(client["paths"]["/api/client/me/avatar/"]["put"]["requestBody"]["content"]) == ["multipart/form-data"]
    public, _ = _normalize(shop_probe["raw"]["public"])
    for method in ("post",):
        assert list(public["paths"]["/api/public/products/"][method]["requestBody"]["content"]) == [
            "multipart/form-data"]
    # A body without a binary field keeps its JSON form.
    cancel = public["paths"]["/api/public/orders/{id}/cancel/"]["post"]["requestBody"]["content"]
    assert "application/json" in cancel
    # Updating the me resource (no file) keeps JSON too.
    assert "application/json" in client["paths"]["/api/client/me/"]["patch"]["requestBody"]["content"]


def test_servers_entry_is_added(shop_probe):
    assert "servers" not in shop_probe["raw"]["public"]
    assert _normalize(shop_probe["raw"]["public"])[0]["servers"] == [{"url": "/"}]
    custom, _ = _normalize(shop_probe["raw"]["public"], server_url="https://api.example.com")
    assert custom["servers"] == [{"url": "https://api.example.com"}]


def test_operation_ids_are_action_then_tag(shop_probe):
    ids = {zone: sorted(op["operationId"] for op in _ops(shop_probe["schemas"][zone]).values())
           for zone in ("public", "client", "admin")}
    assert ids["public"] == sorted([
        "list_products", "create_products", "retrieve_products", "update_products", "partial_update_products",
        "destroy_products", "list_orders", "retrieve_orders", "cancel_orders", "summary_orders"])
    assert ids["client"] == ["create_token", "partial_update_me", "refresh_token", "retrieve_me", "update_avatar_me"]
    assert ids["admin"] == ["retrieve_sales_reports"]
    raw_ids = {op["operationId"] for op in _ops(shop_probe["raw"]["public"]).values()}
    assert "products_list" in raw_ids and "orders_cancel_create" in raw_ids


def test_colliding_operation_ids_are_told_apart_by_path_parameters_and_user_ids_are_kept():
    """Without the views (a document alone), drf-spectacular's suffixed ids are still recognised as its own."""
    schema = {"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {
        "/api/x/orders/{id}/cancel/": {"post": {"operationId": "orders_cancel_create", "responses": {}}},
        "/api/x/orders/cancel/": {"post": {"operationId": "orders_cancel_create_2", "responses": {}}},
        "/api/x/orders/bulk/cancel/": {"post": {"operationId": "orders_bulk_cancel_create", "responses": {}}},
        "/api/x/orders/{id}/": {"get": {"operationId": "getOrder", "responses": {}}},
        "/api/x/orders/": {"get": {"operationId": "orders_list", "responses": {}}},
    }}
    result, warnings = normalize(schema, NormalizeContext(zone="x", path_prefix="/api/x"))
    assert len(warnings) == 1 and "operationId 'cancel_orders' would name several" in warnings[0]
    ops = {p: item for p, item in result["paths"].items()}
    assert ops["/api/x/orders/{id}/"]["get"]["operationId"] == "getOrder"
    assert ops["/api/x/orders/"]["get"]["operationId"] == "list_orders"
    assert ops["/api/x/orders/bulk/cancel/"]["post"]["operationId"] == "cancel_bulk_orders"
    assert ops["/api/x/orders/{id}/cancel/"]["post"]["operationId"] == "cancel_orders_by_id"
    assert ops["/api/x/orders/cancel/"]["post"]["operationId"] == "cancel_orders"
    assert schema["paths"]["/api/x/orders/"]["get"]["operationId"] == "orders_list"  # input untouched


def test_enum_names_come_from_component_and_field(shop_probe):
    """Order.status and OrderSummary.status share a choice set (drf-spectacular hashes its name): each
    component gets its own `<Component><Field>Enum`, so neither name depends on the other component."""
    raw_names = set(shop_probe["raw"]["public"]["components"]["schemas"])
    assert [n for n in raw_names if n.startswith("Status") and n != "StatusEnum"]  # drf-spectacular's hash name
    schema, warnings = _normalize(shop_probe["raw"]["public"])
    schemas = schema["components"]["schemas"]
    enums = sorted(name for name, s in schemas.items() if "enum" in s)
    assert enums == ["OrderStatusEnum", "OrderSummaryStatusEnum", "ProductConditionOrBlankEnum", "ProductStatusEnum"]
    assert schemas["Order"]["properties"]["status"]["allOf"][0]["$ref"] == REF + "OrderStatusEnum"
    assert schemas["OrderSummary"]["properties"]["status"]["$ref"] == REF + "OrderSummaryStatusEnum"
    assert schemas["OrderStatusEnum"]["enum"] == schemas["OrderSummaryStatusEnum"]["enum"]
    assert not [w for w in warnings if "ENUM_NAME_OVERRIDES" in w]
    assert shop_probe["schemas"]["public"]["components"]["schemas"].keys() == schemas.keys()
    validate(schema)


def test_colliding_enum_gets_a_ready_to_paste_enum_name_overrides_hint(shop_probe):
    """With stable enum names turned off, drf-spectacular's hash names get a hint instead."""
    schema, warnings = _normalize(shop_probe["raw"]["public"], enum_names=False)
    hashed = [name for name in schema["components"]["schemas"] if name.startswith("Status") and name != "StatusEnum"]
    assert len(hashed) == 1 and hashed[0] != "OrderStatusEnum"
    (hint,) = [w for w in warnings if "ENUM_NAME_OVERRIDES" in w]
    assert hashed[0] in hint and "Order.status, OrderSummary.status" in hint
    namespace: dict = {}
    exec(hint[hint.index("SPECTACULAR_SETTINGS"):], namespace)  # ready to paste: valid Python as printed
    assert namespace["SPECTACULAR_SETTINGS"]["ENUM_NAME_OVERRIDES"] == {
        "OrderStatusEnum": [("pending", "Pending"), ("paid", "Paid"), ("cancelled", "Cancelled")]}
    assert not [w for w in shop_probe["warnings"]["public"] if "ENUM_NAME_OVERRIDES" in w]  # names on by default


def test_pasting_the_enum_hint_gives_the_stable_name(tmp_path):
    """shopproj's settings paste the hint's snippet when SHOPPROJ_ENUM_OVERRIDES is set."""
    result = run_manage("--test-schemas", output=tmp_path, SHOPPROJ_ENUM_OVERRIDES="1")
    assert result.returncode == 0, result.stderr + result.stdout
    schema = json.loads((tmp_path / "openapi/schemas/public.json").read_text())
    names = set(schema["components"]["schemas"])
    assert "OrderStatusEnum" in names
    assert not [n for n in names if n.startswith("Status") and n.endswith("Enum")]
    assert "ENUM_NAME_OVERRIDES" not in result.stdout


def test_normalizer_can_be_turned_off(shop_probe):
    raw = shop_probe["raw"]["public"]  # schema_options={"normalize": False}
    assert "NullEnum" in raw["components"]["schemas"]
    assert "servers" not in raw


def mark_zone(document, context):
    """A replacement normalizer (selected with schema_options={"normalizer": "<dotted path>"})."""
    return {**document, "x-zone": context.zone}, ["replaced"]


def test_normalizer_can_be_replaced_by_dotted_path():
    assert load_normalizer(None) is normalize
    replacement = load_normalizer(f"{__name__}.mark_zone")
    document, warnings = replacement({"paths": {}}, NormalizeContext(zone="z", path_prefix="/api/z"))
    assert document["x-zone"] == "z" and warnings == ["replaced"]


@pytest.mark.parametrize("zone", ["public", "client", "admin"])
def test_normalizing_is_idempotent_and_deterministic(shop_probe, zone):
    once, _ = _normalize(shop_probe["raw"][zone], zone=zone)
    twice, _ = _normalize(once, zone=zone)
    assert json.dumps(once, sort_keys=True) == json.dumps(twice, sort_keys=True)
