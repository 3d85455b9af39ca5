"""Credentials for a zone's requests: a credentials callable's headers, or a user from a user factory
turned into what the zone's security scheme asks for (a simplejwt access token, a DRF token, a session
cookie with its CSRF token). Credentials are only sent to operations whose schema asks for them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from revolution_core.errors import RevolutionError

CSRF_SECRET = "revolutionverifycsrfsecret000000"  # 32 characters, the length Django's CSRF secrets have


@dataclass(frozen=True)
class Credentials:
    """What a request carries to authenticate: headers and cookies."""

    headers: dict[str, str] = field(default_factory=dict)
    cookies: dict[str, str] = field(default_factory=dict)
    via: str = ""

    def __bool__(self) -> bool:
        return bool(self.headers or self.cookies)


class AuthSetupError(RevolutionError):
    """The zone's verify authentication could not be set up: a configuration mistake (exit 2, as
    docs/verify.md says), not a mismatch between a schema and its views (exit 1)."""

    exit_code = 2


def import_callable(dotted: str, setting: str) -> Callable[..., Any]:
    from django.utils.module_loading import import_string

    try:
        target = import_string(dotted)
    except ImportError as exc:
        raise AuthSetupError(f"{setting}: cannot import {dotted!r} ({exc}); give the dotted path of a function, "
                             "e.g. 'myproject.verify.credentials'") from None
    if not callable(target):
        raise AuthSetupError(f"{setting}: {dotted!r} is a {type(target).__name__}, not a function")
    return target  # type: ignore[no-any-return]


@dataclass(frozen=True)
class ZoneCredentials:
    """A zone's credentials: minted per security scheme from a user, or headers from an `auth` callable
    (sent to every operation that asks for any credentials)."""

    schemes: dict[str, Credentials] = field(default_factory=dict)
    headers: Credentials | None = None

    @property
    def via(self) -> str:
        if self.headers is not None:
            return self.headers.via
        return ", ".join(dict.fromkeys(c.via for c in self.schemes.values()))

    def for_operation(self, operation: dict[str, Any], document: dict[str, Any]) -> Credentials:
        """What to send with `operation`: its first security requirement this zone holds every scheme of
        (`{}`, anonymous, only when none is held); nothing for an operation that asks for none."""
        security = operation.get("security", document.get("security", []))
        requirements = [requirement for requirement in security if requirement]
        if not requirements:
            return Credentials()
        if self.headers is not None:
            return self.headers
        for requirement in requirements:
            if all(name in self.schemes for name in requirement):
                parts = [self.schemes[name] for name in requirement]
                return Credentials(headers={k: v for c in parts for k, v in c.headers.items()},
                                   cookies={k: v for c in parts for k, v in c.cookies.items()},
                                   via=", ".join(c.via for c in parts))
        return Credentials()


def zone_credentials(zone: str, document: dict[str, Any], auth: str | None, user: str | None,
                     setting: str) -> ZoneCredentials:
    """The zone's credentials; none when neither `auth` nor `user` is configured."""
    if auth:
        headers = _call(import_callable(auth, f"{setting}.auth"), zone, f"{setting}.auth")
        if not isinstance(headers, dict) or not all(isinstance(k, str) and isinstance(v, str)
                                                    for k, v in headers.items()):
            raise AuthSetupError(f"{setting}.auth: {auth} returned {type(headers).__name__}; it must return a dict "
                                 "of request headers, e.g. {'Authorization': 'Bearer <token>'}")
        return ZoneCredentials(headers=Credentials(headers=headers, via=f"credentials from {auth}"))
    if user:
        account = _call(import_callable(user, f"{setting}.user"), zone, f"{setting}.user")
        return credentials_for_user(zone, account, document, f"{setting}.user ({user})")
    return ZoneCredentials()


