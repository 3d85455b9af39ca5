"""Authentication of the generated Python client against example_project served on 127.0.0.1, with simplejwt
rotating and blacklisting refresh tokens: one refresh for ten concurrent calls (threads and asyncio),
counted by the server; public calls and a wrong-password login with expired tokens in storage; the
supplier zone on DRF tokens and the client zone on the browser session with CSRF, with no per-call headers."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import ModuleType

import pytest

from tests.e2e.conftest import REFRESH, ServedProject, expired_jwt

pytestmark = pytest.mark.slow
DEMO = {"username": "demo", "password": "demo-pass-1234"}


@pytest.fixture
def api(api_package: ModuleType, example_server: ServedProject) -> Iterator[object]:
    with api_package.API(example_server) as client:
        yield client


def refreshes(lines: list[str]) -> list[str]:
    return [line for line in lines if line.startswith(f"POST {REFRESH} ")]


def test_ten_threads_with_an_expired_access_token_share_one_refresh(api: object,
                                                                    example_server: ServedProject) -> None:
    pair = api.public.token.create(body=DEMO)
    api.set_token(expired_jwt(), pair.refresh)
    mark = len(example_server.requests())
    with ThreadPoolExecutor(10) as pool:
        names = list(pool.map(lambda _: api.client.me.retrieve().username, range(10)))
    assert names == ["demo"] * 10
    seen = example_server.requests_since(mark)
    assert refreshes(seen) == [f"POST {REFRESH} 200"], seen
    assert seen.count("GET /api/client/me/ 200") == 10
    assert api.tokens.refresh != pair.refresh  # rotated; the old one is blacklisted now


def test_ten_tasks_with_an_expired_access_token_share_one_refresh(api_package: ModuleType,
                                                                  example_server: ServedProject) -> None:
    async def run() -> list[int]:
        async with api_package.AsyncAPI(example_server) as api:
            pair = await api.public.token.create(body=DEMO)
            api.set_token(expired_jwt(), pair.refresh)
            pages = await asyncio.gather(*(api.client.orders.list() for _ in range(10)))
            return [page.count for page in pages]

    mark = len(example_server.requests())
    counts = asyncio.run(run())
    assert len(counts) == 10 and len(set(counts)) == 1
    seen = example_server.requests_since(mark)
    assert refreshes(seen) == [f"POST {REFRESH} 200"], seen
    assert seen.count("GET /api/client/orders/ 200") == 10


def test_a_failed_refresh_clears_the_tokens_and_raises_one_clear_error(api: object, api_package: ModuleType,
                                                                       example_server: ServedProject) -> None:
    api.set_token(expired_jwt(), expired_jwt("refresh"))
    mark = len(example_server.requests())
    with ThreadPoolExecutor(5) as pool:
        outcomes = list(pool.map(lambda _: _outcome(api.client.me.retrieve), range(5)))
    assert all(isinstance(o, api_package.AuthenticationError) for o in outcomes), outcomes
    assert {str(o).split(": ", 1)[1] for o in outcomes} <= {
        "the access token was rejected and refreshing it failed (HTTP 401: Token is expired); the tokens were "
        "cleared: log in again and call set_token()",
        "Authentication credentials were not provided.",  # a call sent after the tokens were cleared
    }
    assert (api.tokens.access, api.tokens.refresh) == (None, None)
    assert len(refreshes(example_server.requests_since(mark))) == 1


def _outcome(call: object) -> object:
    try:
        return call()
    except Exception as error:
        return error


def test_expired_tokens_in_storage_do_not_break_public_calls_or_hide_the_login_error(
        api_package: ModuleType, example_server: ServedProject, tmp_path: Path) -> None:
    storage = api_package.FileTokenStorage(tmp_path / "tokens.json")
    storage.set("shop.access", expired_jwt())
    storage.set("shop.refresh", expired_jwt("refresh"))
    with api_package.API(example_server, storage=storage, storage_key="shop") as api:
        mark = len(example_server.requests())
        with pytest.raises(api_package.AuthenticationError) as wrong:
            api.public.token.create(body={**DEMO, "password": "wrong"})
        assert wrong.value.detail == "No active account found with the given credentials"
        assert example_server.requests_since(mark) == ["POST /api/public/token/ 401"]  # no refresh, no token sent
        assert api.tokens.access is not None  # a login error is no reason to forget anything

        mark = len(example_server.requests())
        page = api.public.products.list()
        assert page.count >= 12
        assert example_server.requests_since(mark) == [
            "GET /api/public/products/ 401", f"POST {REFRESH} 401", "GET /api/public/products/ 200"]
        assert (api.tokens.access, api.tokens.refresh) == (None, None)
        assert storage.get("shop.access") is None  # cleared in the storage too


def test_supplier_zone_authenticates_with_a_drf_token_and_no_per_call_headers(
        api: object, example_server: ServedProject) -> None:
    token = api.supplier.token.create(body={"username": "supplier", "password": "supplier-pass-1234"}).token
    api.set_credentials({"tokenAuth": token})
    page = api.supplier.stock.list()
    first = page.results[0]
    updated = api.supplier.stock.partial_update(first.id, body={"stock": first.stock + 5})
    assert updated.stock == first.stock + 5
    api.set_credentials({"tokenAuth": "not-a-key"})
    with pytest.raises(Exception, match="Invalid token"):
        api.supplier.stock.list()


def test_client_zone_authenticates_with_the_session_and_csrf(api: object, api_package: ModuleType,
                                                              example_server: ServedProject) -> None:
    assert api.public.session.retrieve().username is None  # sets the CSRF cookie
    with pytest.raises(api_package.PermissionDeniedError) as wrong:
        api.public.session.create(body={**DEMO, "password": "wrong"})
    assert wrong.value.detail == "No active account found with the given credentials"
    assert api.public.session.create(body=DEMO).username == "demo"
    assert api.tokens.access is None  # no JWT anywhere: the cookie jar holds the session
    assert api.client.me.retrieve().username == "demo"
    me = api.client.me.partial_update(body={"bio": "signed in with a session"})  # unsafe: X-CSRFToken
    assert me.bio == "signed in with a session"
    product = next(p.id for p in api.public.products.iter() if p.status == "in_stock")
    order = api.client.orders.create(body={"items": [{"product": product, "quantity": 1}]})
    assert api.client.orders.cancel(order.id).status == "cancelled"
    api.public.session.destroy()
    with pytest.raises(api_package.AuthenticationError):
        api.client.me.retrieve()
