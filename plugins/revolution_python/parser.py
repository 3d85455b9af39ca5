"""OpenAPI document -> `ZoneApi`: operations grouped by tag, typed against the generated models.

Method names strip the tag from the Django normalizer's `<action>_<tag>[_by_<params>]` operationIds
(`list_products` -> `products.list`, `create_password_reset_by_uid` -> `password_reset.create_by_uid`),
falling back to the whole operationId when two operations of a resource would share a name. Names depend
only on each operation (never on document order), so adding an operation renames no other.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from revolution_python.api_model import Body, FormField, Operation, Pagination, Param, Resource, ZoneApi
from revolution_python.naming import RESERVED_ARGS, RESERVED_METHODS, RESERVED_RESOURCES, identifier, pascal, settle
from revolution_python.security import ZoneSecurity
from revolution_python.shaping import EnumClass

HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
REF_PREFIX = "#/components/schemas/"
PAGE_PARAMS = ("page", "offset", "cursor")
JSON_TYPE = re.compile(r"^application/([\w.+-]+\+)?json")


class SchemaTypes:
    """Renders JSON schemas as annotations; `$ref`s become `m.<Class>` when the models define the class."""

    def __init__(self, document: Mapping[str, Any], model_names: Collection[str],
                 enums: Mapping[str, EnumClass] | None = None) -> None:
        self.components: Mapping[str, Any] = document.get("components", {}).get("schemas", {}) or {}
        self.model_names = model_names
        self.enums: Mapping[str, EnumClass] = enums or {}
        self.warnings: list[str] = []

    def resolve(self, schema: Mapping[str, Any]) -> Mapping[str, Any]:
        seen = 0
        while isinstance(schema, Mapping) and "$ref" in schema and seen < 20:
            ref = str(schema["$ref"])
            target = self.components.get(ref.removeprefix(REF_PREFIX)) if ref.startswith(REF_PREFIX) else None
            if not isinstance(target, Mapping):
                return {}
            schema, seen = target, seen + 1
        return schema if isinstance(schema, Mapping) else {}

    def class_for(self, ref: str) -> str | None:
        name = ref.removeprefix(REF_PREFIX)
        for candidate in (name, pascal(name), re.sub(r"\W", "", name)):
            if candidate in self.model_names:
                return f"m.{candidate}"
        self.warnings.append(f"no model class for {ref}; typed as Any")
        return None

    def annotation(self, schema: Any, *, in_params: bool = False) -> str:
        if not isinstance(schema, Mapping) or not schema:
            return "Any"
        nullable = bool(schema.get("nullable"))
        kind = schema.get("type")
        if isinstance(kind, list):
            nullable = nullable or "null" in kind
            rest = [k for k in kind if k != "null"]
            kind = rest[0] if len(rest) == 1 else None
        text = self._base(schema, kind, in_params)
        return f"{text} | None" if nullable and text not in {"Any", "None"} else text

    def _base(self, schema: Mapping[str, Any], kind: Any, in_params: bool) -> str:
        if "$ref" in schema:
            found = self.class_for(str(schema["$ref"]))
            enum = self.enums.get(found.removeprefix("m.")) if found else None
            if enum is not None and in_params:  # a member or its value
                return f"m.{enum.name} | m.{enum.alias}"
            return found or "Any"
        for combiner in ("oneOf", "anyOf", "allOf"):
            members = schema.get(combiner)
            if isinstance(members, list) and members:
                if combiner == "allOf" and len(members) > 1:
                    return "Any"
                parts = list(dict.fromkeys(self.annotation(member, in_params=in_params) for member in members))
                return "Any" if "Any" in parts else " | ".join(parts)
        enum = schema.get("enum")
        if isinstance(enum, list) and enum and all(isinstance(v, str) for v in enum):
            literal = "Literal[" + ", ".join(json.dumps(v) for v in enum) + "]"
            same = [e for e in self.enums.values() if set(e.values) == set(enum)] if in_params else []
            if same:  # an inline parameter enum with the values of a models enum: accept that enum too
                return " | ".join([f"m.{e.name}" for e in same] + [f"m.{same[0].alias}"])
            # a filter on a `blank=True` choice field: django-filter leaves out the blank choice and skips
            # the filter for "", so the field's `...OrBlankEnum` (what responses return) is accepted too
            blank = [e for e in self.enums.values() if set(e.values) == {*enum, ""}] if in_params else []
            if blank:
                return " | ".join([f"m.{e.name}" for e in blank] + [literal])
            return literal
        if kind == "string":
            return "FileInput" if schema.get("format") == "binary" else "str"
        if kind == "integer":
            return "int"
        if kind == "number":
            return "float"
        if kind == "boolean":
            return "bool"
        if kind == "array":
            item = self.annotation(schema.get("items"), in_params=in_params)
            return f"Sequence[{item}]" if in_params else f"List[{item}]"
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            extra = schema.get("additionalProperties")
            value = self.annotation(extra) if isinstance(extra, Mapping) and extra else "Any"
            return f"Dict[str, {value}]"
        return "Any"


def parse_api(document: Mapping[str, Any], zone: str, title: str, model_names: Collection[str],
              token_keyword: str | None = None, enums: Mapping[str, EnumClass] | None = None) -> ZoneApi:
    """The zone's resources (by attribute name; tags that give the same attribute share a resource), each
    with its operations in document order."""
    types = SchemaTypes(document, model_names, enums)
    security = ZoneSecurity(document, token_keyword)
    prefix = _server_prefix(document)
    grouped: dict[str, list[tuple[str, str, str, Mapping[str, Any], list[Any]]]] = {}
    for path, item in (document.get("paths") or {}).items():
        if not isinstance(item, Mapping):
            continue
        shared = list(item.get("parameters") or [])
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                tag = str((operation.get("tags") or ["default"])[0])
                grouped.setdefault(identifier(tag, RESERVED_RESOURCES), []).append(
                    (tag, prefix + path, method, operation, shared))
    resources: list[Resource] = []
    for attribute, entries in sorted(grouped.items()):
        names = settle({(path, method): _method_choices(op, tag, method, path)
                        for tag, path, method, op, _ in entries},
                       own={(path, method): identifier(str(op.get("operationId") or ""), RESERVED_METHODS)
                            for _, path, method, op, _ in entries})
        operations = [replace(_operation(path, method, op, shared, types, names[(path, method)]),
                              security=security.constant_for(method, path.removeprefix(prefix)))
                      for _, path, method, op, shared in entries]
        iterators = settle({(op.http_method, op.path): _iterator_choices(op) for op in operations
                            if op.pagination is not None}, taken=set(names.values()))
        operations = [replace(op, iterator_name=iterators.get((op.http_method, op.path), "")) for op in operations]
        resources.append(Resource(entries[0][0], attribute, f"{pascal(attribute)}Resource", tuple(operations)))
    info = document.get("info") or {}
    return ZoneApi(zone, str(info.get("title") or title), str(info.get("description") or ""),
                   tuple(resources), tuple(dict.fromkeys([*types.warnings, *security.document.warnings])),
                   security)


def _server_prefix(document: Mapping[str, Any]) -> str:
    """A relative first server URL (`/v2`) prefixes every path; absolute servers are the caller's base_url."""
    servers = document.get("servers") or []
    url = str(servers[0].get("url", "")) if servers and isinstance(servers[0], Mapping) else ""
    return url.rstrip("/") if url.startswith("/") else ""


