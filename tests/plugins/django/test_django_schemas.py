"""Each zone's schema (drf-spectacular, in-process): valid OpenAPI, exactly its apps' paths, the zone's
title/version/description, drf-spectacular's per-operation security kept as it is (optional `{}` too),
token endpoints marked and never inheriting a zone's security, the session scheme's CSRF cookie and header."""

from __future__ import annotations

import pytest
from openapi_spec_validator import validate

ZONE_PATHS = {
    "public": {
        "/api/public/products/", "/api/public/products/{id}/", "/api/public/orders/", "/api/public/orders/{id}/",
        "/api/public/orders/{id}/cancel/", "/api/public/orders/summary/",
    },
    "client": {"/api/client/me/", "/api/client/me/avatar/", "/api/client/token/", "/api/client/token/refresh/"},
    "admin": {"/api/admin/reports/sales/"},
}


@pytest.mark.parametrize("zone", sorted(ZONE_PATHS))
@pytest.mark.parametrize("kind", ["schemas", "raw"])
def test_each_zone_schema_is_valid_openapi(shop_probe, zone, kind):
    validate(shop_probe[kind][zone])


@pytest.mark.parametrize("zone", sorted(ZONE_PATHS))
def test_each_zone_has_exactly_its_apps_paths(shop_probe, zone):
    assert set(shop_probe["schemas"][zone]["paths"]) == ZONE_PATHS[zone]


def test_zone_title_version_description_are_in_info(shop_probe):
    assert shop_probe["schemas"]["public"]["info"] == {
        "title": "Shop API", "version": "v2", "description": "Products and orders"}
    assert shop_probe["schemas"]["client"]["info"]["title"] == "Client API"
    assert shop_probe["schemas"]["client"]["info"]["version"] == "v1"
    assert shop_probe["schemas"]["admin"]["info"]["title"] == "Staff API"


