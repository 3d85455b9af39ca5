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


# -- authentication: per-operation security, one shared refresh, every scheme, storage ---------------------

def auth_runtime(pkg: ModuleType) -> ModuleType:
    import importlib

    return importlib.import_module(f"{pkg.__name__}._runtime")


ALL_SCHEMES: dict[str, dict[str, Any]] = {
    "jwtAuth": {"kind": "bearer", "prefix": "Bearer", "refresh": True},
    "tokenAuth": {"kind": "token", "prefix": "Token"},
    "basicAuth": {"kind": "basic", "prefix": "Basic"},
    "headerKey": {"kind": "apikey", "name": "X-API-Key"},
    "queryKey": {"kind": "apikey", "location": "query", "name": "api_key"},
    "cookieKey": {"kind": "apikey", "location": "cookie", "name": "key"},
    "cookieAuth": {"kind": "session", "location": "cookie", "name": "sessionid", "csrf_cookie": "csrftoken",
                   "csrf_header": "X-CSRFToken"},
}


class AuthBench:
    """A SyncCore/AsyncCore on a mock transport, with `security(...)` building an operation's requirement."""

    def __init__(self, pkg: ModuleType, handler: Handler, **core: Any) -> None:
        self.rt = auth_runtime(pkg)
        self.schemes = {name: self.rt.Scheme(**spec) for name, spec in ALL_SCHEMES.items()}
        self.handler = handler
        self.core = self.rt.SyncCore("http://testserver", http_client=httpx.Client(
            transport=httpx.MockTransport(handler)), refresh_path="/token/refresh/", max_retries=0, **core)

    def security(self, *alternatives: tuple[str, ...], role: str = "") -> Any:
        return self.rt.Security(tuple(alternatives), self.schemes, role)

    def call(self, security: Any, method: str = "GET", path: str = "/x/", **options: Any) -> Any:
        return self.core.request(method, path, security=security, kind="any", **options)


def echo(request: httpx.Request) -> httpx.Response:
    headers = request.headers
    return httpx.Response(200, json={"authorization": headers.get("Authorization"), "key": headers.get("X-API-Key"),
                                     "query": str(request.url.query, "ascii"), "cookie": headers.get("Cookie"),
                                     "csrf": headers.get("X-CSRFToken"), "referer": headers.get("Referer")})


def test_credentials_go_only_where_the_operation_accepts_them(shop_package: ModuleType) -> None:
    bench = AuthBench(shop_package, echo)
    bench.core.tokens.set("acc", "ref")
    rt = bench.rt
    rt.set_credentials(bench.core.tokens, bench.schemes, {"tokenAuth": "k1", "basicAuth": ("ann", "pw"),
                                                           "headerKey": "h", "queryKey": "q", "cookieKey": "c"})
    assert bench.call(bench.security())["authorization"] is None  # no security: nothing at all
    assert bench.call(bench.security(("jwtAuth",)))["authorization"] == "Bearer acc"
    assert bench.call(bench.security(("tokenAuth",)))["authorization"] == "Token k1"
    assert bench.call(bench.security(("basicAuth",)))["authorization"] == "Basic YW5uOnB3"
    both = bench.call(bench.security(("headerKey", "queryKey")))
    assert (both["key"], both["query"], both["authorization"]) == ("h", "api_key=q", None)
    assert bench.call(bench.security(("cookieKey",)))["cookie"] == "key=c"
    own = bench.call(bench.security(("jwtAuth",)), headers={"Authorization": "Custom mine"})
    assert own["authorization"] == "Custom mine"  # the caller's own header wins
    with pytest.raises(ValueError, match="cookie jar"):
        rt.set_credentials(bench.core.tokens, bench.schemes, {"cookieAuth": "x"})


def test_the_first_alternative_with_credentials_is_chosen_unless_another_is_preferred(shop_package: ModuleType) -> None:
    bench = AuthBench(shop_package, echo)
    either = bench.security(("jwtAuth",), ("tokenAuth",), ())
    assert bench.call(either)["authorization"] is None  # nothing set: anonymous
    bench.rt.set_credentials(bench.core.tokens, bench.schemes, {"tokenAuth": "k"})
    assert bench.call(either)["authorization"] == "Token k"
    bench.core.tokens.set("acc")
    assert bench.call(either)["authorization"] == "Bearer acc"  # the schema's order (DRF's authenticators)
    preferring = AuthBench(shop_package, echo, prefer=["tokenAuth"])
    preferring.core.tokens.set("acc")
    preferring.rt.set_credentials(preferring.core.tokens, preferring.schemes, {"tokenAuth": "k"})
    assert preferring.call(preferring.security(("jwtAuth",), ("tokenAuth",)))["authorization"] == "Token k"


