"""`revolution verify`'s pieces that need no Django: the database refusals, the settings, the allow-list,
locating the component of a failing value, the report, and the missing-schemathesis error."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from revolution_django.verify.attribution import response_component
from revolution_django.verify.auth import Credentials, ZoneCredentials
from revolution_django.verify.database import refusals
from revolution_django.verify.options import AllowEntry, load_verify_options
from revolution_django.verify.report import Finding, OperationResult, VerifyReport, ZoneResult, render
from revolution_django.verify.runner import VerifyUnavailable, require_schemathesis

from revolution_core.config import RevolutionConfig
from revolution_core.errors import ConfigError

SQLITE = "django.db.backends.sqlite3"
POSTGRES = "django.db.backends.postgresql"


# -- refusing anything but a test database --


def test_sqlite_with_the_default_in_memory_test_database_is_accepted(tmp_path):
    databases = {"default": {"ENGINE": SQLITE, "NAME": str(tmp_path / "db.sqlite3"), "TEST": {}}}
    assert refusals(databases, {"default": "file:memorydb_default?mode=memory&cache=shared"}, []) == []


def test_a_test_name_that_is_the_real_sqlite_file_is_refused(tmp_path):
    real = tmp_path / "db.sqlite3"
    databases = {"default": {"ENGINE": SQLITE, "NAME": str(real), "TEST": {"NAME": str(tmp_path / "." / "db.sqlite3")}}}
    [reason] = refusals(databases, {"default": str(tmp_path / "." / "db.sqlite3")}, [])
    assert "would destroy that data" in reason and "DATABASES['default']" in reason


def test_a_test_name_that_is_another_aliases_database_is_refused():
    databases = {
        "default": {"ENGINE": POSTGRES, "NAME": "shop", "HOST": "db", "TEST": {"NAME": "reports"}},
        "reports": {"ENGINE": POSTGRES, "NAME": "reports", "HOST": "db", "TEST": {"NAME": "test_reports"}},
    }
    reasons = refusals(databases, {"default": "reports", "reports": "test_reports"}, [])
    assert len(reasons) == 1 and "database of DATABASES['reports'] itself" in reasons[0]


def test_a_server_database_without_an_explicit_test_name_is_refused_with_the_setting_to_add():
    databases = {"default": {"ENGINE": POSTGRES, "NAME": "shop", "HOST": "db.example.com", "TEST": {"NAME": None}}}
    [reason] = refusals(databases, {"default": "test_shop"}, [])
    assert "on db.example.com" in reason
    assert "DATABASES['default']['TEST'] = {'NAME': 'test_shop'}" in reason


def test_a_server_database_with_its_own_test_name_is_accepted():
    databases = {"default": {"ENGINE": POSTGRES, "NAME": "shop", "HOST": "db", "TEST": {"NAME": "test_shop"}}}
    assert refusals(databases, {"default": "test_shop"}, []) == []


@pytest.mark.parametrize("pattern", ["db.prod.internal/*", "*/shop", "db.prod.*/sh?p"])
def test_databases_marked_production_are_refused(pattern):
    databases = {"default": {"ENGINE": POSTGRES, "NAME": "shop", "HOST": "db.prod.internal",
                             "TEST": {"NAME": "test_shop"}}}
    [reason] = refusals(databases, {"default": "test_shop"}, [pattern])
    assert "marked production" in reason and repr(pattern) in reason


def test_a_production_pattern_matches_a_sqlite_path_too(tmp_path):
    databases = {"default": {"ENGINE": SQLITE, "NAME": str(tmp_path / "prod.sqlite3"), "TEST": {}}}
    assert refusals(databases, {"default": ":memory:"}, ["*/prod.sqlite3"])
    assert not refusals(databases, {"default": ":memory:"}, ["*/dev.sqlite3"])


# -- credentials only where the schema asks for them --

JWT = Credentials(headers={"Authorization": "Bearer t"}, via="simplejwt token")
SESSION = Credentials(headers={"X-CSRFToken": "c"}, cookies={"sessionid": "s", "csrftoken": "c"}, via="Django session")


def test_each_operation_gets_the_credentials_of_the_first_scheme_it_lists_that_the_zone_holds():
    zone = ZoneCredentials(schemes={"jwtAuth": JWT, "cookieAuth": SESSION})
    document = {"security": [{"jwtAuth": []}]}
    assert zone.for_operation({}, document) == JWT  # the document's security applies
    assert zone.for_operation({"security": [{"cookieAuth": []}, {}]}, document) == SESSION
    assert zone.for_operation({"security": [{"knoxAuth": []}, {"cookieAuth": []}]}, document) == SESSION
    assert zone.for_operation({"security": [{}]}, document) == Credentials()  # anonymous operation
    assert zone.for_operation({"security": [{"knoxAuth": []}]}, document) == Credentials()  # none we hold
    both = zone.for_operation({"security": [{"jwtAuth": [], "cookieAuth": []}]}, document)  # AND of two schemes
    assert both.headers == {"Authorization": "Bearer t", "X-CSRFToken": "c"} and both.cookies == SESSION.cookies
    assert zone.via == "simplejwt token, Django session"


def test_credentials_from_a_callable_go_to_every_operation_asking_for_any():
    zone = ZoneCredentials(headers=Credentials(headers={"X-Api-Key": "k"}, via="credentials from x.y"))
    assert zone.for_operation({"security": [{"apiKeyAuth": []}]}, {}).headers == {"X-Api-Key": "k"}
    assert zone.for_operation({}, {}) == Credentials()


# -- settings --


def _config(verify: object, zones: tuple[str, ...] = ("public", "admin")) -> RevolutionConfig:
    return RevolutionConfig(project_root=Path("."), zones={z: {"apps": [z]} for z in zones},
                            plugin_options={"django": {"verify": verify}})


def test_zone_sections_override_auth_and_inherit_the_rest():
    options = load_verify_options(_config({"user": "a.customer", "examples": 7, "zones": {
        "admin": {"user": "a.staff", "examples": 3, "allow": [{"operation": "list_x", "kind": "server_error"}]}}}))
    admin, public = options.for_zone("admin"), options.for_zone("public")
    assert (admin.user, admin.examples, len(admin.allow)) == ("a.staff", 3, 1)
    assert (public.user, public.examples, public.allow) == ("a.customer", 7, [])


def test_command_line_overrides_win_over_settings():
    options = load_verify_options(_config({"examples": 7, "seed": 1}), {"examples": 2, "seed": None, "budget": 5.0})
    assert (options.examples, options.seed, options.budget) == (2, 1, 5.0)


def test_mistakes_in_verify_settings_are_located_with_a_did_you_mean():
    with pytest.raises(ConfigError) as caught:
        load_verify_options(_config({"exampels": 3, "zones": {"nope": {}, "admin": {"allow": [
            {"operation": "x", "kind": "server-error"}]}}}))
    text = str(caught.value)
    assert "plugin_options.django.verify.exampels: unknown setting; did you mean 'examples'?" in text
    assert "plugin_options.django.verify.zones.admin.allow[0].kind" in text
    with pytest.raises(ConfigError, match=r"zones\.nope: names no configured zone; configured: public, admin"):
        load_verify_options(_config({"zones": {"nope": {}}}))


def test_allow_entries_match_by_operation_id_or_method_and_path_kind_and_status():
    entry = AllowEntry(operation="create_token", kind="undocumented_status", status=401)
    assert entry.matches("create_token", "POST /api/token/", "undocumented_status", 401)
    assert not entry.matches("create_token", "POST /api/token/", "undocumented_status", 400)
    assert not entry.matches("create_token", "POST /api/token/", "server_error", 401)
    assert AllowEntry(operation="POST /api/token/").matches("create_token", "POST /api/token/", "server_error", 500)
    assert AllowEntry(operation="*", kind="response_mismatch").matches("x", "GET /x", "response_mismatch", 200)


# -- which component a failing value belongs to --

DOCUMENT = {"components": {"schemas": {
    "PaginatedBookList": {"type": "object", "properties": {
        "count": {"type": "integer"}, "results": {"type": "array", "items": {"$ref": "#/components/schemas/Book"}}}},
    "Book": {"type": "object", "properties": {"isbn": {"type": "string"},
                                               "author": {"$ref": "#/components/schemas/Author"}}},
    "Author": {"type": "object", "properties": {"name": {"type": "string"}}},
}}}


def _response(ref: str) -> dict:
    return {"content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}}}


@pytest.mark.parametrize(("path", "component"), [
    ([], "PaginatedBookList"),
    (["results", "1"], "Book"),
    (["results", "0", "author"], "Author"),
    (["results", "0", "unknown", "deeper"], "Book"),
])
def test_the_component_of_a_failing_value_is_the_innermost_ref_on_its_path(path, component):
    assert response_component(_response("PaginatedBookList"), path, DOCUMENT) == component


# -- the report --


def _report() -> VerifyReport:
    finding = Finding(kind="response_mismatch", status=200, message="`isbn` is null", fix="add allow_null=True",
                      request="GET /api/books/", response="{}", view="liars.views.BookViewSet.list (views.py:3)",
                      serializer="liars.serializers.BookSerializer (serializers.py:8), component Book", count=3)
    allowed = Finding(kind="server_error", status=500, message="boom", fix="-", request="GET /x", allowed=True,
                      reason="tracked in #12")
    ops = [OperationResult("list_books", "GET", "/api/books/", requests=3, findings=[finding]),
           OperationResult("x", "GET", "/x", requests=1, findings=[allowed])]
    return VerifyReport(seed=0, examples=25, budget=60, zones=[ZoneResult("public", operations=ops)])


def test_a_report_fails_on_findings_that_are_not_allowed():
    report = _report()
    assert not report.ok
    data = report.to_dict()
    assert data["ok"] is False and data["zones"][0]["problems"] == 1
    report.zones[0].operations[0].findings[0].allowed = True
    assert report.ok and report.to_dict()["ok"] is True


def test_the_text_report_names_view_serializer_fix_and_request():
    from rich.console import Console

    out = io.StringIO()
    render(_report(), Console(file=out, width=200, highlight=False, color_system=None), verbosity=1)
    text = out.getvalue()
    for expected in ("✗ zone public", "GET /api/books/ (list_books)", "x3: `isbn` is null",
                     "view: liars.views.BookViewSet.list (views.py:3)", "serializer: liars.serializers.BookSerializer",
                     "fix: add allow_null=True", "request: GET /api/books/", "reason: tracked in #12",
                     "verify: 1 problem(s), 1 allowed"):
        assert expected in text, (expected, text)


def test_the_summary_does_not_say_every_response_matches_when_operations_were_never_verified():
    from rich.console import Console

    ops = [OperationResult("list_books", "GET", "/api/books/", requests=3, statuses={"200": 3}),
           OperationResult("create_books", "POST", "/api/books/", requests=3, statuses={"401": 3},
                           note="configure `auth` or `user` for this zone")]
    out = io.StringIO()
    render(VerifyReport(seed=0, examples=3, budget=60, zones=[ZoneResult("app", operations=ops)]),
           Console(file=out, width=300, highlight=False, color_system=None))
    text = out.getvalue()
    assert "every zone's responses match" not in text
    assert "verify: no mismatch found; 1 of 2 operation(s) not verified (never answered with success" in text


# -- schemathesis is an optional extra --


def test_missing_schemathesis_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "schemathesis", None)
    with pytest.raises(VerifyUnavailable) as caught:
        require_schemathesis()
    assert 'pip install "drf-revolution[verify]"' in str(caught.value)
    assert caught.value.exit_code == 2
