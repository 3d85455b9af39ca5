"""Credentials per operation, as the schema asks for them, and one shared JWT refresh.

Every generated method passes its operation's `Security`: the alternatives of its `security` requirement
(`()` = anonymous allowed) and its zone's schemes. `OperationAuth` (an `httpx.Auth`) picks the first
alternative whose credentials are all present, attaches them (bearer, basic, `Token <key>`, API key in a
header, query parameter or cookie; a session cookie is the cookie jar's) and adds Django's CSRF header on
unsafe methods when the zone has a session scheme. On a 401:

* an operation sent with a refreshable bearer token refreshes it, shared: blocking calls wait on a lock,
  asyncio calls on one future, and `TokenStore.generation` tells a waiter that somebody else already
  refreshed; each call then replays once;
* a failed refresh clears the tokens; an operation that also allows anonymous calls replays without
  credentials, any other raises one `AuthenticationError`;
* token endpoints (obtain, refresh, ...) and operations sent without credentials never refresh: the caller
  gets the server's own error.
"""

from __future__ import annotations

import asyncio
import base64
import threading
from collections.abc import AsyncGenerator, Generator, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from .errors import AuthenticationError
from .storage import MemoryTokenStorage, TokenStorage

Kind = Literal["bearer", "basic", "token", "apikey", "session", "other"]
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


@dataclass(frozen=True)
class Scheme:
    """One security scheme of the schema, as the client uses it (see the generated `SCHEMES`)."""

    kind: Kind
    location: Literal["header", "query", "cookie"] = "header"
    name: str = "Authorization"
    prefix: str = ""
    refresh: bool = False
    csrf_cookie: str = ""
    csrf_header: str = ""


@dataclass(frozen=True)
class Security:
    """An operation's security: `alternatives` in the schema's order (`()` = anonymous allowed; none at all =
    no credentials), its zone's `schemes`, and `role` for token endpoints (never refreshed)."""

    alternatives: tuple[tuple[str, ...], ...] = ()
    schemes: Mapping[str, Scheme] = field(default_factory=dict)
    role: str = ""


NO_SECURITY = Security()


class TokenStore:
    """The JWT pair and every other credential of one `API`, kept in a `TokenStorage` (memory by default).
    `generation` grows whenever the access token changes: a call whose 401 finds it changed since it sent
    the request does not refresh again, it replays with the new token."""

    def __init__(self, storage: TokenStorage | None = None, storage_key: str = "revolution") -> None:
        self.storage: TokenStorage = storage if storage is not None else MemoryTokenStorage()
        self.storage_key = storage_key
        self.generation = 0
        self.failure = ""  # why the last refresh failed, for every caller that waited on it
        self.lock = threading.Lock()  # held by the thread whose blocking refresh is in flight
        self.refreshing: asyncio.Future[None] | None = None  # the asyncio refresh in flight
        self._write = threading.Lock()

    def _key(self, name: str) -> str:
        return f"{self.storage_key}.{name}"

    @property
    def access(self) -> str | None:
        return self.storage.get(self._key("access"))

    @property
    def refresh(self) -> str | None:
        return self.storage.get(self._key("refresh"))

    def set(self, access: str | None, refresh: str | None = None) -> None:
        """Store the access token (None removes it) and, when given, the refresh token."""
        with self._write:
            self._put("access", access)
            if refresh is not None:
                self._put("refresh", refresh)
            self.generation += 1

    def credential(self, name: str) -> str | None:
        """The value set for scheme `name` (`set_credential`)."""
        return self.storage.get(self._key(name))

    def set_credential(self, name: str, value: str | None) -> None:
        with self._write:
            self._put(name, value)

    def clear(self, names: Iterable[str] = ()) -> None:
        """Forget the JWT pair and the credentials of the schemes `names`."""
        with self._write:
            for key in ("access", "refresh", *names):
                self.storage.delete(self._key(key))
            self.generation += 1

    def _put(self, name: str, value: str | None) -> None:
        if value is None:
            self.storage.delete(self._key(name))
        else:
            self.storage.set(self._key(name), value)


