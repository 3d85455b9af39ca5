"""The `example_server` fixture keeps its contract: real HTTP, demo data, 2-second access tokens."""

import re
import time

import httpx
import pytest

pytestmark = pytest.mark.slow


def test_serves_the_public_catalog_anonymously(example_server: str) -> None:
    assert not example_server.endswith("/")
    page = httpx.get(f"{example_server}/api/public/products/").json()
    assert page["count"] >= 12
    assert page["next"] == f"{example_server}/api/public/products/?page=2"


def test_demo_users_log_in_and_access_tokens_expire_after_two_seconds(example_server: str) -> None:
    with httpx.Client(base_url=example_server) as http:
        tokens = http.post("/api/public/token/", json={"username": "demo", "password": "demo-pass-1234"}).json()
        headers = {"Authorization": f"Bearer {tokens['access']}"}
        assert http.get("/api/client/me/", headers=headers).json()["username"] == "demo"
        time.sleep(2.5)
        assert http.get("/api/client/me/", headers=headers).status_code == 401
        access = http.post("/api/public/token/refresh/", json={"refresh": tokens["refresh"]}).json()["access"]
        assert http.get("/api/client/me/", headers={"Authorization": f"Bearer {access}"}).status_code == 200


def test_staff_reaches_the_admin_zone_and_customers_do_not(example_server: str) -> None:
    with httpx.Client(base_url=example_server) as http:
        staff = http.post("/api/public/token/", json={"username": "staff", "password": "staff-pass-1234"}).json()
        other = http.post("/api/public/token/", json={"username": "other", "password": "other-pass-1234"}).json()
        health = "/api/admin/health/"
        assert http.get(health, headers={"Authorization": f"Bearer {staff['access']}"}).json()["status"] == "ok"
        assert http.get(health, headers={"Authorization": f"Bearer {other['access']}"}).status_code == 403
        assert http.get(health).status_code == 401


def test_zone_docs_are_served_with_their_assets(example_server: str) -> None:
    for page in ("docs", "redoc"):
        html = httpx.get(f"{example_server}/api/public/{page}/")
        assert html.status_code == 200
        assets = re.findall(r'(?:src|href)="(/[^"]+)"', html.text)
        assert assets, page
        for asset in assets:
            assert httpx.get(f"{example_server}{asset}").status_code == 200, asset
    schema = httpx.get(f"{example_server}/api/public/schema/", params={"format": "json"})
    assert "/api/public/products/" in schema.json()["paths"]
