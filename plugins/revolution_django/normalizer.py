"""The DRF schema normalizer: fixes what breaks client generators on drf-spectacular documents.

* `NullEnum` / `BlankEnum` in a `oneOf` collapse into one nullable (and, for blank, `...OrBlankEnum`) enum;
* request bodies holding binary fields keep only `multipart/form-data`;
* a `servers` entry (drf-spectacular emits none; some generators need one);
* operationIds and enum names from meaning, never from order (`revolution_django.naming`): `list_products`,
  `cancel_orders`, `partial_update_me`, `OrderStatusEnum`; adding an endpoint or a field renames nothing else;
* with stable enum names turned off, hash-suffixed enum names get a ready-to-paste `ENUM_NAME_OVERRIDES` hint.

A pure function of the document: `normalize(document, context) -> (document, warnings)`. Zones turn it off
with `schema_options={"normalize": False}` or replace it with `{"normalizer": "dotted.path"}`.
"""

from __future__ import annotations

import copy
import hashlib
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from revolution_django.naming import OperationView, stable_enum_names, stable_operation_ids

REF_PREFIX = "#/components/schemas/"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
HASHED_ENUM = re.compile(r"^(?P<base>[A-Z][A-Za-z0-9]*?)(?P<hash>[0-9A-F][0-9a-f]{2})Enum$")
CHOICE_LINE = re.compile(r"^\* `(?P<value>.*)` - (?P<label>.*)$")


@dataclass(frozen=True)
class NormalizeContext:
    """What the normalizer knows about the zone: its name and URL prefix (e.g. `/api/public`), and what the
    schema producer learnt about the views: `views[(path, method)]` (DRF action, explicit operationId),
    `enum_overrides` (the names pinned in ENUM_NAME_OVERRIDES) and drf-spectacular's `ENUM_SUFFIX`."""

    zone: str
    path_prefix: str
    server_url: str = "/"
    operation_ids: bool = True
    enum_names: bool = True
    views: Mapping[tuple[str, str], OperationView] = field(default_factory=dict)
    enum_overrides: frozenset[str] = frozenset()
    enum_suffix: str = "Enum"


Normalizer = Callable[[dict[str, Any], NormalizeContext], tuple[dict[str, Any], list[str]]]


def normalize(document: dict[str, Any], context: NormalizeContext) -> tuple[dict[str, Any], list[str]]:
    """Return a normalized copy of `document` and the warnings (hints) met on the way."""
    doc = copy.deepcopy(document)
    warnings: list[str] = []
    if context.enum_names:
        warnings.extend(stable_enum_names(doc, context.enum_overrides, context.enum_suffix))
    collapse_null_blank_enums(doc)
    multipart_only_for_binary(doc)
    if context.server_url and not doc.get("servers"):
        doc["servers"] = [{"url": context.server_url}]
    if context.operation_ids:
        warnings.extend(stable_operation_ids(doc, context.path_prefix, context.views))
    if not context.enum_names:
        warnings.extend(enum_name_hints(doc))
    return doc, warnings


def load_normalizer(dotted: str | None) -> Normalizer:
    if not dotted:
        return normalize
    from django.utils.module_loading import import_string

    return import_string(dotted)  # type: ignore[no-any-return]


# -- NullEnum / BlankEnum --


def _schemas(doc: dict[str, Any]) -> dict[str, Any]:
    schemas: dict[str, Any] = doc.setdefault("components", {}).setdefault("schemas", {})
    return schemas


def _walk(node: Any) -> Iterator[dict[str, Any]]:
    if isinstance(node, dict):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item)


def _ref_name(node: Any) -> str | None:
    if isinstance(node, dict) and isinstance(node.get("$ref"), str) and node["$ref"].startswith(REF_PREFIX):
        return str(node["$ref"][len(REF_PREFIX):])
    return None


def collapse_null_blank_enums(doc: dict[str, Any]) -> None:
    """`oneOf: [X, BlankEnum, NullEnum]` -> `allOf: [XOrBlank], nullable: true` (one enum, no extra types)."""
    schemas = _schemas(doc)
    null_names = {n for n, s in schemas.items() if isinstance(s, dict) and s.get("enum") == [None]}
    blank_names = {n for n, s in schemas.items() if isinstance(s, dict) and s.get("enum") == [""]}
    if not null_names and not blank_names:
        return
    replaced: set[str] = set()
    for node in list(_walk(doc)):
        one_of = node.get("oneOf")
        if not isinstance(one_of, list):
            continue
        names = [_ref_name(item) for item in one_of]
        has_null = any(n in null_names for n in names)
        has_blank = any(n in blank_names for n in names)
        rest = [item for item, n in zip(one_of, names, strict=True) if n not in null_names | blank_names]
        if not (has_null or has_blank) or len(rest) != 1:
            continue
        target = rest[0]
        target_name = _ref_name(target)
        if has_blank and target_name and isinstance(schemas.get(target_name), dict):
            target = {"$ref": REF_PREFIX + _blankable(schemas, target_name)}
            replaced.add(target_name)
        del node["oneOf"]
        node["allOf"] = [target]
        if has_null:
            node["nullable"] = True
    used = {_ref_name(n) for n in _walk({k: v for k, v in doc.items() if k != "components"})}
    used |= {_ref_name(n) for name, s in schemas.items() for n in _walk(s)}
    for name in sorted(null_names | blank_names | replaced):
        if name not in used:
            del schemas[name]