@pytest.mark.parametrize("zone", ["client", "admin"])
def test_auth_required_zones_declare_drf_security_schemes(shop_probe, zone):
    schema = shop_probe["schemas"][zone]
    schemes = schema["components"]["securitySchemes"]
    assert schemes["jwtAuth"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
    assert schemes["cookieAuth"]["in"] == "cookie"
    assert schemes["tokenAuth"]["in"] == "header"
    assert schema["security"] == [{"jwtAuth": []}, {"cookieAuth": []}, {"tokenAuth": []}]
    for path, item in schema["paths"].items():
        for operation in item.values():
            if "/token/" in path:
                continue
            assert operation["security"], operation["operationId"]
            assert {} not in operation["security"]


def test_token_endpoints_take_no_credentials_and_are_marked_by_view_class(shop_probe):
    paths = shop_probe["schemas"]["client"]["paths"]
    obtain, refresh = paths["/api/client/token/"]["post"], paths["/api/client/token/refresh/"]["post"]
    # simplejwt's views have no authentication classes: an explicit [] keeps them from inheriting the zone's
    assert obtain["security"] == [] and refresh["security"] == []
    assert obtain["x-revolution-auth"] == "obtain" and refresh["x-revolution-auth"] == "refresh"
    assert "x-revolution-auth" not in paths["/api/client/me/"]["get"]


def test_public_zone_keeps_optional_security_of_views_anonymous_users_may_call(shop_probe):
    schema = shop_probe["schemas"]["public"]
    assert "security" not in schema
    products = schema["paths"]["/api/public/products/"]
    # AllowAny: any of DRF's authenticators, or none (`{}`); the clients send credentials when they have some
    everyone = [{"jwtAuth": []}, {"cookieAuth": []}, {"tokenAuth": []}, {}]
    assert products["get"]["security"] == everyone and products["post"]["security"] == everyone
    # Orders need a logged-in user even in the public zone: their requirement has no `{}`.
    assert schema["paths"]["/api/public/orders/"]["get"]["security"] == [
        {"jwtAuth": []}, {"cookieAuth": []}, {"tokenAuth": []}]
    assert set(schema["components"]["securitySchemes"]) == {"jwtAuth", "cookieAuth", "tokenAuth"}


def test_session_scheme_carries_djangos_csrf_cookie_and_header(shop_probe):
    cookie = shop_probe["schemas"]["public"]["components"]["securitySchemes"]["cookieAuth"]
    assert cookie == {"type": "apiKey", "in": "cookie", "name": "sessionid",
                      "x-revolution-csrf": {"cookie": "csrftoken", "header": "X-CSRFToken"}}


def test_tags_are_the_first_segment_after_the_zone_prefix(shop_probe):
    tags = {op["tags"][0] for item in shop_probe["schemas"]["public"]["paths"].values() for op in item.values()}
    assert tags == {"products", "orders"}
    assert {op["tags"][0] for op in shop_probe["schemas"]["client"]["paths"]["/api/client/me/"].values()} == {"me"}


def test_drf_spectacular_warnings_are_collected_per_zone(shop_probe):
    public = shop_probe["warnings"]["public"]
    assert any('unable to resolve type hint for function "get_label"' in w for w in public), public
    # Its note on the enum name it hashed is dropped: the normalizer names that enum from its field anyway.
    assert not any("non-optimally resolvable collision" in w for w in public)
    assert shop_probe["warnings"]["client"] == []
    assert shop_probe["warnings"]["admin"] == []


def test_an_action_whose_body_is_the_viewsets_serializer_is_named_with_the_fix(shop_probe):
    # OrderViewSet.cancel is `@action(detail=True, methods=["post"])` with no @extend_schema(request=...):
    # drf-spectacular documents OrderSerializer as its required body, though the action reads none.
    cancel = shop_probe["schemas"]["public"]["paths"]["/api/public/orders/{id}/cancel/"]["post"]
    assert cancel["requestBody"]["required"] is True
    notes = [w for w in shop_probe["warnings"]["public"] if "OrderViewSet.cancel" in w]
    assert len(notes) == 1
    assert "(POST /api/public/orders/{id}/cancel/)" in notes[0] and "viewset's OrderSerializer" in notes[0]
    assert "`@extend_schema(request=None)` above its `@action`" in notes[0]
    assert "optional_action_bodies=True" in notes[0]
    # `summary` names its own serializer (@action(serializer_class=...)) and is a GET: no warning
    assert not [w for w in shop_probe["warnings"]["public"] if ".summary" in w or "ProductViewSet" in w]


def test_a_query_parameter_named_like_drfs_format_override_is_warned_about(shop_probe):
    # GET orders/summary/ documents `?format=short|long`; DRF would answer 404 to either value
    notes = [w for w in shop_probe["warnings"]["public"] if "URL_FORMAT_OVERRIDE" in w]
    assert len(notes) == 1, shop_probe["warnings"]["public"]
    assert "query parameter `format` of GET /api/public/orders/summary/ is also DRF's URL_FORMAT_OVERRIDE" in notes[0]
    assert 'REST_FRAMEWORK["URL_FORMAT_OVERRIDE"] = None' in notes[0]
    assert not [w for w in shop_probe["warnings"]["client"] + shop_probe["warnings"]["admin"] if "FORMAT" in w]


def test_a_zone_of_django_views_only_is_warned_about(shop_probe):
    """apps=["allauth.account"] validates (it has urls) but gives an empty schema and clients with no call."""
    document, warnings = shop_probe["pages_only"]
    assert document["paths"] == {}
    assert any("the zone's routes hold no DRF view" in w and "allauth.account" in w for w in warnings), warnings
    assert not [w for zone in ("public", "client", "admin") for w in shop_probe["warnings"][zone]
                if "hold no DRF view" in w]


def test_optional_action_bodies_makes_those_bodies_optional_without_a_warning(shop_probe):
    document, warnings = shop_probe["optional_bodies"]
    cancel = document["paths"]["/api/public/orders/{id}/cancel/"]["post"]
    assert cancel["requestBody"]["required"] is False
    assert document["paths"]["/api/public/products/"]["post"]["requestBody"]["required"] is True  # create: kept
    assert not [w for w in warnings if "OrderViewSet.cancel" in w]
