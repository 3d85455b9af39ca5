"""The generated Python client, sync and async, against example_project served over real HTTP.

One flow per flavour: paginated public list to the end, 401 without a token, login, an authenticated
call, an expired access token then refresh and a single replay, a 400 with DRF field errors, an avatar
upload and a custom action (cancel an order).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest

from tests.e2e.conftest import expired_jwt
from tests.plugins.python.py_helpers import declared_dependencies, isolated_site, mypy_strict, run_isolated

pytestmark = pytest.mark.slow

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def test_example_client_passes_mypy_strict(example_clients: Path, tmp_path: Path) -> None:
    result = mypy_strict(example_clients / "clients" / "python", "example_api_client", tmp_path / "mypy")
    assert result.returncode == 0, result.stdout + result.stderr


def test_example_client_imports_with_only_its_declared_dependencies(example_clients: Path, tmp_path: Path) -> None:
    root = example_clients / "clients" / "python"
    site = isolated_site(declared_dependencies(root), tmp_path / "site")
    result = run_isolated(
        "import example_api_client as pkg\n"
        "api = pkg.API('http://127.0.0.1:1')\n"
        "print(sorted(name for name in ('public', 'client', 'admin', 'supplier') if hasattr(api, name)))\n"
        "try:\n    import django\nexcept ImportError:\n    print('isolated')\n",
        [site, root],
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:2] == ["['admin', 'client', 'public', 'supplier']", "isolated"]


class Recorder:
    """Every request actually sent (auth-flow refreshes and replays included), as `METHOD path status`."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def __call__(self, response: httpx.Response) -> None:
        self.lines.append(f"{response.request.method} {response.request.url.path} {response.status_code}")

    async def async_hook(self, response: httpx.Response) -> None:
        self(response)


def in_stock_product(products: list[Any]) -> int:
    return next(p.id for p in products if p.status == "in_stock")


def test_sync_client_flow(api_package: ModuleType, example_server: str) -> None:
    pkg = api_package
    recorder = Recorder()
    with pkg.API(example_server, http_client=httpx.Client(event_hooks={"response": [recorder]})) as api:
        # paginated public list, iterated to the end across pages (page size 5)
        first = api.public.products.list()
        everything = list(api.public.products.iter())
        assert first.count >= 12 and first.next is not None
        assert len(everything) == first.count
        assert len({p.id for p in everything}) == first.count
        assert [p.id for p in everything[:5]] == [p.id for p in first.results]

        # 401 without a token
        with pytest.raises(pkg.AuthenticationError) as denied:
            api.client.me.retrieve()
        assert denied.value.status_code == 401

        # login, authenticated call
        pair = api.public.token.create(body={"username": "demo", "password": "demo-pass-1234"})
        api.set_token(pair.access, pair.refresh)
        assert api.client.me.retrieve().username == "demo"

        # expired access token -> refresh (rotating the refresh token) -> one replay
        api.set_token(expired_jwt(), pair.refresh)
        recorder.lines.clear()
        assert api.client.me.retrieve().username == "demo"
        assert recorder.lines == [
            "GET /api/client/me/ 401",
            "POST /api/public/token/refresh/ 200",
            "GET /api/client/me/ 200",
        ]
        assert api.tokens.access != pair.access and api.tokens.refresh != pair.refresh

        # a 400 with DRF field errors
        with pytest.raises(pkg.ValidationError) as invalid:
            api.client.orders.create(body={"items": []})
        assert invalid.value.status_code == 400
        assert "items" in invalid.value.field_errors

        # upload
        me = api.client.me.update_avatar(avatar=("avatar.png", PNG, "image/png"))
        assert me.avatar is not None and str(me.avatar).endswith(".png")

        # custom action
        product = in_stock_product(everything)
        order = api.client.orders.create(body=pkg.client.models.OrderRequest(
            items=[pkg.client.models.OrderItemRequest(product=product, quantity=2)]))
        cancelled = api.client.orders.cancel(order.id)
        assert cancelled.id == order.id and cancelled.status == "cancelled"


def test_async_client_flow(api_package: ModuleType, example_server: str) -> None:
    pkg = api_package

    async def flow() -> None:
        recorder = Recorder()
        http = httpx.AsyncClient(event_hooks={"response": [recorder.async_hook]})
        async with pkg.AsyncAPI(example_server, http_client=http) as api:
            first = await api.public.products.list(ordering="price")
            everything = [p async for p in api.public.products.iter(ordering="price")]
            assert len(everything) == first.count
            prices = [p.price for p in everything]
            assert prices == sorted(prices)

            with pytest.raises(pkg.AuthenticationError):
                await api.client.orders.list()

            pair = await api.public.token.create(
                body=pkg.public.models.TokenObtainPairRequest(username="other", password="other-pass-1234"))
            api.set_token(pair.access, pair.refresh)
            assert (await api.client.me.retrieve()).username == "other"

            api.set_token(expired_jwt(), pair.refresh)
            recorder.lines.clear()
            orders = await api.client.orders.list()
            assert recorder.lines == [
                "GET /api/client/orders/ 401",
                "POST /api/public/token/refresh/ 200",
                "GET /api/client/orders/ 200",
            ]
            assert orders.count == len(orders.results)

            with pytest.raises(pkg.ValidationError) as invalid:
                await api.client.orders.create(body={"items": [{"product": 999999, "quantity": 1}]})
            assert any(key.startswith("items") for key in invalid.value.field_errors)

            me = await api.client.me.update_avatar(avatar=("a.png", PNG))
            assert me.avatar is not None

            order = await api.client.orders.create(
                body={"items": [{"product": in_stock_product(everything), "quantity": 1}]})
            cancelled = await api.client.orders.cancel(id=order.id)
            assert cancelled.status == "cancelled"
        await http.aclose()

    asyncio.run(flow())
