"""The `example_server` fixture keeps its contract: real HTTP, demo data, simplejwt rotating and
blacklisting refresh tokens, an expired access token refused at once, and a request log."""

import re

import httpx
import pytest

from tests.e2e.conftest import REFRESH, ServedProject, expired_jwt

pytestmark = pytest.mark.slow


def test_serves_the_public_catalog_anonymously(example_server: str) -> None:
    assert not example_server.endswith("/")
    page = httpx.get(f"{example_server}/api/public/products/").json()
    assert page["count"] >= 12
    assert page["next"] == f"{example_server}/api/public/products/?page=2"


def test_expired_access_tokens_are_refused_and_refresh_tokens_rotate_once(example_server: ServedProject) -> None:
    mark = len(example_server.requests())
    with httpx.Client(base_url=example_server) as http:
        tokens = http.post("/api/public/token/", json={"username": "demo", "password": "demo-pass-1234"}).json()
        assert http.get("/api/client/me/", headers=bearer(tokens["access"])).json()["username"] == "demo"
        expired = http.get("/api/client/me/", headers=bearer(expired_jwt()))
        assert expired.status_code == 401 and expired.json()["code"] == "token_not_valid"
        rotated = http.post(REFRESH, json={"refresh": tokens["refresh"]}).json()
        assert set(rotated) == {"access", "refresh"} and rotated["refresh"] != tokens["refresh"]
        again = http.post(REFRESH, json={"refresh": tokens["refresh"]})
        assert again.status_code == 401 and again.json()["detail"] == "Token is blacklisted"
        assert http.get("/api/client/me/", headers=bearer(rotated["access"])).status_code == 200
    assert example_server.requests_since(mark) == [
        "POST /api/public/token/ 200", "GET /api/client/me/ 200", "GET /api/client/me/ 401",
        f"POST {REFRESH} 200", f"POST {REFRESH} 401", "GET /api/client/me/ 200"]


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


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
