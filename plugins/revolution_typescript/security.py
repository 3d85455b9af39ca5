"""Each zone's `security.gen.ts`: its security schemes and every operation's `security` (alternatives of
scheme names, `[]` = anonymous allowed) and token-endpoint role, keyed like the calls the SDK makes
(`METHOD /path/template`), read by the `API` class to attach credentials per operation. Also the
`Credentials` type of the whole package."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from pathlib import PurePosixPath
from typing import Any

from revolution_core.packaging import generated_notice
from revolution_core.security import AuthScheme, document_security

FILE = "security.gen.ts"
HEADER = f"// {generated_notice('typescript')}\n"
SETTABLE = ("bearer", "basic", "token", "apikey")


def security_module(document: Mapping[str, Any], token_keyword: str | None = None) -> str:
    """The module's source: one line per scheme and per operation, so that diffs stay readable."""
    security = document_security(document, token_keyword)
    schemes = [f"    {_compact(name)}: {_compact(scheme.as_json())}," for name, scheme in security.schemes.items()]
    operations = [f"    {_compact(f'{method} {path}')}: {_compact(op.as_json())},"
                  for (method, path), op in security.operations.items()]
    return "\n".join([HEADER, "/** This zone's security, for `API` (see `_api/auth.ts`). */",
                      "export const security = {", "  schemes: {", *schemes, "  },", "  operations: {", *operations,
                      "  },", "} as const;", ""])


def _compact(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(", ", ": "))


def package_schemes(documents: Iterable[Mapping[str, Any]], token_keyword: str | None = None) -> list[AuthScheme]:
    """Every zone's schemes by name; the first zone (in the order given) wins a clash."""
    found: dict[str, AuthScheme] = {}
    for document in documents:
        for scheme in document_security(document, token_keyword).schemes.values():
            found.setdefault(scheme.name, scheme)
    return list(found.values())


def credentials_interface(schemes: Iterable[AuthScheme]) -> list[str]:
    """`export interface Credentials { ... }`: the schemes a user sets values for, by name."""
    lines = ["/** What `api.setCredentials()` takes, by security scheme name: a bearer scheme's value is the access",
             " * token (as `setToken`), basic auth `{ username, password }`, DRF/knox tokens and API keys the key. */",
             "export interface Credentials {"]
    for scheme in schemes:
        if scheme.kind in SETTABLE:
            value = "{ username: string; password: string }" if scheme.kind == "basic" else "string"
            lines.append(f"  {json.dumps(scheme.name)}?: {value};")
    lines.append("}")
    return lines


def import_path(zone_path: PurePosixPath) -> str:
    return f"./{zone_path.as_posix()}/{FILE.removesuffix('.ts')}.js"
