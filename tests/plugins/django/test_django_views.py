"""add_revolution_urls: schema/docs/redoc per zone; private zones refuse anonymous users and follow the
zone's permissions; a public zone's are open; Swagger UI/Redoc assets come from the sidecar (no CDN)."""

from __future__ import annotations

import re

import pytest

PAGES = ["schema", "docs", "redoc"]


@pytest.mark.parametrize("page", PAGES)
def test_public_zone_schema_and_docs_are_open(shop_probe, page):
    assert shop_probe["http"]["public"][f"{page}_anon"] == 200


@pytest.mark.parametrize("zone", ["client", "admin"])
@pytest.mark.parametrize("page", PAGES)
def test_private_zone_schema_and_docs_refuse_anonymous_users(shop_probe, zone, page):
    assert shop_probe["http"][zone][f"{page}_anon"] in (401, 403)


@pytest.mark.parametrize("page", PAGES)
def test_authenticated_users_get_an_auth_required_zone(shop_probe, page):
    results = shop_probe["http"]["client"]
    assert results[f"{page}_user"] == 200  # JWT bearer
    assert results[f"{page}_session"] == 200  # session login


@pytest.mark.parametrize("page", PAGES)
def test_zone_permissions_are_honoured(shop_probe, page):
    results = shop_probe["http"]["admin"]  # permissions=["rest_framework.permissions.IsAdminUser"]
    assert results[f"{page}_user"] == 403
    assert results[f"{page}_session"] == 403
    assert results[f"{page}_staff"] == 200


def test_schema_endpoint_serves_yaml_and_json_with_format_json(shop_probe):
    results = shop_probe["http"]["client"]
    assert results["yaml_type"].startswith("application/vnd.oai.openapi")
    assert results["json_type"] == "application/vnd.oai.openapi+json"
    assert results["json_body"] == shop_probe["schemas"]["client"]  # served == generated


def test_format_json_works_when_the_project_turns_drf_format_override_off(shop_probe):
    """REST_FRAMEWORK["URL_FORMAT_OVERRIDE"] = None is how a project with a `format` filter field stops
    `?format=ebook` from answering 404; the schema URL (and so the docs pages) must still serve JSON."""
    assert shop_probe["http"]["client"]["json_type_without_format_override"] == "application/vnd.oai.openapi+json"


def test_docs_use_local_sidecar_assets_not_a_cdn(shop_probe):
    page = shop_probe["http"]["client"]["docs_html"]
    assert "/api/client/schema/?format=json" in page
    assert not re.search(r"(src|href)=\"https?://", page)
    assert shop_probe["asset_status"] == 200 and shop_probe["asset_size"] > 100_000
    assert shop_probe["asset_missing"] == 404
