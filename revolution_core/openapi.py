"""Reading OpenAPI documents, for any stage: operations in a stable order and the token endpoints.

Shared so that every generator draws the same conclusions from the same schema (one rule, not one per
language)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# A schema producer may mark the operations that obtain or refresh tokens (`x-revolution-auth: "obtain"` or
# `"refresh"`); for documents without the mark, a POST path ending in `token/refresh/` is the refresh endpoint.
AUTH_ROLE = "x-revolution-auth"
REFRESH_SUFFIX = "token/refresh"


def operations(document: Mapping[str, Any]) -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(path, method, operation) for every operation, paths sorted, methods in OpenAPI's order."""
    paths = document.get("paths") or {}
    for path in sorted(paths):
        item = paths[path] or {}
        for method in METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                yield path, method, operation


def find_refresh_path(documents: Iterable[Mapping[str, Any]]) -> str | None:
    """The token refresh endpoint of the zones' documents: the first operation marked `refresh`, else the
    first POST path ending in `token/refresh/` (simplejwt's convention); None when there is none."""
    documents = list(documents)
    for document in documents:
        for path, _, operation in operations(document):
            if operation.get(AUTH_ROLE) == "refresh":
                return path
    for document in documents:
        for path, method, _ in operations(document):
            if method == "post" and path.rstrip("/").endswith(REFRESH_SUFFIX):
                return path
    return None
