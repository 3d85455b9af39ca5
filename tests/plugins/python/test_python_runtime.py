"""The generated client's runtime on an in-memory httpx transport: retries and Retry-After, the error
hierarchy, query/header/multipart encoding, pagination across hosts, token refresh failures.
(The real-server behaviour is covered end to end in tests/e2e/test_python_client.py.)"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

Handler = Callable[[httpx.Request], httpx.Response]


def client(pkg: ModuleType, handler: Handler, **kwargs: Any) -> Any:
    return pkg.shop.Client("http://testserver", http_client=httpx.Client(transport=httpx.MockTransport(handler)),
                           **kwargs)


PRODUCT = {"id": 1, "name": "Lamp", "price": "9.50", "category": None, "owner_email": "a@b.c", "class": "x"}


def test_idempotent_requests_retry_honouring_retry_after(shop_package: ModuleType) -> None:
    answers = [httpx.Response(503, headers={"Retry-After": "0"}), httpx.Response(200, json=PRODUCT)]
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        return answers.pop(0)

    product = client(shop_package, handler).products.retrieve(1)
    assert product.name == "Lamp" and seen == ["GET", "GET"]


def test_non_idempotent_requests_are_not_retried(shop_package: ModuleType) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.method)
        return httpx.Response(503, json={"detail": "down"}, headers={"Retry-After": "0"})

    with pytest.raises(shop_package.ServerError) as error:
        client(shop_package, handler).orders.cancel(3)
    assert seen == ["POST"] and error.value.status_code == 503 and error.value.detail == "down"


def test_rate_limit_after_the_retries_is_a_rate_limit_error(shop_package: ModuleType) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(1)
        return httpx.Response(429, json={"detail": "slow down"}, headers={"Retry-After": "0"})

    with pytest.raises(shop_package.RateLimitError) as error:
        client(shop_package, handler, max_retries=2).orders.list()
    assert len(calls) == 3 and error.value.retry_after == 0.0


@pytest.mark.parametrize(("status", "name"), [(401, "AuthenticationError"), (403, "PermissionDeniedError"),
                                              (404, "NotFoundError"), (500, "ServerError"), (418, "APIStatusError")])
def test_statuses_map_to_the_error_hierarchy(shop_package: ModuleType, status: int, name: str) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json={"detail": f"status {status}"})

    with pytest.raises(shop_package.APIStatusError) as error:
        client(shop_package, handler, max_retries=0).products.retrieve(1)
    assert type(error.value).__name__ == name
    assert error.value.status_code == status and error.value.body == {"detail": f"status {status}"}
    assert isinstance(error.value, shop_package.APIError)


def test_validation_errors_flatten_drf_field_errors(shop_package: ModuleType) -> None:
    body = {"items": [{"quantity": ["Ensure this value is less than or equal to 100."]}, {}],
            "non_field_errors": ["Nope."], "note": ["Too long."]}

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, json=body)

    with pytest.raises(shop_package.ValidationError) as error:
        client(shop_package, handler).orders.create(body={"items": []})
    assert error.value.field_errors == {
        "items[0].quantity": ["Ensure this value is less than or equal to 100."],
        "non_field_errors": ["Nope."],
        "note": ["Too long."],
    }
    assert error.value.non_field_errors == ["Nope."]


def test_transport_failures_become_connection_and_timeout_errors(shop_package: ModuleType) -> None:
    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    with pytest.raises(shop_package.APIConnectionError):
        client(shop_package, refused, max_retries=0).products.retrieve(1)
    with pytest.raises(shop_package.APITimeoutError):
        client(shop_package, slow, max_retries=0).products.retrieve(1, timeout=0.5)


def test_query_parameters_headers_and_json_bodies_are_encoded(shop_package: ModuleType) -> None:
    requests: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(200, json=PRODUCT if request.method == "PATCH" else {"count": 0, "results": []})

    shop = client(shop_package, handler, headers={"X-Client": "tests"})
    shop.products.list(category=3, status="active", class_="x", headers={"X-Trace": "42"})
    models = shop_package.shop.models
    shop.products.partial_update(1, body=models.PatchedProductRequest(name="New"))
    listing, patch = requests
    assert str(listing.url) == "http://testserver/api/shop/products/?category=3&status=active&class=x"
    assert listing.headers["X-Trace"] == "42" and listing.headers["X-Client"] == "tests"
    assert json.loads(patch.content) == {"name": "New"}  # only the fields that were set


def test_documented_header_parameters_are_sent_only_when_given(shop_package: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json=[])

    shop = client(shop_package, handler)
    shop.orders.list(x_request_id="abc")
    shop.orders.list()
    assert seen[0].headers["X-Request-Id"] == "abc" and "X-Request-Id" not in seen[1].headers


def test_uploads_are_multipart_with_the_file(shop_package: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"avatar": "http://testserver/media/a.png"})

    result = client(shop_package, handler).me.avatar(avatar=("a.png", b"PNGDATA", "image/png"))
    assert str(result.avatar) == "http://testserver/media/a.png"
    body = seen[0].read()
    assert seen[0].headers["Content-Type"].startswith("multipart/form-data")
    assert b'filename="a.png"' in body and b"PNGDATA" in body


def test_pagination_follows_next_on_the_clients_host(shop_package: ModuleType) -> None:
    urls: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        urls.append(str(request.url))
        if "page=2" in str(request.url):
            return httpx.Response(200, json={"count": 2, "next": None, "results": [PRODUCT | {"id": 2}]})
        return httpx.Response(200, json={"count": 2, "next": "http://internal:9000/api/shop/products/?page=2&status=active",
                                         "results": [PRODUCT]})

    items = list(client(shop_package, handler).products.iter(status="active"))
    assert [p.id for p in items] == [1, 2]
    assert urls == ["http://testserver/api/shop/products/?status=active",
                    "http://testserver/api/shop/products/?page=2&status=active"]


def test_refresh_rotates_tokens_and_a_failed_refresh_is_an_authentication_error(shop_package: ModuleType) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/token/refresh/"):
            good = json.loads(request.content)["refresh"] == "r1"
            return httpx.Response(200, json={"access": "a2", "refresh": "r2"}) if good else httpx.Response(401)
        if request.headers.get("Authorization") == "Bearer a2":
            return httpx.Response(200, json=[])
        return httpx.Response(401, json={"detail": "expired"})

    shop = client(shop_package, handler)
    shop.set_token("a1", "r1")
    assert shop.orders.list() == []
    assert (shop.tokens.access, shop.tokens.refresh) == ("a2", "r2")
    shop.set_token("a1", "bad")
    with pytest.raises(shop_package.AuthenticationError, match="refreshing it failed"):
        shop.orders.list()


def test_async_client_uses_the_same_runtime(shop_package: ModuleType) -> None:
    pages = {
        "1": {"count": 2, "next": "http://testserver/api/shop/products/?page=2", "results": [PRODUCT]},
        "2": {"count": 2, "next": None, "results": [PRODUCT | {"id": 2}]},
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("page", "1")])

    async def run() -> list[int]:
        http = httpx.AsyncClient(transport=httpx.MockTransport(handler))
        async with shop_package.AsyncAPI("http://testserver", http_client=http) as api:
            first = await api.shop.products.list()
            rest = [p.id async for p in api.backoffice.products.iter()]
        await http.aclose()
        return [first.results[0].id, *rest]

    assert asyncio.run(run()) == [1, 1, 2]


def test_retry_after_dates_and_backoff_are_bounded(shop_package: ModuleType) -> None:
    from shop_client._runtime.retry import RetryPolicy, parse_retry_after

    assert parse_retry_after("3") == 3.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0  # in the past
    assert parse_retry_after("soon") is None
    policy = RetryPolicy(max_retries=5)
    assert all(0 < policy.delay(n) <= policy.max_backoff * 1.25 for n in range(10))
    assert policy.delay(0, httpx.Response(429, headers={"Retry-After": "9999"})) == policy.max_retry_after
