"""JWT bearer auth as an `httpx.Auth`: sends the access token, and on a 401 refreshes it once with
the refresh token and replays the request. Works for the sync and the async client alike."""

from __future__ import annotations

import threading
from collections.abc import Generator
from typing import Any

import httpx

from .errors import AuthenticationError


class TokenStore:
    """The access and refresh tokens, shared by every zone of one `API`."""

    def __init__(self, access: str | None = None, refresh: str | None = None) -> None:
        self._lock = threading.Lock()
        self.access = access
        self.refresh = refresh

    def set(self, access: str | None, refresh: str | None = None) -> None:
        with self._lock:
            self.access = access
            if refresh is not None:
                self.refresh = refresh

    def clear(self) -> None:
        with self._lock:
            self.access = None
            self.refresh = None


class JWTAuth(httpx.Auth):
    """`Authorization: Bearer <access>`; a 401 triggers one refresh (POST {"refresh": ...}) and one replay."""

    requires_request_body = True
    requires_response_body = True

    def __init__(self, tokens: TokenStore, refresh_url: str | None) -> None:
        self.tokens = tokens
        self.refresh_url = refresh_url

    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        sent = self.tokens.access
        explicit = "Authorization" in request.headers
        if sent and not explicit:
            request.headers["Authorization"] = f"Bearer {sent}"
        response = yield request
        if response.status_code != 401 or explicit or not self.refresh_url or not self.tokens.refresh:
            return
        if self.tokens.access == sent:  # nobody refreshed meanwhile: refresh now
            refresh_response = yield httpx.Request("POST", self.refresh_url, json={"refresh": self.tokens.refresh})
            payload = _json(refresh_response)
            access = payload.get("access") if isinstance(payload, dict) else None
            if refresh_response.status_code != 200 or not isinstance(access, str):
                raise AuthenticationError(
                    response, _json(response),
                    f"the access token was rejected and refreshing it failed ({refresh_response.status_code}); "
                    "log in again and call set_token()",
                )
            rotated = payload.get("refresh")
            self.tokens.set(access, rotated if isinstance(rotated, str) else None)
        request.headers["Authorization"] = f"Bearer {self.tokens.access}"
        yield request


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text