def _blankable(schemas: dict[str, Any], name: str) -> str:
    base = name[:-4] if name.endswith("Enum") and len(name) > 4 else name
    blank_name = f"{base}OrBlankEnum"
    if blank_name not in schemas:
        source = schemas[name]
        schemas[blank_name] = {**source, "enum": [*source.get("enum", []), ""]}
    return blank_name


# -- binary request bodies --


def _has_binary(schema: Any, schemas: dict[str, Any], seen: set[str]) -> bool:
    for node in _walk(schema):
        if node.get("format") == "binary":
            return True
        name = _ref_name(node)
        if name and name not in seen:
            seen.add(name)
            if _has_binary(schemas.get(name), schemas, seen):
                return True
    return False


def multipart_only_for_binary(doc: dict[str, Any]) -> None:
    """A body with a file field can only be sent as multipart: drop its JSON/urlencoded variants."""
    schemas = _schemas(doc)
    for operation in _operations(doc):
        content = operation.get("requestBody", {}).get("content")
        if not isinstance(content, dict) or "multipart/form-data" not in content or len(content) == 1:
            continue
        if any(_has_binary(media.get("schema"), schemas, set()) for media in content.values()):
            operation["requestBody"]["content"] = {"multipart/form-data": content["multipart/form-data"]}


def _operations(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for item in doc.get("paths", {}).values():
        for method in METHODS:
            if isinstance(item.get(method), dict):
                yield item[method]


# -- ENUM_NAME_OVERRIDES hints --


def _list_hash(pairs: list[tuple[Any, Any]]) -> str:
    return hashlib.sha256(json.dumps(sorted(pairs), sort_keys=True).encode()).hexdigest()[:16]


def _choices(schema: dict[str, Any]) -> list[tuple[Any, Any]]:
    values = [v for v in schema.get("enum", []) if v not in ("", None)]
    labels = {}
    for line in str(schema.get("description", "")).splitlines():
        match = CHOICE_LINE.match(line.strip())
        if match:
            labels[match["value"]] = match["label"]
    return [(v, labels.get(str(v), v)) for v in values]


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


def enum_name_hints(doc: dict[str, Any]) -> list[str]:
    """One warning with an `ENUM_NAME_OVERRIDES` snippet naming every hash-suffixed enum stably."""
    schemas = _schemas(doc)
    users: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for component, schema in schemas.items():
        owner = re.sub(r"Request$", "", re.sub(r"^Patched", "", component))
        for node in _walk(schema):
            for prop, prop_schema in (node.get("properties") or {}).items():
                for ref in _walk(prop_schema):
                    if (name := _ref_name(ref)) is not None:
                        users[name].add((owner, prop))
    entries = []
    for name, schema in sorted(schemas.items()):
        match = HASHED_ENUM.match(name)
        if not match or not isinstance(schema, dict) or "enum" not in schema:
            continue
        choices = _choices(schema)
        if _list_hash(choices)[:3].capitalize() != match["hash"]:
            continue
        owners = sorted(users.get(name, set()))
        stable = f"{owners[0][0]}{_camel(owners[0][1])}Enum" if owners else f"{match['base']}Enum"
        used_by = ", ".join(f"{c}.{p}" for c, p in owners) or "no field"
        entries.append((name, stable, used_by, choices))
    if not entries:
        return []
    lines = [f"    {stable!r}: {choices!r},  # was {name} ({used_by})" for name, stable, _, choices in entries]
    names = ", ".join(name for name, *_ in entries)
    return [
        f"drf-spectacular invented hash-suffixed enum names ({names}): they change whenever the choices change "
        "and break client code. Pin stable names in settings.py:\n"
        "SPECTACULAR_SETTINGS = {\n  \"ENUM_NAME_OVERRIDES\": {\n" + "\n".join(lines) + "\n  },\n}"
    ]
