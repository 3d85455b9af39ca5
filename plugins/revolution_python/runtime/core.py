"""The transport every zone's client shares: builds requests, retries idempotent ones, raises the
error hierarchy, parses results into models, and walks paginated lists. Sync and async twins."""

from __future__ import annotations

import asyncio
import sys
import time
import warnings
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from types import FrameType
from typing import Any, Literal

import httpx
import pydantic

from . import encoding, lenient
from .auth import NO_SECURITY, OperationAuth, Security, TokenStore
from .errors import (
    APIConnectionError,
    APIResponseValidationError,
    APITimeoutError,
    ResponseValidationWarning,
    error_for,
)
from .retry import RetryPolicy

Kind = Literal["json", "none", "bytes", "any"]
BodyKind = Literal["json", "multipart", "form"]
_NO_BODY: Any = object()


class BaseCore:
    """Settings and request building shared by `SyncCore` and `AsyncCore`."""

    def __init__(self, base_url: str, *, tokens: TokenStore | None = None, refresh_path: str | None = None,
                 timeout: float | httpx.Timeout = 30.0, max_retries: int = 2,
                 headers: Mapping[str, str] | None = None, prefer: Sequence[str] = (),
                 strict_response_validation: bool = False) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens or TokenStore()
        self.refresh_url = self.base_url + refresh_path if refresh_path else None
        self.prefer = tuple(prefer)
        self.timeout = timeout
        self.retry = RetryPolicy(max_retries=max_retries)
        self.headers = dict(headers or {})
        self.strict_response_validation = strict_response_validation
        self._warned: set[str] = set()

    def build(self, http: httpx.Client | httpx.AsyncClient, method: str, url: str, *,
              params: Mapping[str, Any] | None, body: Any, body_kind: BodyKind,
              headers: Mapping[str, str] | None, timeout: float | httpx.Timeout | None,
              header_params: Mapping[str, Any] | None = None) -> httpx.Request:
        documented = {k: encoding.scalar(v) for k, v in (header_params or {}).items() if encoding.given(v)}
        merged = {"Accept": "application/json", **self.headers, **documented, **(headers or {})}
        kwargs: dict[str, Any] = {}
        if body is _NO_BODY or body is pydantic.MISSING:
            pass
        elif body_kind == "json":
            kwargs["json"] = encoding.json_body(body)
        else:
            data, files = encoding.form_body(body)
            kwargs["data"] = data
            if files:
                kwargs["files"] = files
        pairs = tuple(encoding.query(params))  # empty -> None: an empty tuple would drop the URL's own query
        return http.build_request(method, url, params=pairs or None, headers=merged,
                                  timeout=self.timeout if timeout is None else timeout, **kwargs)

    def auth_for(self, security: Security) -> OperationAuth:
        """The credentials of one call: only what the operation's `security` accepts (see auth.py)."""
        return OperationAuth(self.tokens, security, self.refresh_url, self.prefer)

    def parse(self, response: httpx.Response, cast_to: Any, kind: Kind, operation: str = "") -> Any:
        if kind == "none":
            return None
        if kind == "bytes":
            return response.content
        if not response.content:
            return None
        try:
            data = response.json()
        except ValueError:
            if kind != "any":
                self.differs(response, operation, None, f"the body is not JSON: {response.text[:80]!r}")
            return response.text
        return self.validate(response, cast_to, data, operation)

    def validate(self, response: httpx.Response, cast_to: Any, data: Any, operation: str = "") -> Any:
        """The data as `cast_to`; data that does not fit is returned as received (see `lenient`) with a
        warning, or raises `APIResponseValidationError` with `strict_response_validation`."""
        if cast_to is None:
            return data
        try:
            return encoding.adapter(cast_to).validate_python(data)
        except pydantic.ValidationError as exc:
            self.differs(response, operation, exc, lenient.describe(exc))
        try:
            return lenient.construct(cast_to, data)
        except Exception:  # noqa: BLE001 - any type the lenient builder cannot take apart
            return data  # the data as received

    def differs(self, response: httpx.Response, operation: str, error: pydantic.ValidationError | None,
                detail: str) -> None:
        """Raise (strict), or warn once per operation that a 2xx response differs from the schema."""
        if self.strict_response_validation:
            raise APIResponseValidationError(response, error, detail) from None
        request = response.request
        key = operation or f"{request.method} {request.url.path}"
        if key in self._warned:
            return
        self._warned.add(key)
        named = f" ({operation})" if operation else ""
        warnings.warn(
            f"{request.method} {request.url.path}{named} answered {response.status_code} with data that differs "
            f"from the schema: {detail}. The data was returned as received (unknown fields kept, missing ones "
            "None); this warning is shown once per operation. Pass strict_response_validation=True to raise "
            "APIResponseValidationError instead.",
            ResponseValidationWarning,
            stacklevel=_caller_level(),
        )

    def page(self, response: httpx.Response, operation: str) -> dict[str, Any]:
        """A page of a paginated list as a dict (`results`, `next`); anything else is an empty last page."""
        try:
            page = response.json()
        except ValueError:
            page = None
        if not isinstance(page, dict):
            self.differs(response, operation, None, "a paginated list was expected")
            return {}
        return page

    def next_page(self, current: str, link: Any, seen: set[str]) -> str | None:
        """The next page's URL, or None at the end (or if a server's `next` links go round in circles)."""
        seen.add(current)
        if not isinstance(link, str) or not link:
            return None
        following = encoding.follow(self.base_url, link)
        return None if following in seen else following

    def retry_or_raise(self, method: str, attempt: int, request: httpx.Request, exc: httpx.TransportError) -> float:
        """Seconds to wait before retrying after a transport error; raises when no retry is left."""
        if self.retry.may_retry(method, attempt):
            return self.retry.delay(attempt)
        if isinstance(exc, httpx.TimeoutException):
            raise APITimeoutError(f"{method} {request.url} timed out: {exc}", request) from exc
        raise APIConnectionError(f"{method} {request.url} failed: {exc}", request) from exc