def set_credentials(tokens: TokenStore, schemes: Mapping[str, Scheme], values: Mapping[str, Any]) -> None:
    """`API.set_credentials`: bearer values are the access token, basic ones `(username, password)`, the
    rest strings; None removes one. Unknown names fail, listing the known ones."""
    for name, value in values.items():
        scheme = schemes.get(name)
        if scheme is None or scheme.kind in ("session", "other"):
            usable = ", ".join(sorted(n for n, s in schemes.items() if s.kind not in ("session", "other")))
            raise ValueError(f"no credentials can be set for {name!r}; this client's schemes take: {usable or 'none'}"
                             + (" (a session comes from logging in: the cookie jar keeps it)"
                                if scheme is not None and scheme.kind == "session" else ""))
        if scheme.kind == "bearer":
            tokens.set(value)
        elif scheme.kind == "basic" and value is not None:
            username, password = value
            tokens.set_credential(name, f"{username}:{password}")
        else:
            tokens.set_credential(name, None if value is None else str(value))


@dataclass
class _Plan:
    chosen: tuple[str, ...]
    generation: int
    optional: bool


class OperationAuth(httpx.Auth):
    """Credentials for one call of one operation (built per request by the core)."""

    def __init__(self, tokens: TokenStore, security: Security, refresh_url: str | None,
                 prefer: Sequence[str] = ()) -> None:
        self.tokens = tokens
        self.security = security
        self.refresh_url = refresh_url
        self.prefer = tuple(prefer)

    # -- what to send -------------------------------------------------------------------------------

    def _available(self, name: str, cookies: Mapping[str, str]) -> bool:
        scheme = self.security.schemes[name]
        if scheme.kind == "bearer":
            return self.tokens.access is not None
        if scheme.kind == "session":
            return scheme.name in cookies
        return scheme.kind != "other" and self.tokens.credential(name) is not None

    def _choose(self, request: httpx.Request) -> tuple[str, ...]:
        cookies = _cookies(request)
        rank = {name: index for index, name in enumerate(self.prefer)}
        ordered = sorted(self.security.alternatives,
                         key=lambda alt: min((rank.get(name, len(rank)) for name in alt), default=len(rank)))
        for alternative in ordered:
            if alternative and all(self._available(name, cookies) for name in alternative):
                return alternative
        return ()

    def _prepare(self, request: httpx.Request) -> _Plan:
        generation = self.tokens.generation  # before reading any token: see `_refresh_needed`
        chosen = () if "Authorization" in request.headers else self._choose(request)
        for name in chosen:
            self._attach(request, name)
        self._csrf(request)
        return _Plan(chosen, generation, () in self.security.alternatives)

    def _attach(self, request: httpx.Request, name: str) -> None:
        scheme = self.security.schemes[name]
        if scheme.kind == "session":
            return  # the cookie jar sends the session cookie
        if scheme.kind == "bearer":
            value = f"{scheme.prefix or 'Bearer'} {self.tokens.access}"
        else:
            value = self.tokens.credential(name) or ""
            if scheme.kind == "basic":
                value = "Basic " + base64.b64encode(value.encode("utf-8")).decode("ascii")
            elif scheme.kind == "token":
                value = f"{scheme.prefix} {value}"
        if scheme.location == "query":
            request.url = request.url.copy_set_param(scheme.name, value)
        elif scheme.location == "cookie":
            existing = request.headers.get("Cookie")
            request.headers["Cookie"] = f"{existing}; {scheme.name}={value}" if existing else f"{scheme.name}={value}"
        else:
            request.headers[scheme.name] = value

    def _strip(self, request: httpx.Request, chosen: tuple[str, ...]) -> None:
        """Undo `_attach`: the replay of an operation that allows anonymous calls."""
        for name in chosen:
            scheme = self.security.schemes[name]
            if scheme.kind == "session":
                continue
            if scheme.location == "query":
                request.url = request.url.copy_remove_param(scheme.name)
            elif scheme.location == "cookie":
                kept = [part for part in (request.headers.get("Cookie") or "").split("; ")
                        if part and not part.startswith(f"{scheme.name}=")]
                if kept:
                    request.headers["Cookie"] = "; ".join(kept)
                else:
                    request.headers.pop("Cookie", None)
            else:
                request.headers.pop(scheme.name, None)

    def _csrf(self, request: httpx.Request) -> None:
        """Django's CSRF token (read from its cookie) on unsafe methods of a zone with session auth, and a
        same-origin Referer, which Django requires over HTTPS."""
        if request.method not in UNSAFE_METHODS:
            return
        cookies = _cookies(request)
        for scheme in self.security.schemes.values():
            if scheme.kind == "session" and scheme.csrf_cookie and scheme.csrf_cookie in cookies:
                request.headers.setdefault(scheme.csrf_header or "X-CSRFToken", cookies[scheme.csrf_cookie])
                if "Referer" not in request.headers and "Origin" not in request.headers:
                    request.headers["Referer"] = f"{request.url.scheme}://{request.url.netloc.decode('ascii')}/"
                return

    # -- after a 401 --------------------------------------------------------------------------------

    def _refresh_needed(self, response: httpx.Response, plan: _Plan) -> bool:
        if response.status_code != 401 or not plan.chosen or self.security.role:
            return False
        schemes = self.security.schemes
        if not any(schemes[name].kind == "bearer" and schemes[name].refresh for name in plan.chosen):
            return False
        if self.tokens.generation != plan.generation:
            return True  # refreshed (or cleared) since this request was sent: replay with what there is now
        return bool(self.refresh_url) and self.tokens.refresh is not None

    def _refresh_request(self) -> httpx.Request:
        assert self.refresh_url is not None
        return httpx.Request("POST", self.refresh_url, json={"refresh": self.tokens.refresh},
                             headers={"Accept": "application/json"})

    def _store_refresh(self, response: httpx.Response) -> None:
        payload = _json(response)
        access = payload.get("access") if isinstance(payload, dict) else None
        if response.status_code == 200 and isinstance(access, str):
            rotated = payload.get("refresh")
            self.tokens.set(access, rotated if isinstance(rotated, str) else None)
            return
        detail = payload.get("detail") if isinstance(payload, dict) else None
        self.tokens.failure = f"HTTP {response.status_code}" + (f": {detail}" if isinstance(detail, str) else "")
        self.tokens.clear()

    def _replay(self, request: httpx.Request, response: httpx.Response, plan: _Plan) -> bool:
        """After the (shared) refresh: True to send `request` again, now with the new token or anonymously."""
        if self.tokens.access is not None:
            self._strip(request, plan.chosen)
            for name in plan.chosen:
                self._attach(request, name)
            return True
        if plan.optional:
            self._strip(request, plan.chosen)
            return True
        reason = self.tokens.failure or "the tokens were cleared meanwhile"
        raise AuthenticationError(
            response, _json(response),
            f"{request.method} {request.url.path}: the access token was rejected and refreshing it failed "
            f"({reason}); the tokens were cleared: log in again and call set_token()",
        )

    def _fallback(self, response: httpx.Response, plan: _Plan) -> bool:
        """A 401 to credentials an operation does not need: replay it anonymously."""
        return response.status_code == 401 and bool(plan.chosen) and plan.optional

    # -- the flows httpx drives ---------------------------------------------------------------------

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.read()
        plan = self._prepare(request)
        response = yield request
        if self._refresh_needed(response, plan):
            response.read()
            with self.tokens.lock:
                if self.tokens.generation == plan.generation:
                    refreshed = yield self._refresh_request()
                    refreshed.read()
                    self._store_refresh(refreshed)
            if self._replay(request, response, plan):
                yield request
        elif self._fallback(response, plan):
            self._strip(request, plan.chosen)
            yield request

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        await request.aread()
        plan = self._prepare(request)
        response = yield request
        if self._refresh_needed(response, plan):
            await response.aread()
            while self.tokens.generation == plan.generation:
                pending = self.tokens.refreshing
                if pending is not None:
                    await asyncio.shield(pending)
                    continue
                pending = asyncio.get_running_loop().create_future()
                self.tokens.refreshing = pending
                try:
                    refreshed = yield self._refresh_request()
                    await refreshed.aread()
                    self._store_refresh(refreshed)
                finally:
                    self.tokens.refreshing = None
                    if not pending.done():
                        pending.set_result(None)
            if self._replay(request, response, plan):
                yield request
        elif self._fallback(response, plan):
            self._strip(request, plan.chosen)
            yield request


def _cookies(request: httpx.Request) -> dict[str, str]:
    pairs = (part.strip().split("=", 1) for part in (request.headers.get("Cookie") or "").split(";"))
    return {pair[0]: pair[1] for pair in pairs if len(pair) == 2}


def _json(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text
