"""revolution_core.security: schemes classified by what a client does with them, operations' effective
security (own, inherited, none, optional), token endpoints by mark or path, the refresh endpoint."""

from __future__ import annotations

from typing import Any

from revolution_core.security import AuthScheme, classify_scheme, document_security

DRF_TOKEN = {"type": "apiKey", "in": "header", "name": "Authorization",
             "description": 'Token-based authentication with required prefix "Token"'}


def doc(paths: dict[str, Any], schemes: dict[str, Any] | None = None, **top: Any) -> dict[str, Any]:
    return {"openapi": "3.0.3", "paths": paths, "components": {"securitySchemes": schemes or {}}, **top}


def test_drf_spectacular_schemes_are_classified() -> None:
    assert classify_scheme("jwtAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}) == AuthScheme(
        "jwtAuth", "bearer", prefix="Bearer", refreshable=True)
    assert classify_scheme("basicAuth", {"type": "http", "scheme": "basic"}).kind == "basic"
    token = classify_scheme("tokenAuth", DRF_TOKEN)
    assert (token.kind, token.parameter, token.prefix) == ("token", "Authorization", "Token")
    knox = classify_scheme("knoxApiToken", {**DRF_TOKEN, "description": 'required prefix "Bearer"'})
    assert (knox.kind, knox.prefix) == ("token", "Bearer")
    assert classify_scheme("tokenAuth", DRF_TOKEN, token_keyword="Key").prefix == "Key"
    session = classify_scheme("cookieAuth", {"type": "apiKey", "in": "cookie", "name": "sessionid"})
    assert (session.kind, session.csrf_cookie, session.csrf_header) == ("session", "csrftoken", "X-CSRFToken")
    custom = classify_scheme("s", {"type": "apiKey", "in": "cookie", "name": "sid",
                                   "x-revolution-csrf": {"cookie": "xsrf", "header": "X-XSRF"}})
    assert (custom.kind, custom.parameter, custom.csrf_cookie, custom.csrf_header) == ("session", "sid", "xsrf",
                                                                                       "X-XSRF")


def test_api_keys_in_header_query_and_cookie_are_sent_raw() -> None:
    for where, name in (("header", "X-API-Key"), ("query", "api_key"), ("cookie", "key")):
        scheme = classify_scheme("k", {"type": "apiKey", "in": where, "name": name})
        assert (scheme.kind, scheme.location, scheme.parameter, scheme.prefix) == ("apikey", where, name, "")
    assert classify_scheme("d", {"type": "http", "scheme": "digest"}).kind == "other"
    assert classify_scheme("o", {"type": "oauth2", "flows": {}}).refreshable is False


def test_operation_security_is_its_own_else_the_documents_else_none() -> None:
    security = document_security(doc(
        {
            "/own/": {"get": {"security": [{"jwtAuth": []}, {}]}},
            "/inherits/": {"get": {}},
            "/none/": {"get": {"security": []}},
            "/both/": {"get": {"security": [{"jwtAuth": [], "key": []}]}},
            "/unknown/": {"get": {"security": [{"nope": []}, {"jwtAuth": []}]}},
        },
        {"jwtAuth": {"type": "http", "scheme": "bearer"}, "key": {"type": "apiKey", "in": "query", "name": "k"}},
        security=[{"jwtAuth": []}],
    ))
    own = security.operation("GET", "/own/")
    assert own.alternatives == (("jwtAuth",), ()) and own.optional and own.accepts_credentials
    assert security.operation("get", "/inherits/").alternatives == (("jwtAuth",),)
    assert not security.operation("GET", "/none/").accepts_credentials
    assert security.operation("GET", "/both/").alternatives == (("jwtAuth", "key"),)
    assert security.operation("GET", "/unknown/").alternatives == (("jwtAuth",),)
    assert security.warnings == (
        "GET /unknown/: security names undeclared scheme(s) nope; that alternative is ignored",)


def test_token_endpoints_by_mark_else_by_path() -> None:
    security = document_security(doc({
        "/api/token/refresh/": {"post": {}},
        "/api/auth/session/": {"post": {"x-revolution-auth": "obtain"}},
        "/api/custom/renew/": {"post": {"x-revolution-auth": "refresh"}},
        "/api/users/{id}/verify/": {"post": {}},
        "/api/token/": {"post": {}, "get": {}},
    }))
    roles = {f"{method} {path}": op.role for (method, path), op in security.operations.items() if op.role}
    assert roles == {"POST /api/token/": "obtain", "POST /api/token/refresh/": "refresh",
                     "POST /api/auth/session/": "obtain", "POST /api/custom/renew/": "refresh"}
