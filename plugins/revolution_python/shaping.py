"""What datamodel-code-generator cannot be told: the schema is shaped before it and its models after it.

Before: constraints on primitive array items are dropped, so `ListField(child=CharField(max_length=20))`
is `list[str]`, not `list[Tag]` with a `Tag(RootModel[str])` whose items never equal a `str`.

After: every enum class gets a `<Enum>Value` alias, the `Literal` of its values, and in models that are only
ever sent (request bodies) enum fields accept both: `status: ProductStatusEnum | ProductStatusEnumValue`.
Responses keep returning the enum, and since a `StrEnum` member is its value, a response's enum can be fed
back into any parameter or request model and a plain string is accepted there too (`mypy --strict` agrees).
"""

from __future__ import annotations

import ast
import json
import sys
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

REF_PREFIX = "#/components/schemas/"
PRIMITIVES = frozenset({"string", "integer", "number", "boolean"})
ITEM_CONSTRAINTS = ("maxLength", "minLength", "pattern", "minimum", "maximum", "exclusiveMinimum",
                    "exclusiveMaximum", "multipleOf")
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass(frozen=True)
class EnumClass:
    """An enum class of the models module: `alias` names the `Literal` of its `values`."""

    name: str
    alias: str
    values: tuple[str | int, ...]

    @property
    def accepted(self) -> str:
        """What an input position accepts: a member or its value."""
        return f"{self.name} | {self.alias}"


def plain_list_items(node: Any) -> Any:
    """A copy of a schema where primitive array items carry no constraints (see the module docstring)."""
    if isinstance(node, list):
        return [plain_list_items(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    out = {key: plain_list_items(value) for key, value in node.items()}
    items = out.get("items")
    if (out.get("type") == "array" and isinstance(items, Mapping) and items.get("type") in PRIMITIVES
            and "enum" not in items and "$ref" not in items):
        out["items"] = {key: value for key, value in items.items() if key not in ITEM_CONSTRAINTS}
    return out


def request_only_components(document: Mapping[str, Any]) -> set[str]:
    """Components reachable from request bodies and from nothing else (responses, parameters)."""
    components: Mapping[str, Any] = (document.get("components") or {}).get("schemas") or {}
    sent: list[Any] = []
    other: list[Any] = []
    for item in (document.get("paths") or {}).values():
        if not isinstance(item, Mapping):
            continue
        other.append(item.get("parameters") or [])
        for method in HTTP_METHODS:
            operation = item.get(method)
            if isinstance(operation, Mapping):
                sent.append(operation.get("requestBody") or {})
                other.extend([operation.get("responses") or {}, operation.get("parameters") or []])
    return _reachable(sent, components) - _reachable(other, components)


def _reachable(roots: Iterable[Any], components: Mapping[str, Any]) -> set[str]:
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        node = todo.pop()
        if isinstance(node, list):
            todo.extend(node)
        elif isinstance(node, Mapping):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith(REF_PREFIX):
                name = ref.removeprefix(REF_PREFIX)
                if name not in seen:
                    seen.add(name)
                    todo.append(components.get(name))
            todo.extend(value for key, value in node.items() if key != "$ref")
    return seen


def enum_classes(tree: ast.Module, taken: Collection[str]) -> dict[str, EnumClass]:
    """The module's enum classes whose members are constants, each with a free alias name."""
    found: dict[str, EnumClass] = {}
    names = set(taken)
    for node in tree.body:
        if not isinstance(node, ast.ClassDef) or not any(_is_enum_base(base) for base in node.bases):
            continue
        values: list[str | int] = []
        for statement in node.body:
            if (isinstance(statement, ast.Assign) and isinstance(statement.value, ast.Constant)
                    and isinstance(statement.value.value, str | int)
                    and not isinstance(statement.value.value, bool)):
                values.append(statement.value.value)
        if not values:
            continue
        alias = f"{node.name}Value"
        while alias in names:
            alias += "_"
        names.add(alias)
        found[node.name] = EnumClass(node.name, alias, tuple(values))
    return found


def _is_enum_base(base: ast.expr) -> bool:
    name = base.id if isinstance(base, ast.Name) else base.attr if isinstance(base, ast.Attribute) else ""
    return name in {"Enum", "StrEnum", "IntEnum"}


def accept_enum_values(source: str, widen: Collection[str], taken: Collection[str],
                       tree: ast.Module | None = None) -> tuple[str, dict[str, EnumClass]]:
    """The models source with a `<Enum>Value` alias after every enum class, and the enum fields of the
    classes in `widen` typed `<Enum> | <Enum>Value`; plus the enum classes found. `tree`: the source's
    parse, when at hand."""
    tree = tree or ast.parse(source)
    enums = enum_classes(tree, taken)
    if not enums:
        return source, enums
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, int, str]] = []  # (line index, start col, end col, text), applied right to left
    inserts: dict[int, str] = {}  # after line index -> text
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        if node.name in enums:
            enum = enums[node.name]
            literal = ", ".join(json.dumps(value) for value in enum.values)
            inserts[(node.end_lineno or node.lineno) - 1] = f"\n\n{enum.alias} = Literal[{literal}]\n"
        elif node.name in widen:
            for statement in node.body:
                if isinstance(statement, ast.AnnAssign):
                    edits.extend(_enum_names(statement.annotation, enums))
    for line, start, end, text in sorted(edits, reverse=True):
        row = lines[line].encode("utf-8")  # ast offsets count UTF-8 bytes
        lines[line] = (row[:start] + text.encode("utf-8") + row[end:]).decode("utf-8")
    out = [line + inserts.get(index, "") for index, line in enumerate(lines)]
    return _import_literal("".join(out), tree), enums


def _enum_names(annotation: ast.expr, enums: Mapping[str, EnumClass]) -> list[tuple[int, int, int, str]]:
    edits = []
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id in enums and node.lineno == node.end_lineno:
            edits.append((node.lineno - 1, node.col_offset, node.end_col_offset or 0, enums[node.id].accepted))
    return edits


def _import_literal(source: str, tree: ast.Module) -> str:
    """Add `Literal` to the module's `from typing import ...` (or a new such line in the stdlib group)."""
    imports = [node for node in tree.body if isinstance(node, ast.ImportFrom) and node.level == 0]
    lines = source.splitlines(keepends=True)
    for node in imports:
        if node.module == "typing" and node.lineno == node.end_lineno:
            names = sorted({alias.name for alias in node.names} | {"Literal"})
            lines[node.lineno - 1] = f"from typing import {', '.join(names)}\n"
            return "".join(lines)
    stdlib = [node for node in imports
              if node.module and node.module != "__future__" and node.module.split(".")[0] in sys.stdlib_module_names]
    if stdlib:  # keep the stdlib group sorted: before the first module named after `typing`, else after the last
        later = [node for node in stdlib if (node.module or "") > "typing"]
        at = later[0].lineno - 1 if later else (stdlib[-1].end_lineno or stdlib[-1].lineno)
        lines.insert(at, "from typing import Literal\n")
        return "".join(lines)
    future = next((node for node in imports if node.module == "__future__"), None)
    at = (future.end_lineno or future.lineno) if future else 0
    lines.insert(at, "\nfrom typing import Literal\n")
    return "".join(lines)
