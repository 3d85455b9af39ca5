"""Responses that differ from the schema, handled the way commercial SDKs do: the data is built into the
models as well as it fits instead of raising after the server has done the work.

`construct(annotation, data)` validates what validates and keeps the rest as received: a model gets the
fields it can (missing required fields are None, missing optional ones MISSING), unknown keys stay
reachable as attributes and in `model_extra`, a mistyped value stays as sent. Nothing here raises.
"""

from __future__ import annotations

import dataclasses
import enum
import types
import typing
from collections.abc import Mapping, Sequence
from typing import Any, get_args, get_origin

import pydantic
from pydantic_core import PydanticUndefined

from .encoding import adapter

UNION_TYPES = (typing.Union, types.UnionType)
SEQUENCES = (list, tuple, set, frozenset, Sequence)
MAPPINGS = (dict, Mapping)


def construct(annotation: Any, data: Any) -> Any:
    """`data` as an instance of `annotation`, as far as it fits."""
    if annotation is Any or annotation is None:
        return data
    try:
        return adapter(annotation).validate_python(data)
    except (pydantic.ValidationError, TypeError, ValueError):  # TypeError: not a type pydantic knows
        pass
    origin = get_origin(annotation)
    if origin is typing.Annotated:
        return construct(get_args(annotation)[0], data)
    if origin in UNION_TYPES:
        return _union(get_args(annotation), data)
    if origin in SEQUENCES and isinstance(data, list):
        args = get_args(annotation)
        return [construct(args[0] if args else Any, value) for value in data]
    if origin in MAPPINGS and isinstance(data, dict):
        args = get_args(annotation)
        value_type = args[1] if len(args) == 2 else Any
        return {key: construct(value_type, value) for key, value in data.items()}
    if isinstance(annotation, type):
        if issubclass(annotation, pydantic.BaseModel) and isinstance(data, dict):
            return _model(annotation, data)
        if dataclasses.is_dataclass(annotation) and isinstance(data, dict):
            return _dataclass(annotation, data)
        if typing.is_typeddict(annotation) and isinstance(data, dict):
            hints = typing.get_type_hints(annotation)
            return {key: construct(hints.get(key, Any), value) for key, value in data.items()}
        if issubclass(annotation, enum.Enum):
            try:
                return annotation(data)
            except ValueError:
                return data
    return data


def _union(members: tuple[Any, ...], data: Any) -> Any:
    """The member whose shape matches: a model for an object, a list for an array; else as received."""
    if data is None:
        return None
    for member in members:
        origin = get_origin(member) or member
        if isinstance(data, dict) and isinstance(origin, type) and (
                issubclass(origin, pydantic.BaseModel) or dataclasses.is_dataclass(origin) or origin in MAPPINGS):
            return construct(member, data)
        if isinstance(data, list) and origin in SEQUENCES:
            return construct(member, data)
    return data


def _model(cls: type[pydantic.BaseModel], data: dict[str, Any]) -> pydantic.BaseModel:
    values: dict[str, Any] = {}
    present: set[str] = set()
    used: set[str] = set()
    for name, field in cls.model_fields.items():
        key = next((k for k in (field.alias, name) if k is not None and k in data), None)
        if key is not None:
            values[name] = construct(field.annotation, data[key])
            present.add(name)
            used.add(key)
        else:
            default = field.get_default(call_default_factory=True)
            values[name] = None if default is PydanticUndefined else default
    extra = {key: value for key, value in data.items() if key not in used and key not in values}
    return cls.model_construct(present, **values, **extra)


def _dataclass(cls: type[Any], data: dict[str, Any]) -> Any:
    instance = object.__new__(cls)
    hints = typing.get_type_hints(cls)
    used: set[str] = set()
    for field in dataclasses.fields(cls):
        if field.name in data:
            value = construct(hints.get(field.name, Any), data[field.name])
            used.add(field.name)
        elif field.default is not dataclasses.MISSING:
            value = field.default
        elif field.default_factory is not dataclasses.MISSING:
            value = field.default_factory()
        else:
            value = None
        object.__setattr__(instance, field.name, value)
    for key, value in data.items():
        if key not in used and key.isidentifier():
            object.__setattr__(instance, key, value)
    return instance


def describe(error: pydantic.ValidationError, limit: int = 5) -> str:
    """`results[0].status: Input should be 'a' or 'b' (got 'c'); email: Field required`."""
    parts = []
    for item in error.errors(include_url=False)[:limit]:
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in item["loc"]).lstrip(".") or "(body)"
        got = "" if item["type"] == "missing" else f" (got {_short(item.get('input'))})"
        parts.append(f"{where}: {item['msg']}{got}")
    more = error.error_count() - limit
    return "; ".join(parts) + (f"; and {more} more" if more > 0 else "")


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