def test_rejected_credentials_on_an_operation_open_to_anyone_replay_anonymously(shop_package: ModuleType) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(f"{request.url.path} {request.headers.get('Authorization')}")
        if request.url.path == "/token/refresh/":
            return httpx.Response(401, json={"detail": "Token is expired", "code": "token_not_valid"})
        if request.headers.get("Authorization"):
            return httpx.Response(401, json={"detail": "Given token not valid for any token type"})
        return httpx.Response(200, json=["public"])

    bench = AuthBench(shop_package, handler)
    bench.core.tokens.set("expired", "expired-too")
    assert bench.call(bench.security(("jwtAuth",), ())) == ["public"]
    assert seen == ["/x/ Bearer expired", "/token/refresh/ None", "/x/ None"]
    assert (bench.core.tokens.access, bench.core.tokens.refresh) == (None, None)  # a failed refresh clears them


def test_token_endpoints_and_operations_without_credentials_never_refresh(shop_package: ModuleType) -> None:
    seen: list[str] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.url.path)
        return httpx.Response(401, json={"detail": "No active account found with the given credentials"})

    bench = AuthBench(shop_package, handler)
    bench.core.tokens.set("expired", "refresh")
    for security in (bench.security(role="obtain"), bench.security(("jwtAuth",), role="obtain"), bench.security()):
        with pytest.raises(bench.rt.AuthenticationError) as error:
            bench.call(security, "POST", "/token/", body={"username": "ann", "password": "wrong"})
        assert error.value.detail == "No active account found with the given credentials"
    assert seen == ["/token/"] * 3 and bench.core.tokens.refresh == "refresh"


def rotating_server(delay: float = 0.0) -> tuple[Handler, list[str]]:
    """access `a<n>` is valid while n is the latest; `/token/refresh/` rotates and blacklists the refresh token."""
    import threading
    import time

    state = {"n": 0, "refresh": "r0"}
    refreshes: list[str] = []
    lock = threading.Lock()

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/token/refresh/":
            time.sleep(delay)  # widens the window in which the other calls' 401s arrive
            with lock:
                refreshes.append(json.loads(request.content)["refresh"])
                if json.loads(request.content)["refresh"] != state["refresh"]:
                    return httpx.Response(401, json={"detail": "Token is blacklisted"})
                state["n"] += 1
                state["refresh"] = f"r{state['n']}"
                return httpx.Response(200, json={"access": f"a{state['n']}", "refresh": state["refresh"]})
        if request.headers.get("Authorization") == f"Bearer a{state['n']}" and state["n"]:
            return httpx.Response(200, json={"ok": True})
        return httpx.Response(401, json={"detail": "Given token not valid for any token type"})

    return handler, refreshes


def test_concurrent_threads_share_one_refresh_with_rotation(shop_package: ModuleType) -> None:
    from concurrent.futures import ThreadPoolExecutor

    handler, refreshes = rotating_server(delay=0.05)
    bench = AuthBench(shop_package, handler)
    bench.core.tokens.set("stale", "r0")
    required = bench.security(("jwtAuth",))
    with ThreadPoolExecutor(10) as pool:
        results = list(pool.map(lambda _: bench.call(required), range(10)))
    assert results == [{"ok": True}] * 10
    assert refreshes == ["r0"] and (bench.core.tokens.access, bench.core.tokens.refresh) == ("a1", "r1")


def test_concurrent_tasks_share_one_refresh_and_a_failed_one_raises_one_clear_error(shop_package: ModuleType) -> None:
    handler, refreshes = rotating_server()
    rt = auth_runtime(shop_package)
    schemes = {name: rt.Scheme(**spec) for name, spec in ALL_SCHEMES.items()}
    required = rt.Security((("jwtAuth",),), schemes)

    async def answer(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0.01)  # every call is sent before the first answer arrives
        return handler(request)

    async def run(refresh_token: str) -> list[Any]:
        core = rt.AsyncCore("http://testserver", http_client=httpx.AsyncClient(transport=httpx.MockTransport(answer)),
                            refresh_path="/token/refresh/")
        core.tokens.set("stale", refresh_token)
        calls = [core.request("GET", "/x/", security=required, kind="any") for _ in range(10)]
        results = await asyncio.gather(*calls, return_exceptions=True)
        assert core.tokens.access in (None, "a1")
        await core.http.aclose()
        return results

    assert asyncio.run(run("r0")) == [{"ok": True}] * 10
    assert refreshes == ["r0"]
    failures = asyncio.run(run("r0"))  # r0 was rotated away (blacklisted): the refresh fails for everyone
    assert refreshes == ["r0", "r0"]
    assert all(isinstance(f, rt.AuthenticationError) for f in failures)
    assert {str(f).split(": ", 1)[1] for f in failures} == {
        "the access token was rejected and refreshing it failed (HTTP 401: Token is blacklisted); the tokens "
        "were cleared: log in again and call set_token()"}


def test_session_zones_send_djangos_csrf_token_on_unsafe_methods(shop_package: ModuleType) -> None:
    bench = AuthBench(shop_package, echo)
    bench.core.http.cookies.set("csrftoken", "tok", domain="testserver.local")  # cookiejar's name for a dotless host
    bench.core.http.cookies.set("sessionid", "s", domain="testserver.local")
    session = bench.security(("jwtAuth",), ("cookieAuth",))
    posted = bench.call(session, "POST", body={})
    assert (posted["csrf"], posted["referer"], posted["authorization"]) == ("tok", "http://testserver/", None)
    assert bench.call(session)["csrf"] is None  # safe methods need none


