"""Names from meaning (revolution_django.naming): a table of operations and the id each gets, enum names from
component and field, and, on a real project whose drf-spectacular names collide (namesproj), that adding
endpoints and fields renames nothing that existed."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
from django_plugin_helpers import HERE, PYTHON, project_env
from openapi_spec_validator import validate
from revolution_django.naming import OperationView, operation_name, stable_enum_names, stable_operation_ids

NAMESPROJ = HERE / "namesproj"
REF = "#/components/schemas/"
CUSTOM = OperationView(action="cancel", custom=True, url_path="cancel", action_methods=("post",))
NOTES = OperationView(action="notes", custom=True, url_path="notes-text", action_methods=("get", "put"))

NAMES = [
    # path, method, drf-spectacular's id, the view, the name
    ("/api/z/products/", "get", "products_list", OperationView(action="list"), "list_products"),
    ("/api/z/products/{id}/", "patch", "products_partial_update", OperationView(action="partial_update"),
     "partial_update_products"),
    ("/api/z/device/gcm/", "post", "device_gcm_create", OperationView(action="create"), "create_gcm_device"),
    ("/api/z/orders/{id}/cancel/", "post", "orders_cancel_create", CUSTOM, "cancel_orders"),
    ("/api/z/orders/{id}/notes-text/", "get", "orders_notes_text_retrieve", NOTES, "notes_orders"),
    ("/api/z/orders/{id}/notes-text/", "put", "orders_notes_text_update", NOTES, "update_notes_orders"),
    ("/api/z/token/refresh/", "post", "token_refresh_create", OperationView(), "refresh_token"),
    ("/api/z/token/", "post", "token_create", OperationView(), "create_token"),
    ("/api/z/accounts/register/", "post", "accounts_register_create", OperationView(creates=True),
     "create_register_accounts"),
    ("/api/z/me/avatar/", "put", "me_avatar_update", OperationView(), "update_avatar_me"),
    ("/api/z/reports/sales/", "get", "reports_sales_retrieve", OperationView(), "retrieve_sales_reports"),
    ("/api/z/password-reset/{uidb64}/{token}/", "post", "password_reset_create_2", OperationView(),
     "create_password_reset_by_uidb64_token"),
    ("/api/z/users/{group}/", "get", "users_list", OperationView(), "list_users_by_group"),
    ("/api/z/users/{id}/", "get", "users_retrieve", OperationView(), "retrieve_users"),
    ("/api/z/", "post", "root_create", OperationView(), "create_root"),
    # without the view (a document alone): drf-spectacular's id still gives list vs retrieve
    ("/api/z/products/", "get", "products_list", None, "list_products"),
    ("/api/z/orders/{id}/cancel/", "post", "orders_cancel_create", None, "cancel_orders"),
]


@pytest.mark.parametrize(("path", "method", "raw_id", "view", "expected"), NAMES,
                         ids=[f"{m} {p} {v.action if v else 'no view'}" for p, m, _, v, _ in NAMES])
def test_operation_names_follow_method_path_and_action(path, method, raw_id, view, expected):
    assert operation_name(path, method, raw_id, "/api/z", view) == expected


def test_an_explicit_operation_id_wins():
    doc = {"paths": {"/api/z/x/": {"get": {"operationId": "fetchX"}, "post": {"operationId": "x_create"}}}}
    views = {("/api/z/x/", "get"): OperationView(explicit=True), ("/api/z/x/", "post"): OperationView()}
    assert stable_operation_ids(doc, "/api/z", views) == []
    assert [doc["paths"]["/api/z/x/"][m]["operationId"] for m in ("get", "post")] == ["fetchX", "create_x"]


def test_enum_names_are_component_and_field_and_keep_user_names():
    enum = {"type": "string", "enum": ["a", "b"]}
    doc = {"components": {"schemas": {
        "Ticket": {"type": "object", "properties": {"status": {"$ref": REF + "StatusEnum"},
                                                    "kind": {"$ref": REF + "Kinds"}}},
        "PatchedTicketRequest": {"type": "object", "properties": {"status": {"$ref": REF + "StatusEnum"}}},
        "TicketSummary": {"type": "object", "properties": {"status": {"$ref": REF + "StatusEnum"},
                                                           "level": {"$ref": REF + "LevelEnum"}}},
        "StatusEnum": enum, "Kinds": enum, "LevelEnum": enum}}}
    assert stable_enum_names(doc, overrides=frozenset({"LevelEnum"})) == []
    schemas = doc["components"]["schemas"]
    assert sorted(n for n, s in schemas.items() if "enum" in s) == [
        "Kinds", "LevelEnum", "TicketStatusEnum", "TicketSummaryStatusEnum"]
    assert schemas["PatchedTicketRequest"]["properties"]["status"]["$ref"] == REF + "TicketStatusEnum"


# -- namesproj: drf-spectacular's names collide; adding endpoints and fields must rename nothing --


def _probe(more: bool) -> dict[str, Any]:
    env = project_env(**({"NAMESPROJ_MORE": "1"} if more else {}))
    result = subprocess.run([PYTHON, "probe.py"], cwd=NAMESPROJ, env=env, capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))


@pytest.fixture(scope="module")
def names_probe() -> dict[bool, dict[str, Any]]:
    return {more: _probe(more) for more in (False, True)}


def _ids(document: dict[str, Any]) -> dict[tuple[str, str], str]:
    return {(path, method): op["operationId"] for path, item in document["paths"].items()
            for method, op in item.items() if isinstance(op, dict) and "operationId" in op}


def _enums(document: dict[str, Any]) -> set[str]:
    return {name for name, schema in document["components"]["schemas"].items() if "enum" in schema}


@pytest.mark.slow  # two Django subprocesses
def test_namesproj_collides_under_drf_spectacular_names(names_probe):
    """The premise: with drf-spectacular's own names, the same change renames existing symbols."""
    before, after = _ids(names_probe[False]["raw"]), _ids(names_probe[True]["raw"])
    renamed = {key: (before[key], after[key]) for key in before if before[key] != after[key]}
    assert renamed == {("/api/desk/password-reset/{uidb64}/{token}/", "post"):
                       ("password_reset_create_2", "password_reset_create_3")}
    assert "PriorityEnum" in _enums(names_probe[False]["raw"]) - _enums(names_probe[True]["raw"])


