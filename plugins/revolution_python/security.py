"""A zone's security as the generated modules spell it: `SCHEMES` (one `Scheme(...)` per security scheme),
one module constant per distinct operation requirement, named by what it says (`_AUTH_JWT_AUTH_OR_ANONYMOUS`,
`_NO_AUTH_OBTAIN`) so that names do not move when unrelated operations change, and the `Credentials`
TypedDict of the schemes a user can set credentials for."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from revolution_core.security import AuthScheme, DocumentSecurity, OperationSecurity, document_security
from revolution_python.naming import snake, unique

SETTABLE = ("bearer", "basic", "token", "apikey")


@dataclass(frozen=True)
class SecurityConstant:
    name: str
    security: OperationSecurity

    @property
    def literal(self) -> str:
        """`Security((("jwtAuth",), ()), SCHEMES)` (plus the role of a token endpoint)."""
        alternatives = [f"({', '.join(_quote(name) for name in alt)},)" if alt else "()"
                        for alt in self.security.alternatives]
        inner = ", ".join(alternatives) + ("," if len(alternatives) == 1 else "")
        role = f", role={_quote(self.security.role)}" if self.security.role else ""
        return f"Security(({inner}), SCHEMES{role})"


class ZoneSecurity:
    """The zone document's schemes and the constants its operations refer to, in first-use order."""

    def __init__(self, document: Mapping[str, Any], token_keyword: str | None = None) -> None:
        self.document: DocumentSecurity = document_security(document, token_keyword)
        self._constants: dict[OperationSecurity, str] = {}
        self._taken: set[str] = set()

    @property
    def schemes(self) -> tuple[AuthScheme, ...]:
        return tuple(self.document.schemes.values())

    @property
    def constants(self) -> tuple[SecurityConstant, ...]:
        return tuple(SecurityConstant(name, security) for security, name in self._constants.items())

    def constant_for(self, method: str, path: str) -> str:
        security = self.document.operation(method, path)
        if security not in self._constants:
            self._constants[security] = unique(_name(security), self._taken)
        return self._constants[security]


def _name(security: OperationSecurity) -> str:
    if not security.alternatives:
        base = "_NO_AUTH"
    else:
        parts = ["_AND_".join(snake(name).upper() for name in alt) if alt else "ANONYMOUS"
                 for alt in security.alternatives]
        base = "_AUTH_" + "_OR_".join(parts)
    return f"{base}_{security.role.upper()}" if security.role else base


def scheme_literal(scheme: AuthScheme) -> str:
    """`Scheme("token", prefix="Token")`: the kind and every field that differs from `Scheme`'s defaults."""
    args = [f'"{scheme.kind}"']
    if scheme.location != "header":
        args.append(f'location="{scheme.location}"')
    if scheme.parameter != "Authorization":
        args.append(f"name={_quote(scheme.parameter)}")
    if scheme.prefix:
        args.append(f"prefix={_quote(scheme.prefix)}")
    if scheme.refreshable:
        args.append("refresh=True")
    if scheme.csrf_cookie:
        args.append(f"csrf_cookie={_quote(scheme.csrf_cookie)}")
    if scheme.csrf_header:
        args.append(f"csrf_header={_quote(scheme.csrf_header)}")
    return f"Scheme({', '.join(args)})"


def credential_fields(schemes: Iterable[AuthScheme]) -> list[tuple[str, str]]:
    """(scheme name, value annotation) for the `Credentials` TypedDict: the schemes a user sets values for."""
    fields: dict[str, str] = {}
    for scheme in schemes:
        if scheme.kind in SETTABLE and scheme.name not in fields:
            fields[scheme.name] = "tuple[str, str] | None" if scheme.kind == "basic" else "str | None"
    return list(fields.items())


def _quote(text: str) -> str:
    return json.dumps(text)


def package_schemes(documents: Iterable[Mapping[str, Any]], token_keyword: str | None = None) -> list[AuthScheme]:
    """Every zone's schemes for the package's `API`, by name; the first zone (by name) wins a clash."""
    found: dict[str, AuthScheme] = {}
    for document in documents:
        for scheme in document_security(document, token_keyword).schemes.values():
            found.setdefault(scheme.name, scheme)
    return list(found.values())