class SyncCore(BaseCore):
    """Blocking transport on `httpx.Client` (yours via `http_client`, else one it owns and closes)."""

    def __init__(self, base_url: str, *, http_client: httpx.Client | None = None, **settings: Any) -> None:
        super().__init__(base_url, **settings)
        self._owns_http = http_client is None
        self.http = http_client or httpx.Client()

    def close(self) -> None:
        if self._owns_http:
            self.http.close()

    def send(self, method: str, url: str, *, params: Mapping[str, Any] | None = None, body: Any = _NO_BODY,
             body_kind: BodyKind = "json", headers: Mapping[str, str] | None = None,
             timeout: float | httpx.Timeout | None = None,
             header_params: Mapping[str, Any] | None = None, security: Security = NO_SECURITY) -> httpx.Response:
        attempt = 0
        while True:
            request = self.build(self.http, method, url, params=params, body=body, body_kind=body_kind,
                                 headers=headers, timeout=timeout, header_params=header_params)
            try:
                response = self.http.send(request, auth=self.auth_for(security))
            except httpx.TransportError as exc:
                time.sleep(self.retry_or_raise(method, attempt, request, exc))
                attempt += 1
                continue
            if self.retry.should_retry(method, attempt, response):
                response.close()
                time.sleep(self.retry.delay(attempt, response))
                attempt += 1
                continue
            if response.is_error:
                raise error_for(response)
            return response

    def request(self, method: str, path: str, *, cast_to: Any = None, kind: Kind = "json", operation: str = "",
                **options: Any) -> Any:
        return self.parse(self.send(method, self.base_url + path, **options), cast_to, kind, operation)

    def paginate(self, method: str, path: str, *, item: Any = None, params: Mapping[str, Any] | None = None,
                 operation: str = "", **options: Any) -> Iterator[Any]:
        """Every item of every page, following DRF's `next` links."""
        url: str | None = self.base_url + path
        seen: set[str] = set()
        while url is not None:
            response = self.send(method, url, params=params, **options)
            page = self.page(response, operation)
            for entry in page.get("results") or []:
                yield self.validate(response, item, entry, operation)
            url, params = self.next_page(url, page.get("next"), seen), None


class AsyncCore(BaseCore):
    """Non-blocking transport on `httpx.AsyncClient`."""

    def __init__(self, base_url: str, *, http_client: httpx.AsyncClient | None = None, **settings: Any) -> None:
        super().__init__(base_url, **settings)
        self._owns_http = http_client is None
        self.http = http_client or httpx.AsyncClient()

    async def aclose(self) -> None:
        if self._owns_http:
            await self.http.aclose()

    async def send(self, method: str, url: str, *, params: Mapping[str, Any] | None = None, body: Any = _NO_BODY,
                   body_kind: BodyKind = "json", headers: Mapping[str, str] | None = None,
                   timeout: float | httpx.Timeout | None = None,
                   header_params: Mapping[str, Any] | None = None,
                   security: Security = NO_SECURITY) -> httpx.Response:
        attempt = 0
        while True:
            request = self.build(self.http, method, url, params=params, body=body, body_kind=body_kind,
                                 headers=headers, timeout=timeout, header_params=header_params)
            try:
                response = await self.http.send(request, auth=self.auth_for(security))
            except httpx.TransportError as exc:
                await asyncio.sleep(self.retry_or_raise(method, attempt, request, exc))
                attempt += 1
                continue
            if self.retry.should_retry(method, attempt, response):
                await response.aclose()
                await asyncio.sleep(self.retry.delay(attempt, response))
                attempt += 1
                continue
            if response.is_error:
                raise error_for(response)
            return response

    async def request(self, method: str, path: str, *, cast_to: Any = None, kind: Kind = "json",
                      operation: str = "", **options: Any) -> Any:
        return self.parse(await self.send(method, self.base_url + path, **options), cast_to, kind, operation)

    async def paginate(self, method: str, path: str, *, item: Any = None, params: Mapping[str, Any] | None = None,
                       operation: str = "", **options: Any) -> AsyncIterator[Any]:
        """Every item of every page, following DRF's `next` links."""
        url: str | None = self.base_url + path
        seen: set[str] = set()
        while url is not None:
            response = await self.send(method, url, params=params, **options)
            page = self.page(response, operation)
            for entry in page.get("results") or []:
                yield self.validate(response, item, entry, operation)
            url, params = self.next_page(url, page.get("next"), seen), None


def _caller_level() -> int:
    """The `stacklevel` of the first frame outside this client package: the user's call."""
    package = __name__.rsplit("._runtime", 1)[0] + "."
    frame: FrameType | None = sys._getframe(1)
    level = 1
    while frame is not None and str(frame.f_globals.get("__name__", "")).startswith(package):
        frame, level = frame.f_back, level + 1
    return level
