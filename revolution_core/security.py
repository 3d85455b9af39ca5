"""What an OpenAPI document says about authentication, in a form every client generator renders the same
way: the document's security schemes classified by what a client must do with them, and each operation's
effective security requirement (none, optional, or which schemes) plus whether it is a token endpoint.

Nothing here knows a web framework or a target language. Schema producers may help with `x-revolution-*`
extensions (a producer that knows the views sets them from view classes and settings); without them the
rules below fall back to what plain OpenAPI files say:

* `x-revolution-auth` on an operation: `obtain`, `refresh`, `verify` or `revoke` (a token endpoint: its
  401 is the caller's error and never triggers a refresh). Fallback: a POST whose path ends in
  `token/`, `token/refresh/`, `api-token-auth/`, `login/`, ... (see `TOKEN_PATHS`).
* `x-revolution-csrf` on a cookie scheme: `{"cookie": ..., "header": ...}`, the CSRF cookie and header a
  session needs on unsafe methods. Fallback: the common `csrftoken` cookie / `X-CSRFToken` header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from revolution_core.openapi import AUTH_ROLE, REFRESH_SUFFIX

SchemeKind = Literal["bearer", "basic", "token", "apikey", "session", "other"]
Location = Literal["header", "query", "cookie"]
Role = Literal["", "obtain", "refresh", "verify", "revoke"]

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ROLES: frozenset[str] = frozenset({"obtain", "refresh", "verify", "revoke"})
AUTH_EXTENSION = AUTH_ROLE  # revolution_core.openapi's mark; its `find_refresh_path` picks the refresh endpoint
CSRF_EXTENSION = "x-revolution-csrf"
DEFAULT_CSRF_COOKIE = "csrftoken"
DEFAULT_CSRF_HEADER = "X-CSRFToken"
SESSION_COOKIES = frozenset({"sessionid"})
# How producers describe `Authorization: <keyword> <key>` schemes (keyword tokens) in a scheme's description.
PREFIX_IN_DESCRIPTION = re.compile(r'required prefix "([^"]+)"')
# Path endings (after the last `/`-separated segments, lowercased) of token endpoints in plain OpenAPI files.
TOKEN_PATHS: dict[str, Role] = {
    REFRESH_SUFFIX: "refresh",
    "token": "obtain",
    "token/obtain": "obtain",
    "token/pair": "obtain",
    "api-token-auth": "obtain",
    "auth/token": "obtain",
    "login": "obtain",
    "token/verify": "verify",
    "token/blacklist": "revoke",
    "token/revoke": "revoke",
    "logout": "revoke",
}


@dataclass(frozen=True)
class AuthScheme:
    """One entry of `components.securitySchemes`, as a client uses it.

    `kind`: `bearer` (`Authorization: Bearer <access>`, JWT refresh applies to `http` bearer schemes),
    `basic`, `token` (`Authorization: <prefix> <key>`, keyword tokens), `apikey` (a raw value in a
    header, query parameter or cookie), `session` (a cookie the browser or cookie jar holds, plus CSRF on
    unsafe methods) or `other` (never attached: the caller passes headers).
    """

    name: str
    kind: SchemeKind
    location: Location = "header"
    parameter: str = "Authorization"
    prefix: str = ""
    refreshable: bool = False
    csrf_cookie: str = ""
    csrf_header: str = ""

    def as_json(self) -> dict[str, Any]:
        """The non-default fields, for generated tables (stable key order)."""
        data: dict[str, Any] = {"kind": self.kind}
        if self.kind in ("apikey", "token"):
            data["in"] = self.location
            data["name"] = self.parameter
        if self.prefix:
            data["prefix"] = self.prefix
        if self.refreshable:
            data["refresh"] = True
        if self.kind == "session":
            data["name"] = self.parameter
            data["csrfCookie"] = self.csrf_cookie
            data["csrfHeader"] = self.csrf_header
        return data


@dataclass(frozen=True)
class OperationSecurity:
    """An operation's effective requirement: `alternatives` in the document's order, each the scheme names
    that must all be sent; `()` among them means anonymous calls are allowed too. No alternatives: the
    operation takes no credentials at all. `role`: a token endpoint (never triggers a refresh)."""

    alternatives: tuple[tuple[str, ...], ...] = ()
    role: Role = ""

    @property
    def optional(self) -> bool:
        return () in self.alternatives

    @property
    def accepts_credentials(self) -> bool:
        return any(self.alternatives)

    @property
    def scheme_names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(name for alternative in self.alternatives for name in alternative))

    def as_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"security": [list(alternative) for alternative in self.alternatives]}
        if self.role:
            data["role"] = self.role
        return data


@dataclass(frozen=True)
class DocumentSecurity:
    """Schemes by name (document order) and every operation's security keyed by (`GET`, raw path)."""

    schemes: Mapping[str, AuthScheme] = field(default_factory=dict)
    operations: Mapping[tuple[str, str], OperationSecurity] = field(default_factory=dict)
    warnings: tuple[str, ...] = ()

    def operation(self, method: str, path: str) -> OperationSecurity:
        return self.operations.get((method.upper(), path), OperationSecurity())

    @property
    def has_session(self) -> bool:
        return any(scheme.kind == "session" for scheme in self.schemes.values())


