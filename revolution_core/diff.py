"""What changed between two OpenAPI documents of a zone, for the people who use its clients.

Written here rather than taken from a library: the OpenAPI diff tools on PyPI (api-schema-diff, openapi-lens,
api-diff-sentinel) compare without direction (a removed request field and a removed response field count
alike) and miss nullability, enum values, security and operation names; oasdiff (Go) and openapi-diff (Java)
are not installable from the registries this project uses.

Every change has a level: `breaking` (code written against the old client may fail to compile or misbehave:
semver major), `addition` (new operations, types, optional fields and parameters, accepted values: minor) or
`change` (compatible, e.g. a field that was optional is now always present: patch). Direction decides:

| change                              | in a request (client sends) | in a response (client receives) |
|-------------------------------------|-----------------------------|---------------------------------|
| field added                         | addition; breaking if required | addition                     |
| field removed                       | breaking (the value would be dropped) | breaking              |
| field becomes required              | breaking                    | change                          |
| field becomes optional              | change                      | breaking (may be missing)       |
| field becomes nullable              | change                      | breaking (may be null)          |
| field no longer nullable            | breaking                    | change                          |
| enum value added                    | addition                    | breaking (old clients reject it) |
| enum value removed                  | breaking                    | change                          |
| type or format changed              | breaking                    | breaking                        |

Operations are matched by method and path; a removed or renamed operation, a path or method change (seen as
removed + added), new required parameters or bodies and stricter security are breaking. Descriptions,
examples and validation limits (maxLength, ...) are not compared.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from revolution_core.models import Change, Level

Direction = Literal["request", "response"]
LEVELS: tuple[Level, ...] = ("breaking", "addition", "change")
DIRECTIONS: tuple[Direction, ...] = ("request", "response")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
REF_PREFIX = "#/components/schemas/"


@dataclass(frozen=True)
class SchemaDiff:
    """Every change between two documents, breaking first, then additions, then the rest; each sorted."""

    changes: tuple[Change, ...] = ()

    @property
    def breaking(self) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if c.level == "breaking")

    @property
    def level(self) -> Level | None:
        """The highest level present (None: nothing changed for clients)."""
        return next((lv for lv in LEVELS if any(c.level == lv for c in self.changes)), None)

    def summary(self) -> str:
        if not self.changes:
            return "no changes for clients"
        counts = {lv: sum(c.level == lv for c in self.changes) for lv in LEVELS}
        words = {"breaking": "breaking", "addition": "addition(s)", "change": "other change(s)"}
        return ", ".join(f"{n} {words[lv]}" for lv, n in counts.items() if n)


def diff_documents(old: Mapping[str, Any], new: Mapping[str, Any]) -> SchemaDiff:
    """Compare two OpenAPI 3 documents (any mappings; nothing is modified)."""
    differ = _Differ(old, new)
    differ.run()
    ordered = sorted(set(differ.changes), key=lambda c: (LEVELS.index(c.level), c.text, c.kind))
    return SchemaDiff(tuple(ordered))


@dataclass
class _Differ:
    old: Mapping[str, Any]
    new: Mapping[str, Any]
    changes: list[Change] = field(default_factory=list)

    def add(self, kind: str, level: Level, text: str) -> None:
        self.changes.append(Change(kind, level, text))

    def run(self) -> None:
        old_ops, new_ops = _operations(self.old), _operations(self.new)
        for key in sorted(old_ops.keys() - new_ops.keys()):
            self.add("operation-removed", "breaking", f"Removed operation {_op_label(key, old_ops[key])}")
        for key in sorted(new_ops.keys() - old_ops.keys()):
            self.add("operation-added", "addition", f"Added operation {_op_label(key, new_ops[key])}")
        for key in sorted(old_ops.keys() & new_ops.keys()):
            self.operation(key, old_ops[key], new_ops[key])
        self.components()

    # -- operations --

    def operation(self, key: tuple[str, str], old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        label = _op_label(key, new)
        old_id, new_id = old.get("operationId"), new.get("operationId")
        if old_id != new_id:
            self.add("operation-renamed", "breaking",
                     f"Renamed operation `{old_id}` to `{new_id}` ({key[0].upper()} {key[1]})")
        if new.get("deprecated") and not old.get("deprecated"):
            self.add("operation-deprecated", "addition", f"Deprecated operation {label}")
        self.security(label, _security(self.old, old), _security(self.new, new))
        self.parameters(label, _parameters(self.old, old), _parameters(self.new, new))
        self.body(label, _resolve(self.old, old.get("requestBody")), _resolve(self.new, new.get("requestBody")))
        self.responses(label, old.get("responses") or {}, new.get("responses") or {})

    def security(self, label: str, old: list[frozenset[str]], new: list[frozenset[str]]) -> None:
        def names(reqs: list[frozenset[str]]) -> str:
            return " or ".join(" + ".join(sorted(r)) or "anonymous" for r in reqs) or "anonymous"

        anonymous_old = not old or frozenset() in old
        anonymous_new = not new or frozenset() in new
        if anonymous_old and not anonymous_new:
            self.add("security-added", "breaking", f"{label} now requires authentication ({names(new)})")
        elif not anonymous_old and anonymous_new:
            self.add("security-removed", "change", f"{label} no longer requires authentication")
        elif not set(new) <= set(old):
            self.add("security-changed", "breaking",
                     f"{label} authentication changed from {names(old)} to {names(new)}")

    def parameters(self, label: str, old: dict[tuple[str, str], Any], new: dict[tuple[str, str], Any]) -> None:
        for where, name in sorted(old.keys() - new.keys()):
            self.add("parameter-removed", "breaking", f"{label}: removed {where} parameter `{name}`")
        for key in sorted(new.keys() - old.keys()):
            where, name = key
            if _required_param(new[key]):
                self.add("parameter-added-required", "breaking", f"{label}: new required {where} parameter `{name}`")
            else:
                self.add("parameter-added", "addition", f"{label}: new optional {where} parameter `{name}`")
        for key in sorted(old.keys() & new.keys()):
            where, name = key
            was, now = _required_param(old[key]), _required_param(new[key])
            if now and not was:
                self.add("parameter-required", "breaking", f"{label}: {where} parameter `{name}` is now required")
            elif was and not now:
                self.add("parameter-optional", "change", f"{label}: {where} parameter `{name}` is now optional")
            self.node(f"{label}: {where} parameter `{name}`", old[key].get("schema"), new[key].get("schema"),
                      "request")

    def body(self, label: str, old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> None:
        if old and not new:
            self.add("body-removed", "breaking", f"{label}: the request body was removed")
            return
        if new and not old:
            required = bool(new.get("required"))
            self.add("body-added-required" if required else "body-added", "breaking" if required else "addition",
                     f"{label}: new {'required' if required else 'optional'} request body")
            return
        if not old or not new:
            return
        if new.get("required") and not old.get("required"):
            self.add("body-required", "breaking", f"{label}: the request body is now required")
        self.content(f"{label} request body", old.get("content") or {}, new.get("content") or {}, "request")

    def responses(self, label: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> None:
        old_ok = {str(code) for code in old if str(code).startswith("2")}
        new_ok = {str(code) for code in new if str(code).startswith("2")}
        for code in sorted(old_ok - new_ok):
            self.add("response-removed", "breaking", f"{label}: no longer answers {code}")
        for code in sorted(new_ok - old_ok):
            self.add("response-added", "addition", f"{label}: may answer {code}")
        for code in sorted(old_ok & new_ok):
            old_response = _resolve(self.old, old[code]) or {}
            new_response = _resolve(self.new, new[code]) or {}
            self.content(f"{label} response {code}", old_response.get("content") or {},
                         new_response.get("content") or {}, "response")

    def content(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
        for media in sorted(old.keys() - new.keys()):
            self.add("media-type-removed", "breaking", f"{where}: no longer {_as(direction)} {media}")
        for media in sorted(new.keys() - old.keys()):
            self.add("media-type-added", "addition", f"{where}: also {_as(direction)} {media}")
        for media in sorted(old.keys() & new.keys()):
            self.node(where, (old[media] or {}).get("schema"), (new[media] or {}).get("schema"), direction)

    # -- schemas --

    def components(self) -> None:
        """Types (components) removed and added; each common one compared once per direction it is used in."""
        old_schemas, new_schemas = _components(self.old), _components(self.new)
        for name in sorted(old_schemas.keys() - new_schemas.keys()):
            self.add("type-removed", "breaking", f"Removed type `{name}`")
        for name in sorted(new_schemas.keys() - old_schemas.keys()):
            self.add("type-added", "addition", f"Added type `{name}`")
        old_use, new_use = _usage(self.old), _usage(self.new)
        for name in sorted(old_schemas.keys() & new_schemas.keys()):
            for direction in DIRECTIONS:
                if direction in old_use.get(name, ()) or direction in new_use.get(name, ()):
                    self.node(f"`{name}`", old_schemas[name], new_schemas[name], direction)

    def node(self, where: str, old: Any, new: Any, direction: Direction) -> None:
        """Compare two schemas in place; a `$ref` is compared by name only (its component is compared once)."""
        o, n = _unwrap(old), _unwrap(new)
        old_kind, new_kind = _kind(o), _kind(n)
        side = f" ({direction})"
        if old_kind != new_kind:
            self.add("type-changed", "breaking", f"{where}{side}: type changed from {old_kind} to {new_kind}")
            return
        if o.get("nullable") != n.get("nullable"):
            loosened = bool(n.get("nullable"))
            level: Level = "breaking" if loosened == (direction == "response") else "change"
            self.add("nullable" if loosened else "not-nullable", level,
                     f"{where}{side}: {'may now be null' if loosened else 'can no longer be null'}")
        self.enum(where + side, o.get("enum"), n.get("enum"), direction)
        if "items" in o or "items" in n:
            self.node(f"{where}[]", o.get("items"), n.get("items"), direction)
        if "$ref" not in o and ("properties" in o or "properties" in n):
            self.properties(where, o, n, direction)
        if isinstance(o.get("additionalProperties"), dict) and isinstance(n.get("additionalProperties"), dict):
            self.node(f"{where}{{}}", o["additionalProperties"], n["additionalProperties"], direction)

    def enum(self, where: str, old: Any, new: Any, direction: Direction) -> None:
        if not isinstance(old, list) or not isinstance(new, list):
            return
        removed = [v for v in old if v not in new and v is not None]
        added = [v for v in new if v not in old and v is not None]
        if removed:
            self.add("enum-value-removed", "breaking" if direction == "request" else "change",
                     f"{where}: no longer {_accepts(direction)} {_values(removed)}")
        if added:
            self.add("enum-value-added", "addition" if direction == "request" else "breaking",
                     f"{where}: now {_accepts(direction)} {_values(added)}")

    def properties(self, where: str, old: Mapping[str, Any], new: Mapping[str, Any], direction: Direction) -> None:
        skip = "readOnly" if direction == "request" else "writeOnly"
        old_props = {k: v for k, v in (old.get("properties") or {}).items() if not _flag(v, skip)}
        new_props = {k: v for k, v in (new.get("properties") or {}).items() if not _flag(v, skip)}
        old_required, new_required = set(old.get("required") or []), set(new.get("required") or [])
        side = f" ({direction})"
        for prop in sorted(old_props.keys() - new_props.keys()):
            why = "its value would be dropped" if direction == "request" else "clients reading it break"
            self.add("field-removed", "breaking", f"{_field(where, prop)}{side}: removed ({why})")
        for prop in sorted(new_props.keys() - old_props.keys()):
            if direction == "request" and prop in new_required:
                self.add("field-added-required", "breaking", f"{_field(where, prop)}{side}: new required field")
            else:
                self.add("field-added", "addition", f"{_field(where, prop)}{side}: new optional field"
                         if direction == "request" else f"{_field(where, prop)}{side}: new field")
        for prop in sorted(old_props.keys() & new_props.keys()):
            was, now = prop in old_required, prop in new_required
            if was != now:
                tighter = now if direction == "request" else was
                level: Level = "breaking" if tighter else "change"
                text = "is now required" if now else ("may now be missing" if direction == "response" else
                                                      "is now optional")
                self.add("field-required" if now else "field-optional", level, f"{_field(where, prop)}{side}: {text}")
            self.node(_field(where, prop), old_props[prop], new_props[prop], direction)


# -- helpers --


def _operations(doc: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    ops: dict[tuple[str, str], Mapping[str, Any]] = {}
    for path, item in (doc.get("paths") or {}).items():
        if isinstance(item, Mapping):
            for method in METHODS:
                if isinstance(item.get(method), Mapping):
                    ops[(method, str(path))] = {**item[method], "x-shared-parameters": item.get("parameters") or []}
    return ops


def _op_label(key: tuple[str, str], op: Mapping[str, Any]) -> str:
    name = op.get("operationId")
    return f"`{name}` ({key[0].upper()} {key[1]})" if name else f"{key[0].upper()} {key[1]}"


def _resolve(doc: Mapping[str, Any], node: Any) -> Mapping[str, Any] | None:
    """Follow a local `$ref` (to requestBodies, responses, parameters...) to what it names."""
    seen = 0
    while isinstance(node, Mapping) and isinstance(node.get("$ref"), str) and seen < 20:
        target: Any = doc
        for part in node["$ref"].removeprefix("#/").split("/"):
            target = target.get(part) if isinstance(target, Mapping) else None
        node, seen = target, seen + 1
    return node if isinstance(node, Mapping) else None


def _parameters(doc: Mapping[str, Any], op: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    params: dict[tuple[str, str], Mapping[str, Any]] = {}
    for raw in [*op.get("x-shared-parameters", []), *(op.get("parameters") or [])]:
        param = _resolve(doc, raw)
        if param and param.get("in") and param.get("name"):
            params[(str(param["in"]), str(param["name"]))] = param  # operation level wins
    return params


def _required_param(param: Mapping[str, Any]) -> bool:
    return param.get("in") == "path" or bool(param.get("required"))


def _security(doc: Mapping[str, Any], op: Mapping[str, Any]) -> list[frozenset[str]]:
    requirements = op.get("security", doc.get("security")) or []
    return [frozenset(req) for req in requirements if isinstance(req, Mapping)]


def _components(doc: Mapping[str, Any]) -> dict[str, Any]:
    schemas = (doc.get("components") or {}).get("schemas") or {}
    return dict(schemas) if isinstance(schemas, Mapping) else {}


def _refs(node: Any) -> Iterator[str]:
    if isinstance(node, Mapping):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(REF_PREFIX):
            yield ref[len(REF_PREFIX):]
        for value in node.values():
            yield from _refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from _refs(item)


def _usage(doc: Mapping[str, Any]) -> dict[str, set[str]]:
    """Component name -> the directions ("request", "response") it is reachable from."""
    schemas = _components(doc)
    roots: dict[str, list[Any]] = {"request": [], "response": []}
    for op in _operations(doc).values():
        roots["request"] += [_resolve(doc, p) for p in [*op["x-shared-parameters"], *(op.get("parameters") or [])]]
        roots["request"].append(_resolve(doc, op.get("requestBody")))
        roots["response"] += [_resolve(doc, r) for r in (op.get("responses") or {}).values()]
    usage: dict[str, set[str]] = {}
    for direction, nodes in roots.items():
        todo = [name for node in nodes for name in _refs(node)]
        seen: set[str] = set()
        while todo:
            name = todo.pop()
            if name in seen:
                continue
            seen.add(name)
            usage.setdefault(name, set()).add(direction)
            todo.extend(_refs(schemas.get(name)))
    return usage


def _unwrap(node: Any) -> dict[str, Any]:
    """Schema producers wrap nullable or read-only references as `{allOf: [{$ref}], nullable: true}`, and OpenAPI
    3.1 writes `type: [T, "null"]`: both become one flat node with a `nullable` flag."""
    if not isinstance(node, Mapping):
        return {}
    out = dict(node)
    all_of = out.get("allOf")
    if isinstance(all_of, list) and len(all_of) == 1 and isinstance(all_of[0], Mapping) and "properties" not in out:
        out = {**{k: v for k, v in out.items() if k != "allOf"}, **all_of[0]}
    kind = out.get("type")
    if isinstance(kind, list):
        rest = [k for k in kind if k != "null"]
        out["nullable"] = out.get("nullable") or "null" in kind
        out["type"] = rest[0] if len(rest) == 1 else rest
    for combiner in ("oneOf", "anyOf"):
        members = out.get(combiner)
        if isinstance(members, list) and any(isinstance(m, Mapping) and m.get("type") == "null" for m in members):
            out[combiner] = [m for m in members if not (isinstance(m, Mapping) and m.get("type") == "null")]
            out["nullable"] = True
    if "enum" in out and None in out["enum"]:
        out["nullable"] = True
    out["nullable"] = bool(out.get("nullable"))
    return out


def _kind(node: Mapping[str, Any]) -> str:
    """What a client's type for this schema is: a named type, a primitive with its format, a container or a
    union (compared whole)."""
    if "$ref" in node:
        return f"`{str(node['$ref']).removeprefix(REF_PREFIX)}`"
    for combiner in ("oneOf", "anyOf", "allOf"):
        if isinstance(node.get(combiner), list):
            members = [_unwrap(m) for m in node[combiner]]
            return f"{combiner}[{', '.join(sorted(_kind(m) for m in members))}]"
    kind = node.get("type")
    if kind is None:
        kind = "object" if "properties" in node or "additionalProperties" in node else "any"
    if isinstance(kind, list):
        return " | ".join(sorted(str(k) for k in kind))
    return f"{kind} ({node['format']})" if node.get("format") else str(kind)


def _flag(node: Any, name: str) -> bool:
    return isinstance(node, Mapping) and bool(_unwrap(node).get(name))


def _field(where: str, prop: str) -> str:
    return f"`{where.strip('`')}.{prop}`" if where.startswith("`") and where.endswith("`") else f"{where} `.{prop}`"


def _as(direction: Direction) -> str:
    return "sent as" if direction == "request" else "answered as"


def _accepts(direction: Direction) -> str:
    return "accepts" if direction == "request" else "returns"


def _values(values: list[Any]) -> str:
    return ", ".join(json.dumps(v, ensure_ascii=False) for v in values)
