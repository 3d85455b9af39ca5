"""Names from meaning, not order: operationIds and enum names that no unrelated change can rename.

drf-spectacular names an operation `<path tokens>_<method verb>` and settles collisions with numeric
suffixes in path order, and it names a choice enum `<Field>Enum` until a second model has a field of that
name, then `<Component><Field>Enum`. Both depend on the rest of the API, so adding an endpoint or a field
elsewhere renames symbols that client code imports. Here every name is a function of the operation (or
the field) alone:

* operationId `<verb>[_<inner segments>]_<resource>[_by_<params>]`, from the path below the zone prefix:
  the verb is the DRF action of a viewset route (`list`, `create`, `retrieve`, `update`,
  `partial_update`, `destroy`, or a custom `@action`'s name, whose url_path is not repeated), else the
  method's verb (`list`/`retrieve` as drf-spectacular decides, `create`, `update`, ...), except that a POST
  of a non-create view under a resource takes its last segment as the verb (`/token/refresh/` ->
  `refresh_token`). Trailing path parameters that the verb does not imply become `_by_<param>`
  (`list_users_by_group`). An id the user chose (`@extend_schema(operation_id=...)`) is kept.
* enum `<Component><Field>Enum` for every choice field, with `Patched...`/`...Request` components named
  after their base component; a choice set shared by several components becomes one enum per component.
  Names from `ENUM_NAME_OVERRIDES` and enum components the user named are kept.

Why all inner segments rather than the shortest unique name: a shortest-unique rule renames an existing
operation as soon as a new one shares its short name.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

REF_PREFIX = "#/components/schemas/"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
ROUTER_ACTIONS = ("list", "create", "retrieve", "update", "partial_update", "destroy")
METHOD_VERBS = {"get": "retrieve", "post": "create", "put": "update", "patch": "partial_update", "delete": "destroy"}
DETAIL_VERBS = frozenset({"retrieve", "update", "partial_update", "destroy"})
# drf-spectacular's default ids: `<tokens>_<action>` (OPERATION_ID_METHOD_POSITION "POST", its default) or
# `<action>_<tokens>` ("PRE"), with `_2`, `_3`... appended on collisions.
ACTIONS = "list|retrieve|create|update|partial_update|destroy"
DEFAULT_IDS = (re.compile(rf"^(?P<rest>.+?)_(?P<action>{ACTIONS})(?:_\d+)?$"),
               re.compile(rf"^(?P<action>{ACTIONS})_(?P<rest>.+?)(?:_\d+)?$"))


@dataclass(frozen=True)
class OperationView:
    """What the schema producer learnt about the view behind one operation (path and method as in the document).

    `action`: the viewset action (`list`, ..., or a custom `@action`'s name), None for an APIView;
    `url_path`/`action_methods`: the custom action's url_path and HTTP methods in declaration order;
    `creates`: the APIView creates (DRF's CreateModelMixin); `explicit`: the operationId is the user's
    (from `@extend_schema(operation_id=...)` or a schema class of their own).
    """

    action: str | None = None
    custom: bool = False
    url_path: str = ""
    action_methods: tuple[str, ...] = ()
    creates: bool = False
    explicit: bool = False


# -- operationIds --


def _segments(path: str, prefix: str) -> list[tuple[str, bool]]:
    """Path below the zone prefix as (token, is_parameter) pairs; `-` and other non-word characters -> `_`."""
    if prefix and path.lower().startswith(prefix.lower()):
        path = path[len(prefix):]
    out = []
    for part in path.split("/"):
        if not part:
            continue
        is_param = part.startswith("{") and part.endswith("}")
        token = re.sub(r"\W", "_", (part[1:-1] if is_param else part).replace("-", "_")).strip("_")
        if token:
            out.append((token.lower() if not is_param else token, is_param))
    return out


def _default_parts(operation_id: str, path: str, prefix: str) -> tuple[str, str] | None:
    """(action, tokens) of drf-spectacular's default id for this path, if `operation_id` is one."""
    tokens = [token for token, is_param in _segments(path, prefix) if not is_param] or ["root"]
    expected = ("_".join(tokens), "_".join([*tokens, "formatted"]))
    for pattern in DEFAULT_IDS:
        match = pattern.match(operation_id or "")
        if match and match["rest"] in expected:
            return match["action"], match["rest"]
    return None


def default_verb(operation_id: str, method: str, path: str = "", prefix: str = "") -> str:
    """The action drf-spectacular put in its default id (it alone knows list from retrieve), else the method's."""
    parts = _default_parts(operation_id, path, prefix)
    return parts[0] if parts else METHOD_VERBS.get(method, method)


def is_default_id(operation_id: str, path: str, prefix: str) -> bool:
    """Whether `operation_id` is drf-spectacular's own (possibly collision-suffixed) id for this path."""
    return _default_parts(operation_id, path, prefix) is not None


def operation_name(path: str, method: str, operation_id: str, prefix: str, view: OperationView | None) -> str:
    """The operationId from meaning: verb, inner segments, resource, unimplied trailing parameters."""
    segments = _segments(path, prefix)
    literal = [i for i, (_, is_param) in enumerate(segments) if not is_param]
    trailing = [token for token, _ in segments[literal[-1] + 1:]] if literal else [t for t, _ in segments]
    view = view or OperationView()
    verb = default_verb(operation_id, method, path, prefix)
    drop: list[int] = []
    if view.action and view.custom:
        tail = [t for t, is_param in _segments("/" + view.url_path, "") if not is_param] if view.url_path else []
        if tail and len(literal) > len(tail) and [segments[i][0] for i in literal[-len(tail):]] == tail:
            drop = literal[-len(tail):]
            trailing = []  # parameters inside the url_path belong to the action
        verb = view.action
        if view.action_methods and method != view.action_methods[0]:
            verb = f"{METHOD_VERBS.get(method, method)}_{view.action}"
    elif view.action in ROUTER_ACTIONS:
        verb = view.action
    elif method == "post" and not view.creates and verb == "create" and len(literal) >= 2:
        verb, drop = segments[literal[-1]][0], [literal[-1]]  # POST /token/refresh/ -> refresh_token
    tokens = [token for i, (token, is_param) in enumerate(segments) if not is_param and i not in drop] or ["root"]
    name = "_".join([verb, *tokens[1:], tokens[0]])
    if trailing and verb not in DETAIL_VERBS and not view.custom:
        name += "_by_" + "_".join(trailing)
    return re.sub(r"_+", "_", name)


def _with_params(path: str, prefix: str, name: str) -> str:
    """`name` plus the path parameters it does not mention yet (the first tie-breaker)."""
    params = [token for token, is_param in _segments(path, prefix) if is_param and f"_{token}" not in name]
    return f"{name}{'_' if '_by_' in name else '_by_'}{'_'.join(params)}" if params else name


def stable_operation_ids(doc: dict[str, Any], prefix: str,
                         views: Mapping[tuple[str, str], OperationView]) -> list[str]:
    """Rename every default operationId from meaning (see module docstring); explicit ids stay.

    A residual collision (say an APIView at `/orders/{id}/cancel/` and an `@action` at `/orders/cancel/`)
    is broken by naming the colliding operations' path parameters, then their HTTP method; it is
    reported, since an explicit `operation_id` reads better."""
    explicit: set[str] = set()
    proposed: dict[tuple[str, str], str] = {}
    for path, method, operation in _operations(doc):
        operation_id = str(operation.get("operationId") or "")
        view = views.get((path, method))
        user_chosen = view.explicit if view is not None else not is_default_id(operation_id, path, prefix)
        if user_chosen and operation_id:
            explicit.add(operation_id)
        else:
            proposed[(path, method)] = operation_name(path, method, operation_id, prefix, view)
    warnings = []
    for step in ("params", "method"):
        groups: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for key, name in proposed.items():
            groups[name].append(key)
        for name, keys in sorted(groups.items()):
            if len(keys) == 1 and name not in explicit:
                continue
            for path, method in keys:
                proposed[(path, method)] = (
                    _with_params(path, prefix, name) if step == "params" else f"{name}_{method}"
                )
            if step == "params":
                where = ", ".join(f"{m.upper()} {p}" for p, m in sorted(keys))
                warnings.append(
                    f"operationId '{name}' would name several operations ({where}); they are told apart by "
                    "their path parameters (or HTTP method): set @extend_schema(operation_id=...) on the views "
                    "to choose their names"
                )
    for (path, method), name in proposed.items():
        doc["paths"][path][method]["operationId"] = name
    return warnings


def _operations(doc: Mapping[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in (doc.get("paths") or {}).items():
        if isinstance(item, dict):
            for method in METHODS:
                if isinstance(item.get(method), dict):
                    yield path, method, item[method]


# -- enum names --


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in re.split(r"[_\W]+", name) if part)


def owner_of(component: str) -> str:
    """drf-spectacular's split request components belong to their response component."""
    return re.sub(r"(.+)Request$", r"\1", re.sub(r"^Patched(.+)", r"\1", component))


def _enum_refs(node: Any, nested: bool = True) -> Iterator[dict[str, Any]]:
    """Every `$ref` node below `node`; with `nested=False`, not those under a nested object's `properties`."""
    if isinstance(node, dict):
        if isinstance(node.get("$ref"), str) and node["$ref"].startswith(REF_PREFIX):
            yield node
        for key, value in node.items():
            if nested or key != "properties":
                yield from _enum_refs(value, nested)
    elif isinstance(node, list):
        for item in node:
            yield from _enum_refs(item, nested)


def _property_refs(schema: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """(property name, $ref node) for each reference inside a component's properties; a reference inside an
    inline object belongs to the nearest property."""
    if isinstance(schema, dict):
        for prop, prop_schema in (schema.get("properties") or {}).items():
            for ref in _enum_refs(prop_schema, nested=False):
                yield prop, ref
            yield from _property_refs(prop_schema)
        for key in ("allOf", "oneOf", "anyOf"):
            for member in schema.get(key) or []:
                yield from _property_refs(member)
        yield from _property_refs(schema.get("items"))
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict):
            yield from _property_refs(extra)


def _invented(name: str, owners: set[tuple[str, str]], suffix: str) -> bool:
    """Whether drf-spectacular made `name` up from one of its fields (`StatusEnum`, `OrderStatusEnum`,
    `Status4f2Enum`), as opposed to a name the user chose."""
    for component, prop in owners:
        base = _camel(prop)
        if name in (f"{base}{suffix}", f"{_camel(component)}{base}{suffix}"):
            return True
        if re.fullmatch(re.escape(base) + r"[0-9A-F][0-9a-f]{2}" + re.escape(suffix), name):
            return True
    return False


def stable_enum_names(doc: dict[str, Any], overrides: frozenset[str] = frozenset(), suffix: str = "Enum") -> list[str]:
    """Rename drf-spectacular's enum components `<Component><Field>Enum` and point every `$ref` at them."""
    schemas: dict[str, Any] = (doc.get("components") or {}).get("schemas") or {}
    users: dict[str, dict[tuple[str, str], list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for component, schema in schemas.items():
        for prop, ref in _property_refs(schema):
            target = ref["$ref"][len(REF_PREFIX):]
            if isinstance(schemas.get(target), dict) and "enum" in schemas[target]:
                users[target][(owner_of(component), prop)].append(ref)
    renames: dict[str, dict[tuple[str, str], str]] = {}
    for name in sorted(users):
        schema = schemas[name]
        if name in overrides or schema.get("enum") in ([None], [""]):
            continue  # pinned by ENUM_NAME_OVERRIDES, or drf-spectacular's NullEnum / BlankEnum
        owners = users[name]
        if not _invented(name, set(owners), suffix):
            continue
        renames[name] = {owner: f"{_camel(owner[0])}{_camel(owner[1])}{suffix}" for owner in owners}
    warnings = []
    wanted: dict[str, list[tuple[str, tuple[str, str]]]] = defaultdict(list)
    for name, by_owner in renames.items():
        for owner, new in by_owner.items():
            wanted[new].append((name, owner))
    for new, sources in sorted(wanted.items()):
        clash = new in schemas and new not in renames
        if len({name for name, _ in sources}) > 1 or clash:
            warnings.append(
                f"enum name '{new}' would name several choice sets ({', '.join(sorted(n for n, _ in sources))}); "
                "kept drf-spectacular's names: pin them with SPECTACULAR_SETTINGS['ENUM_NAME_OVERRIDES']"
            )
            for name, owner in sources:
                renames[name][owner] = name
    for name, by_owner in renames.items():
        for owner, new in by_owner.items():
            for ref in users[name][owner]:
                ref["$ref"] = REF_PREFIX + new
            if new != name:
                schemas[new] = dict(schemas[name])
    still_used = {ref["$ref"][len(REF_PREFIX):] for ref in _enum_refs(doc)}
    for name in renames:
        if name not in still_used and name in schemas:
            del schemas[name]
    if renames:
        doc["components"]["schemas"] = dict(sorted(schemas.items()))
    return warnings