def classify_scheme(name: str, raw: Mapping[str, Any], token_keyword: str | None = None) -> AuthScheme:
    """One security scheme object -> `AuthScheme` (see the class for the kinds)."""
    kind = str(raw.get("type") or "").lower()
    if kind == "http":
        scheme = str(raw.get("scheme") or "").lower()
        if scheme == "bearer":
            return AuthScheme(name, "bearer", prefix="Bearer", refreshable=True)
        if scheme == "basic":
            return AuthScheme(name, "basic", prefix="Basic")
        return AuthScheme(name, "other")
    if kind in ("oauth2", "openidconnect"):
        return AuthScheme(name, "bearer", prefix="Bearer")  # a token you obtained elsewhere; no JWT refresh
    if kind != "apikey":
        return AuthScheme(name, "other")
    location = str(raw.get("in") or "header").lower()
    parameter = str(raw.get("name") or "")
    if location not in ("header", "query", "cookie") or not parameter:
        return AuthScheme(name, "other")
    if location == "cookie":
        csrf = raw.get(CSRF_EXTENSION)
        if isinstance(csrf, Mapping) or parameter in SESSION_COOKIES or name == "cookieAuth":
            csrf = csrf if isinstance(csrf, Mapping) else {}
            return AuthScheme(name, "session", "cookie", parameter,
                              csrf_cookie=str(csrf.get("cookie") or DEFAULT_CSRF_COOKIE),
                              csrf_header=str(csrf.get("header") or DEFAULT_CSRF_HEADER))
        return AuthScheme(name, "apikey", "cookie", parameter)
    if location == "header" and parameter.lower() == "authorization":
        found = PREFIX_IN_DESCRIPTION.search(str(raw.get("description") or ""))
        prefix = token_keyword if token_keyword is not None else (found.group(1) if found else "")
        if prefix:
            return AuthScheme(name, "token", "header", "Authorization", prefix=prefix)
        return AuthScheme(name, "apikey", "header", "Authorization")
    return AuthScheme(name, "apikey", location, parameter)  # type: ignore[arg-type]


def token_endpoint_role(method: str, path: str) -> Role:
    """The path heuristic for documents without `x-revolution-auth`: POST `.../token/refresh/` etc."""
    if method.upper() != "POST":
        return ""
    segments = [part for part in path.lower().split("/") if part]
    for length in (2, 1):
        role = TOKEN_PATHS.get("/".join(segments[-length:])) if len(segments) >= length else None
        if role:
            return role
    return ""


def document_security(document: Mapping[str, Any], token_keyword: str | None = None) -> DocumentSecurity:
    """Classify the document's schemes and resolve every operation's security (its own `security`, else the
    document's; requirements naming an undeclared scheme are dropped with a warning)."""
    declared = (document.get("components") or {}).get("securitySchemes") or {}
    schemes = {str(name): classify_scheme(str(name), raw, token_keyword)
               for name, raw in declared.items() if isinstance(raw, Mapping)}
    top = document.get("security")
    warnings: list[str] = []
    operations: dict[tuple[str, str], OperationSecurity] = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, Mapping):
            continue
        for method in HTTP_METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping):
                continue
            raw = operation.get("security", top)
            alternatives: list[tuple[str, ...]] = []
            for requirement in raw if isinstance(raw, list) else []:
                if not isinstance(requirement, Mapping):
                    continue
                names = tuple(str(name) for name in requirement)
                unknown = [name for name in names if name not in schemes]
                if unknown:
                    warnings.append(f"{method.upper()} {path}: security names undeclared scheme(s) "
                                    f"{', '.join(unknown)}; that alternative is ignored")
                    continue
                if names not in alternatives:
                    alternatives.append(names)
            if not any(alternatives):
                alternatives = []  # `[{}]`: anonymous only, the same as no security for a client
            mark = operation.get(AUTH_EXTENSION)
            role: Role = mark if mark in ROLES else token_endpoint_role(method, str(path))
            operations[(method.upper(), str(path))] = OperationSecurity(tuple(alternatives), role)
    return DocumentSecurity(schemes, operations, tuple(warnings))