def _method_choices(op: Mapping[str, Any], tag: str, method: str, path: str) -> list[str]:
    """The operationId without its tag, then the whole operationId, then with the HTTP method and the path."""
    operation_id = str(op.get("operationId") or "")
    tag_part = identifier(tag)
    full = identifier(operation_id) if operation_id else identifier(f"{method}_{path}")
    stripped = full
    if full.endswith(f"_{tag_part}"):
        stripped = full[: -len(tag_part) - 1]
    elif f"_{tag_part}_by_" in full:
        stripped = full.replace(f"_{tag_part}_by_", "_by_", 1)
    elif full.startswith(f"{tag_part}_"):
        stripped = full[len(tag_part) + 1:]
    choices = [stripped, full, f"{full}_{method}", f"{full}_{method}_{path}"]
    return list(dict.fromkeys(identifier(choice, RESERVED_METHODS) for choice in choices))


def _iterator_choices(op: Operation) -> list[str]:
    first = "iter" if op.method_name == "list" else f"iter_{op.method_name}"
    return list(dict.fromkeys([first, f"iter_{identifier(op.operation_id)}"]))


def _operation(path: str, method: str, op: Mapping[str, Any], shared: list[Any], types: SchemaTypes,
               name: str) -> Operation:
    operation_id = str(op.get("operationId") or "")
    params = _params([*shared, *(op.get("parameters") or [])], types)
    for param in params:
        if param.location == "path":
            path = path.replace("{" + param.wire + "}", "{" + param.name + "}")
    body = _body(op.get("requestBody"), types, {p.name for p in params})
    returns, kind, pagination = _response(op.get("responses") or {}, types, params)
    summary = " ".join(str(op.get("summary") or op.get("description") or "").strip().split("\n\n")[0].split())
    if not summary:
        words = (operation_id or f"{method} {path}").replace("_", " ").replace("/", " ").split()
        summary = " ".join(words).capitalize() + "."
    return Operation(
        operation_id=operation_id or name, method_name=name, http_method=method.upper(), path=path,
        summary=summary, params=params, body=body, returns=returns,
        response_kind=kind, pagination=pagination, deprecated=bool(op.get("deprecated")),
    )


