"""The transport every zone's client shares: builds requests, retries idempotent ones, raises the
error hierarchy, parses results into models, and walks paginated lists. Sync and async twins."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Iterator, Mapping, Sequence
from typing import Any, Literal

import httpx
import pydantic

from . import encoding
from .auth import NO_SECURITY, OperationAuth, Security, TokenStore
from .errors import APIConnectionError, APIResponseValidationError, APITimeoutError, error_for
from .retry import RetryPolicy

Kind = Literal["json", "none", "bytes", "any"]
BodyKind = Literal["json", "multipart", "form"]
_NO_BODY: Any = object()


class BaseCore:
    """Settings and request building shared by `SyncCore` and `AsyncCore`."""

    def __init__(self, base_url: str, *, tokens: TokenStore | None = None, refresh_path: str | None = None,
                 timeout: float | httpx.Timeout = 30.0, max_retries: int = 2,
                 headers: Mapping[str, str] | None = None, prefer: Sequence[str] = ()) -> None:
        self.base_url = base_url.rstrip("/")
        self.tokens = tokens or TokenStore()
        self.refresh_url = self.base_url + refresh_path if refresh_path else None
        self.prefer = tuple(prefer)
        self.timeout = timeout
        self.retry = RetryPolicy(max_retries=max_retries)
        self.headers = dict(headers or {})

    def build(self, http: httpx.Client | httpx.AsyncClient, method: str, url: str, *,
              params: Mapping[str, Any] | None, body: Any, body_kind: BodyKind,
              headers: Mapping[str, str] | None, timeout: float | httpx.Timeout | None,
              header_params: Mapping[str, Any] | None = None) -> httpx.Request:
        documented = {k: encoding.scalar(v) for k, v in (header_params or {}).items() if v is not None}
        merged = {"Accept": "application/json", **self.headers, **documented, **(headers or {})}
        kwargs: dict[str, Any] = {}
        if body is not _NO_BODY and body_kind == "json":
            kwargs["json"] = encoding.json_body(body)
        elif body is not _NO_BODY:
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

    def parse(self, response: httpx.Response, cast_to: Any, kind: Kind) -> Any:
        if kind == "none":
            return None
        if kind == "bytes":
            return response.content
        if not response.content:
            return None
        try:
            data = response.json()
        except ValueError:
            if kind == "any":
                return response.text
            raise
        return self.validate(response, cast_to, data)

    def validate(self, response: httpx.Response, cast_to: Any, data: Any) -> Any:
        if cast_to is None:
            return data
        try:
            return encoding.adapter(cast_to).validate_python(data)
        except pydantic.ValidationError as exc:
            raise APIResponseValidationError(response, exc) from None

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

    def request(self, method: str, path: str, *, cast_to: Any = None, kind: Kind = "json", **options: Any) -> Any:
        return self.parse(self.send(method, self.base_url + path, **options), cast_to, kind)

    def paginate(self, method: str, path: str, *, item: Any = None, params: Mapping[str, Any] | None = None,
                 **options: Any) -> Iterator[Any]:
        """Every item of every page, following DRF's `next` links."""
        url: str | None = self.base_url + path
        seen: set[str] = set()
        while url is not None:
            response = self.send(method, url, params=params, **options)
            page = response.json()
            for entry in page.get("results") or []:
                yield self.validate(response, item, entry)
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
                      **options: Any) -> Any:
        return self.parse(await self.send(method, self.base_url + path, **options), cast_to, kind)

    async def paginate(self, method: str, path: str, *, item: Any = None, params: Mapping[str, Any] | None = None,
                       **options: Any) -> AsyncIterator[Any]:
        """Every item of every page, following DRF's `next` links."""
        url: str | None = self.base_url + path
        seen: set[str] = set()
        while url is not None:
            response = await self.send(method, url, params=params, **options)
            page = response.json()
            for entry in page.get("results") or []:
                yield self.validate(response, item, entry)
            url, params = self.next_page(url, page.get("next"), seen), None