def test_file_storage_keeps_rotated_tokens_across_clients(shop_package: ModuleType, tmp_path: Any) -> None:
    import os
    import stat

    handler, refreshes = rotating_server()
    rt = auth_runtime(shop_package)
    path = tmp_path / "tokens" / "api.json"
    first = AuthBench(shop_package, handler, tokens=rt.TokenStore(rt.FileTokenStorage(path), "shop"))
    first.core.tokens.set("stale", "r0")
    assert first.call(first.security(("jwtAuth",))) == {"ok": True}
    assert json.loads(path.read_text()) == {"shop.access": "a1", "shop.refresh": "r1"}
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    second = rt.TokenStore(rt.FileTokenStorage(path), "shop")
    assert (second.access, second.refresh) == ("a1", "r1")
    second.clear()
    assert json.loads(path.read_text()) == {} and refreshes == ["r0"]


DRIFTED = {  # what servers send that their schema did not promise
    "/api/shop/products/1/": PRODUCT | {"price": None, "auth_token": "tok"},  # null where not nullable, extra
    "/api/shop/products/2/": {"status": "OK"},  # not the serializer at all
    "/api/shop/orders/": [{"id": 1, "status": "paid", "items": [{"product": 1, "quantity": "two"}], "total": "1.00",
                           "created_at": "2026-01-05T09:30:00+01:00"}],
}


def drifting(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json=DRIFTED[request.url.path])


def test_responses_that_differ_from_the_schema_are_returned_as_received(shop_package: ModuleType) -> None:
    shop = client(shop_package, drifting)
    with pytest.warns(shop_package.ResponseValidationWarning) as caught:
        lamp = shop.products.retrieve(1)
        stub = shop.products.retrieve(2)  # same operation: no second warning
        orders = shop.orders.list()
    assert lamp.name == "Lamp" and lamp.price is None
    assert lamp.auth_token == "tok" and lamp.model_extra == {"auth_token": "tok"}
    assert stub.status == "OK" and stub.name is None and stub.tags is shop_package.MISSING
    assert orders[0].status == shop_package.shop.models.OrderStatusEnum.PAID  # what fits is still validated
    assert orders[0].created_at.utcoffset() is not None and orders[0].items[0].quantity == "two"
    messages = [str(w.message) for w in caught]
    assert len(messages) == 2
    assert "GET /api/shop/products/1/ (products.retrieve)" in messages[0] and "price:" in messages[0]
    assert "(orders.list)" in messages[1] and "[0].items[0].quantity" in messages[1]
    assert all(w.filename == __file__ for w in caught)  # pointing at the caller's line


def test_unknown_fields_of_valid_responses_are_kept_silently(shop_package: ModuleType, recwarn: Any) -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=PRODUCT | {"auth_token": "tok"})

    product = client(shop_package, handler).products.retrieve(1)
    assert product.auth_token == "tok" and product.model_extra == {"auth_token": "tok"}
    assert not [w for w in recwarn if issubclass(w.category, shop_package.ResponseValidationWarning)]


def test_strict_response_validation_raises(shop_package: ModuleType) -> None:
    shop = client(shop_package, drifting, strict_response_validation=True)
    with pytest.raises(shop_package.APIResponseValidationError, match=r"/api/shop/products/2/.*name: Field required"):
        shop.products.retrieve(2)

    def not_json(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, text="<html>maintenance</html>")

    with pytest.raises(shop_package.APIResponseValidationError, match="not JSON"):
        client(shop_package, not_json, strict_response_validation=True).products.retrieve(1)
    with pytest.warns(shop_package.ResponseValidationWarning, match="not JSON"):
        assert client(shop_package, not_json).products.retrieve(1) == "<html>maintenance</html>"


def test_missing_is_not_sent_and_none_is_null(shop_package: ModuleType) -> None:
    seen: list[httpx.Request] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(200, json={"count": 0, "results": []} if request.method == "GET" else PRODUCT)

    shop = client(shop_package, handler)
    models = shop_package.shop.models
    missing = shop_package.MISSING
    shop.products.list(category=missing, status=models.ProductStatusEnum.DRAFT)
    shop.products.partial_update(1, body=models.PatchedProductRequest(name="New", image=None, price=missing))
    shop.products.partial_update(1, body={"name": "Plain", "price": missing, "image": None})
    shop.products.partial_update(1)  # an optional body left out: no body at all
    listing, patch, plain, bare = seen
    assert str(listing.url) == "http://testserver/api/shop/products/?status=draft"
    assert json.loads(patch.content) == {"name": "New", "image": None}
    assert json.loads(plain.content) == {"name": "Plain", "image": None}
    assert bare.content == b"" and "Content-Type" not in bare.headers
