"""Turning Python values into query strings, JSON and form bodies, and JSON back into models."""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx
from pydantic import MISSING, BaseModel, TypeAdapter
from pydantic_core import to_jsonable_python


@functools.lru_cache(maxsize=512)
def adapter(annotation: Any) -> TypeAdapter[Any]:
    return TypeAdapter(annotation)


def scalar(value: Any) -> str:
    """One query or form value as DRF expects it: booleans lowercase, enums by value, dates ISO."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return scalar(value.value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    return str(value)


def path(template: str, **values: Any) -> str:
    """`/orders/{id}/` with each value percent-encoded as one path segment."""
    return template.format(**{name: quote(scalar(value), safe="") for name, value in values.items()})


def given(value: Any) -> bool:
    """Whether a parameter is sent: `MISSING` (the default of optional arguments) and None are not."""
    return value is not None and value is not MISSING


def query(params: Mapping[str, Any] | None) -> list[tuple[str, str]]:
    """Query pairs: MISSING and None are left out, sequences repeat the key (`?status=a&status=b`)."""
    pairs: list[tuple[str, str]] = []
    for key, value in (params or {}).items():
        if not given(value):
            continue
        values = value if isinstance(value, list | tuple | set | frozenset) else [value]
        pairs.extend((key, scalar(one)) for one in values)
    return pairs


def json_body(body: Any) -> Any:
    """A model (only the fields that were set, by alias) or plain data as JSON-able values; MISSING values
    are left out (None is sent as null)."""
    if isinstance(body, BaseModel):
        return body.model_dump(mode="json", by_alias=True, exclude_unset=True)
    return to_jsonable_python(_without_missing(body), by_alias=True)


def _without_missing(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {key: _without_missing(item) for key, item in value.items() if item is not MISSING}
    if isinstance(value, list | tuple):
        return [_without_missing(item) for item in value if item is not MISSING]
    return value


def is_file(value: Any) -> bool:
    if isinstance(value, bytes | bytearray) or hasattr(value, "read"):
        return True
    return (isinstance(value, tuple) and len(value) in (2, 3) and isinstance(value[0], str)
            and (isinstance(value[1], bytes | bytearray) or hasattr(value[1], "read")))


def form_body(fields: Mapping[str, Any]) -> tuple[dict[str, Any], list[tuple[str, Any]]]:
    """(data, files) for httpx: file values go to `files`, the rest are strings (nested data as JSON)."""
    data: dict[str, Any] = {}
    files: list[tuple[str, Any]] = []
    for key, value in fields.items():
        if not given(value):
            continue
        if is_file(value):
            files.append((key, value))
        elif isinstance(value, list | tuple) and value and all(is_file(item) for item in value):
            files.extend((key, item) for item in value)
        elif isinstance(value, list | tuple):
            data[key] = [scalar(item) for item in value]
        elif isinstance(value, dict | BaseModel):
            data[key] = json.dumps(json_body(value))
        else:
            data[key] = scalar(value)
    return data, files


def follow(base_url: str, next_url: str) -> str:
    """The URL of a paginator's `next` link, on our base URL's host (servers behind proxies often
    build links with their internal host)."""
    link = httpx.URL(next_url)
    base = httpx.URL(base_url)
    if link.is_relative_url:
        return str(base.join(next_url))
    return str(base.copy_with(raw_path=link.raw_path))