def _call(function: Callable[..., Any], zone: str, setting: str) -> Any:
    try:
        return function(zone)
    except RevolutionError:
        raise
    except Exception as exc:
        raise AuthSetupError(f"{setting} raised {type(exc).__name__}: {exc} (it is called with the zone name, "
                             f"'{zone}', inside the test database after the seed data is loaded)") from exc


def credentials_for_user(zone: str, user: Any, document: dict[str, Any], setting: str) -> ZoneCredentials:
    """Credentials for `user` under every security scheme of the zone this plugin can mint for."""
    from django.contrib.auth.base_user import AbstractBaseUser

    if not isinstance(user, AbstractBaseUser):
        raise AuthSetupError(f"{setting} returned {type(user).__name__}; it must return a saved user")
    schemes = document.get("components", {}).get("securitySchemes", {})
    minted = {name: credentials for name in _scheme_order(document)
              if (credentials := _mint(schemes.get(name, {}), user))}
    if schemes and not minted:
        described = ", ".join(f"{n} ({' '.join(str(p) for p in (s.get('type'), s.get('scheme') or s.get('in')) if p)})"
                              for n, s in schemes.items())
        raise AuthSetupError(
            f"zone '{zone}': {setting} gave a user, but none of the zone's security schemes can be minted from a "
            f"user here (schemes: {described}; supported: simplejwt bearer tokens, DRF tokens, Django sessions): "
            "configure `auth` with a callable returning the request headers instead"
        )
    return ZoneCredentials(schemes=minted)


def _scheme_order(document: dict[str, Any]) -> list[str]:
    """Schemes in the order the zone's operations list them (DRF's authentication_classes order)."""
    names: list[str] = []
    requirements = list(document.get("security", []))
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if isinstance(operation, dict):
                requirements.extend(operation.get("security", []))
    for requirement in requirements:
        names.extend(requirement)
    names.extend(document.get("components", {}).get("securitySchemes", {}))
    return list(dict.fromkeys(names))


def _mint(scheme: dict[str, Any], user: Any) -> Credentials | None:
    from django.apps import apps

    kind, where = scheme.get("type"), scheme.get("in")
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        try:
            from rest_framework_simplejwt.tokens import AccessToken
        except ImportError:
            return None
        token = AccessToken.for_user(user)
        # valid for the whole verify run, whatever ACCESS_TOKEN_LIFETIME says (projects set it to seconds or
        # minutes; an expired token made every later operation "refuse the configured credentials")
        token.set_exp(lifetime=timedelta(hours=1))
        return Credentials(headers={"Authorization": f"Bearer {token}"}, via="simplejwt token")
    if kind == "apiKey" and where == "header" and scheme.get("name") == "Authorization":
        if not apps.is_installed("rest_framework.authtoken"):
            return None
        from rest_framework.authtoken.models import Token

        token, _ = Token.objects.get_or_create(user=user)
        return Credentials(headers={"Authorization": f"Token {token.key}"}, via="DRF token")
    if kind == "apiKey" and where == "cookie":
        from django.conf import settings

        # Django's session cookie only: another cookie scheme (a JWT cookie, as dj-rest-auth's) holds something
        # this plugin cannot tell, and a session there made every operation "refuse the credentials"
        return _session(user) if scheme.get("name") == settings.SESSION_COOKIE_NAME else None
    return None


def _session(user: Any) -> Credentials:
    """A logged-in session (Django's test client does the login) plus a CSRF cookie and header pair."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    cookies = {settings.SESSION_COOKIE_NAME: client.cookies[settings.SESSION_COOKIE_NAME].value}
    if getattr(settings, "CSRF_USE_SESSIONS", False):
        from django.middleware.csrf import CSRF_SESSION_KEY

        session = client.session
        session[CSRF_SESSION_KEY] = CSRF_SECRET
        session.save()
    else:
        cookies[settings.CSRF_COOKIE_NAME] = CSRF_SECRET
    headers = {settings.CSRF_HEADER_NAME.removeprefix("HTTP_").replace("_", "-"): CSRF_SECRET}
    return Credentials(headers=headers, cookies=cookies, via="Django session")