@pytest.mark.slow
def test_adding_endpoints_and_fields_renames_no_operation_or_enum(names_probe):
    before, after = _ids(names_probe[False]["normalized"]), _ids(names_probe[True]["normalized"])
    assert {key: after[key] for key in before} == before
    assert len(after) > len(before)
    assert _enums(names_probe[False]["normalized"]) <= _enums(names_probe[True]["normalized"])
    for name in [*after.values(), *_enums(names_probe[True]["normalized"])]:
        assert not name[-1].isdigit(), name
    assert before[("/api/desk/device/gcm/", "post")] == "create_gcm_device"
    assert before[("/api/desk/ping/", "get")] == "ping_server"  # @extend_schema(operation_id=...)
    assert sorted(_enums(names_probe[False]["normalized"])) == [
        "DeviceStatusEnum", "TicketPriorityEnum", "TicketStatusEnum", "TicketSummaryStatusEnum"]
    validate(names_probe[True]["normalized"])
    assert names_probe[True]["warnings"] == []  # drf-spectacular's notes on its suffixes are superseded


# -- both clients, generated before and after the change: every symbol that existed is still there --


def _client_symbols(out) -> dict[str, set[str]]:
    """Exported TypeScript functions and types; Python resources, methods and model classes."""
    import ast
    import re

    ts = out / "clients/typescript/desk"
    symbols = {
        "ts functions": set(re.findall(r"^export const (\w+) =", (ts / "sdk.gen.ts").read_text(), re.M)),
        "ts types": set(re.findall(r"^export type (\w+) =", (ts / "types.gen.ts").read_text(), re.M)),
    }
    (package,) = [p for p in (out / "clients/python").iterdir() if (p / "desk").is_dir()]
    client = ast.parse((package / "desk/client.py").read_text())
    methods = set()
    for node in client.body:
        if isinstance(node, ast.ClassDef) and node.name.endswith("Resource"):
            methods |= {f"{node.name}.{f.name}" for f in node.body
                        if isinstance(f, ast.FunctionDef) and not f.name.startswith("_")}
    attributes = set(re.findall(r"self\.(\w+) = \w+Resource\(", (package / "desk/client.py").read_text()))
    models = ast.parse((package / "desk/models.py").read_text())
    symbols["python resources"] = attributes
    symbols["python methods"] = methods
    symbols["python models"] = {node.name for node in models.body if isinstance(node, ast.ClassDef)}
    return symbols


def _generate(out, more: bool) -> dict[str, set[str]]:
    env = project_env(NAMESPROJ_OUTPUT=str(out), **({"NAMESPROJ_MORE": "1"} if more else {}))
    env["REVOLUTION_DISABLE_PLUGINS"] = "fakegen"  # the real typescript and python generators
    result = subprocess.run([PYTHON, "manage.py", "revolution", "--generate"], cwd=NAMESPROJ, env=env,
                            capture_output=True, text=True, timeout=300, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stdout + result.stderr
    return _client_symbols(out)


@pytest.mark.slow
@pytest.mark.node
def test_adding_endpoints_renames_no_symbol_in_either_client(tmp_path):
    before = _generate(tmp_path, more=False)
    after = _generate(tmp_path, more=True)
    for kind, names in before.items():
        assert names, kind
        assert names <= after[kind], f"{kind} renamed or removed: {sorted(names - after[kind])}"
        assert after[kind] - names, f"{kind}: the change added nothing"  # the change is visible in every list
    for kind in ("ts functions", "python methods", "python resources"):
        assert not [name for name in after[kind] if name[-1].isdigit()], kind
    assert {"createGcmDevice", "createPasswordResetByUidb64Token", "closeTickets", "pingServer"} <= before[
        "ts functions"]
    assert {"DeviceResource.create_gcm", "PasswordResetResource.create_by_uidb64_token", "TicketsResource.close",
            "TicketsResource.update_notes"} <= before["python methods"]
    assert {"TicketPriorityEnum", "TicketStatusEnum", "DeviceStatusEnum"} <= before["python models"]
    assert {"TicketPriorityEnum", "TicketStatusEnum", "DeviceStatusEnum"} <= before["ts types"]
