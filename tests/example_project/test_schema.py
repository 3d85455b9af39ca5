"""The example project's OpenAPI: drf-spectacular emits no warning or error, and each zone serves its docs."""

import os
import subprocess
import sys

from tests.example_project.conftest import EXAMPLE_DIR
from tests.example_project.helpers import ExampleAPITestCase

ZONES = {"public": ["catalog", "accounts"], "client": ["profiles", "orders"], "admin": ["backoffice"],
         "supplier": ["suppliers"]}


def zone_schema(zone: str) -> dict:
    """The zone's schema built from its apps' urls only, the way a per-zone generator sees them."""
    from django.urls import include, path
    from drf_spectacular.generators import SchemaGenerator

    patterns = [path(f"api/{zone}/", include(f"{app}.urls")) for app in ZONES[zone]]
    return SchemaGenerator(patterns=patterns).get_schema(request=None, public=True)


def test_each_zone_schema_is_valid_without_warnings(example_db: None) -> None:
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.validation import validate_schema

    for zone in ZONES:
        GENERATOR_STATS.reset()
        schema = zone_schema(zone)
        validate_schema(schema)
        assert not GENERATOR_STATS._warn_cache, (zone, dict(GENERATOR_STATS._warn_cache))
        assert not GENERATOR_STATS._error_cache, (zone, dict(GENERATOR_STATS._error_cache))
        assert all(p.startswith(f"/api/{zone}/") for p in schema["paths"]), zone


def test_zone_schemas_describe_the_documented_surface(example_db: None) -> None:
    public = zone_schema("public")
    products = public["paths"]["/api/public/products/"]["get"]
    assert {p["name"] for p in products["parameters"]} >= {
        "category",
        "status",
        "min_price",
        "max_price",
        "search",
        "ordering",
        "page",
    }
    components = public["components"]["schemas"]
    assert set(components["PaginatedProductList"]["properties"]) == {"count", "next", "previous", "results"}
    assert components["ProductStatusEnum"]["enum"] == ["in_stock", "out_of_stock", "discontinued"]
    assert components["Product"]["properties"]["price"]["format"] == "decimal"
    assert components["Product"]["properties"]["condition"]["nullable"] is True
    client = zone_schema("client")
    avatar = client["paths"]["/api/client/me/avatar/"]["put"]["requestBody"]["content"]
    assert list(avatar) == ["multipart/form-data"]
    assert client["components"]["schemas"]["OrderStatusEnum"]["enum"] == ["pending", "paid", "shipped", "cancelled"]
    assert "items" in client["components"]["schemas"]["OrderRequest"]["required"]
    admin = zone_schema("admin")
    assert {"/api/admin/reports/sales/", "/api/admin/health/", "/api/admin/users/", "/api/admin/products/"} <= set(
        admin["paths"]
    )


def test_manage_py_spectacular_fail_on_warn_passes_for_the_whole_project(tmp_path) -> None:
    """What the README tells users to run; a subprocess, since the command turns on line tracing."""
    out = tmp_path / "schema.yaml"
    result = subprocess.run(
        [sys.executable, "manage.py", "spectacular", "--validate", "--fail-on-warn", "--file", str(out)],
        cwd=EXAMPLE_DIR,
        capture_output=True,
        text=True,
        env={**os.environ, "EXAMPLE_DB_PATH": str(tmp_path / "db.sqlite3")},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "/api/client/orders/{id}/cancel/:" in out.read_text()


class TestZoneDocs(ExampleAPITestCase):
    """`add_revolution_urls` serves each zone's schema and docs next to its API."""

    def test_public_zone_schema_and_docs_are_open(self) -> None:
        schema = self.client.get("/api/public/schema/", {"format": "json"})
        assert schema.status_code == 200
        paths = schema.json()["paths"]
        assert "/api/public/products/" in paths
        assert not any(p.startswith(("/api/client/", "/api/admin/")) for p in paths)
        assert self.client.get("/api/public/docs/").status_code == 200
        assert self.client.get("/api/public/redoc/").status_code == 200

    def test_admin_zone_schema_is_for_staff_only(self) -> None:
        assert self.client.get("/api/admin/schema/", {"format": "json"}).status_code in (401, 403)
        self.as_user("demo")
        assert self.client.get("/api/admin/schema/", {"format": "json"}).status_code in (401, 403)
        self.as_user("staff")
        schema = self.client.get("/api/admin/schema/", {"format": "json"})
        assert schema.status_code == 200
        assert "/api/admin/reports/sales/" in schema.json()["paths"]