def _params(raw: list[Any], types: SchemaTypes) -> tuple[Param, ...]:
    by_key: dict[tuple[str, str], Mapping[str, Any]] = {}
    for entry in raw:
        entry = types.resolve(entry) if "$ref" in entry else entry
        if isinstance(entry, Mapping) and entry.get("in") in {"path", "query", "header"}:
            by_key[(str(entry["in"]), str(entry.get("name")))] = entry  # operation-level wins
    args = settle({key: [identifier(key[1], RESERVED_ARGS), identifier(f"{key[1]}_{key[0]}", RESERVED_ARGS)]
                   for key in by_key})
    params = []
    for (location, wire), entry in by_key.items():
        required = location == "path" or bool(entry.get("required"))
        params.append(Param(
            wire=wire, name=args[(location, wire)], location=location,  # type: ignore[arg-type]
            annotation=types.annotation(entry.get("schema"), in_params=True), required=required,
            description=" ".join(str(entry.get("description") or "").split()),
        ))
    order = {"path": 0, "query": 1, "header": 2}
    return tuple(sorted(params, key=lambda p: (order[p.location], not p.required)))


def _body(raw: Any, types: SchemaTypes, taken: set[str]) -> Body | None:
    if not isinstance(raw, Mapping):
        return None
    raw = types.resolve(raw) if "$ref" in raw else raw
    content: Mapping[str, Any] = raw.get("content") or {}
    required = bool(raw.get("required"))
    json_type = next((ct for ct in content if JSON_TYPE.match(ct)), None)
    form_type = next((ct for ct in ("multipart/form-data", "application/x-www-form-urlencoded") if ct in content), None)

    def schema_of(content_type: str) -> Mapping[str, Any]:
        return (content.get(content_type) or {}).get("schema") or {}

    if form_type and (json_type is None or _has_binary(types.resolve(schema_of(form_type)), types)):
        resolved = types.resolve(schema_of(form_type))
        needed = set(resolved.get("required") or [])
        props = {wire: prop for wire, prop in (resolved.get("properties") or {}).items()
                 if not types.resolve(prop).get("readOnly")}
        args = settle({wire: [identifier(wire, RESERVED_ARGS), identifier(f"{wire}_field", RESERVED_ARGS)]
                       for wire in props}, taken=taken)
        fields = []
        for wire, prop in props.items():
            annotation = types.annotation(prop, in_params=True)
            is_file = "FileInput" in annotation
            fields.append(FormField(wire, args[wire], annotation, wire in needed, is_file))
        fields.sort(key=lambda f: not f.required)
        kind = "multipart" if form_type == "multipart/form-data" else "form"
        return Body(kind, "Dict[str, Any]", required, tuple(fields))  # type: ignore[arg-type]
    if json_type is not None:
        return Body("json", types.annotation(schema_of(json_type)), required)
    if content:
        return Body("json", "Any", required)
    return None


def _has_binary(schema: Mapping[str, Any], types: SchemaTypes) -> bool:
    for prop in (schema.get("properties") or {}).values():
        resolved = types.resolve(prop)
        items = types.resolve(resolved.get("items") or {}) if resolved.get("type") == "array" else {}
        if resolved.get("format") == "binary" or items.get("format") == "binary":
            return True
    return False


def _response(responses: Mapping[str, Any], types: SchemaTypes,
              params: tuple[Param, ...]) -> tuple[str, Any, Pagination | None]:
    codes = sorted(code for code in responses if str(code).startswith("2"))
    if not codes:
        return "Any", "any", None
    code = codes[0]
    response = types.resolve(responses[code]) if "$ref" in (responses[code] or {}) else responses[code] or {}
    content: Mapping[str, Any] = response.get("content") or {}
    if not content:
        return ("None", "none", None) if str(code) == "204" else ("Any", "any", None)
    json_type = next((ct for ct in content if JSON_TYPE.match(ct)), None)
    if json_type is None:
        return "bytes", "bytes", None
    schema = (content[json_type] or {}).get("schema") or {}
    annotation = types.annotation(schema)
    return annotation, "json", _pagination(schema, types, params)


def _pagination(schema: Mapping[str, Any], types: SchemaTypes, params: tuple[Param, ...]) -> Pagination | None:
    resolved = types.resolve(schema)
    props = resolved.get("properties") or {}
    results = types.resolve(props.get("results") or {})
    if not ("next" in props and results.get("type") == "array" and ("count" in props or "previous" in props)):
        return None
    page_params = tuple(p.wire for p in params if p.location == "query" and p.wire in PAGE_PARAMS)
    return Pagination(types.annotation(results.get("items")), page_params)
