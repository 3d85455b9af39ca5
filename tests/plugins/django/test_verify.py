"""`manage.py revolution --verify` on verifyproj (a subprocess each): the liars app tells every lie a
schema can tell and verify finds each one, naming the view; the honest zones pass through JWT (from a
user factory), a Django session with CSRF (another factory) and DRF tokens (a credentials callable);
verify refuses to touch anything but a test database."""

from __future__ import annotations

import hashlib
import json
import signal
import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
from django_plugin_helpers import HERE, PYTHON, project_env

pytestmark = pytest.mark.slow

VERIFYPROJ = HERE / "verifyproj"
REAL_DB = VERIFYPROJ / "verifyproj.sqlite3"


def verify(*args: str, timeout: float = 240, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "manage.py", "revolution", "--verify", *args], cwd=VERIFYPROJ,
                          env=project_env(**env), capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def full_run() -> tuple[subprocess.CompletedProcess[str], dict[str, Any]]:
    """One verify of every zone with the default settings, as JSON."""
    assert not REAL_DB.exists(), f"{REAL_DB} exists before the run: remove it"
    result = verify("--json")
    try:
        return result, json.loads(result.stdout)
    except ValueError:
        pytest.fail(f"no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def operations(report: dict[str, Any], zone: str) -> dict[str, dict[str, Any]]:
    [found] = [z for z in report["zones"] if z["zone"] == zone]
    return {op["operation"]: op for op in found["operations"]}


def only(op: dict[str, Any]) -> dict[str, Any]:
    assert len(op["findings"]) == 1, op["findings"]
    return dict(op["findings"][0])


def test_verify_exits_1_and_finds_every_lie_of_the_liars_zone(full_run):
    result, report = full_run
    assert result.returncode == 1, result.stderr
    assert report["ok"] is False
    public = operations(report, "public")
    assert {name for name, op in public.items() if op["findings"]} == {
        "list_books", "retrieve_books", "retrieve_summary", "retrieve_shelf", "create_new_book",
        "create_reviews", "retrieve_ratio", "create_logout"}


def test_a_documented_required_field_the_view_never_returns(full_run):
    finding = only(operations(full_run[1], "public")["retrieve_summary"])
    assert finding["kind"] == "response_mismatch" and finding["status"] == 200
    assert "`rating` is documented as required" in finding["message"]
    assert finding["view"] == "liars.views.SummaryView.get (liars/views.py:37)"
    assert finding["serializer"].startswith("liars.serializers.SummarySerializer (liars/serializers.py:")
    assert "required=False" in finding["fix"]


def test_a_view_returning_a_different_shape(full_run):
    finding = only(operations(full_run[1], "public")["retrieve_shelf"])
    assert finding["kind"] == "response_mismatch"
    assert "different shape" in finding["message"] and 'is not of type "object"' in finding["message"]
    assert finding["view"].startswith("liars.views.ShelfView.get (liars/views.py:")
    assert "component Shelf" in finding["serializer"]


def test_null_in_a_non_nullable_field_in_a_list_and_a_detail(full_run):
    public = operations(full_run[1], "public")
    for name, action in (("list_books", "list"), ("retrieve_books", "retrieve")):
        finding = only(public[name])
        assert finding["message"] == "`isbn` is null, but the schema documents it as non-nullable"
        assert finding["view"].startswith(f"liars.views.BookViewSet.{action} (liars/views.py:")
        assert "component Book" in finding["serializer"] and "allow_null=True" in finding["fix"]
    assert public["retrieve_books"]["findings"][0]["request"] == "GET /api/public/books/2/"  # a seeded book


def test_an_undocumented_400(full_run):
    finding = only(operations(full_run[1], "public")["create_new_book"])
    assert (finding["kind"], finding["status"]) == ("undocumented_status", 400)
    assert finding["message"] == "answered 400; documented: 201"
    assert "Titles start with a capital letter." in finding["response"]
    assert finding["view"].startswith("liars.views.NewBookView.post (liars/views.py:")
    assert "400: OpenApiResponse" in finding["fix"] and finding["count"] > 1


def test_an_undocumented_success_status(full_run):
    finding = only(operations(full_run[1], "public")["create_reviews"])
    assert (finding["kind"], finding["status"]) == ("undocumented_status", 200)
    assert "@extend_schema(responses={200: TheSerializer})" in finding["fix"]


def test_a_server_error_names_the_exception_and_the_line(full_run):
    finding = only(operations(full_run[1], "public")["retrieve_ratio"])
    assert (finding["kind"], finding["status"]) == ("server_error", 500)
    assert finding["message"].startswith("the view raised ZeroDivisionError: integer division or modulo by zero "
                                         "at liars/views.py:")
    assert finding["request"] == "GET /api/public/ratio/?n=0"


def test_a_body_where_the_schema_documents_none(full_run):
    finding = only(operations(full_run[1], "public")["create_logout"])
    assert (finding["kind"], finding["status"]) == ("undocumented_body", 200)
    assert '"Logged out."' in finding["response"]


def test_honest_zones_pass_with_jwt_session_and_token_credentials(full_run):
    report = full_run[1]
    by_zone = {zone["zone"]: zone for zone in report["zones"]}
    assert by_zone["private"]["credentials"] == "simplejwt token"
    assert by_zone["staff"]["credentials"] == "Django session"
    assert by_zone["tokens"]["credentials"] == "credentials from verifyproj.verify_setup.token_credentials"
    for zone in ("private", "staff", "tokens"):
        assert by_zone[zone]["ok"], by_zone[zone]
        for op in by_zone[zone]["operations"]:
            assert op["note"] == "", op  # every operation got a successful answer to check
            assert any(code.startswith("2") for code in op["statuses"]), op
    assert set(operations(report, "private")) == {"list_notes", "create_notes", "retrieve_notes", "update_notes",
                                                  "partial_update_notes", "destroy_notes"}
    # detail operations reached both seeded notes (their ids read from the list), not only 404s
    assert operations(report, "private")["retrieve_notes"]["statuses"].get("200", 0) >= 2


def test_the_verified_schemas_are_the_ones_a_run_writes(full_run, tmp_path):
    result = subprocess.run([PYTHON, "manage.py", "revolution", "--test-schemas"], cwd=VERIFYPROJ,
                            env=project_env(VERIFYPROJ_OUTPUT=str(tmp_path)), capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    for zone in full_run[1]["zones"]:
        written = json.loads((tmp_path / "openapi" / "schemas" / f"{zone['zone']}.json").read_text())
        canonical = json.dumps(written, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert zone["schema_sha256"] == hashlib.sha256(canonical.encode()).hexdigest(), zone["zone"]


def test_verify_never_creates_or_touches_the_configured_database(full_run):
    assert not REAL_DB.exists()


def test_the_text_report_names_view_serializer_and_fix_and_exits_1():
    result = verify("--zones", "public", "--examples", "5")
    assert result.returncode == 1
    out = result.stdout
    assert "✗ zone public" in out
    assert "view: liars.views.SummaryView.get (liars/views.py:37)" in out
    assert "serializer: liars.serializers.SummarySerializer" in out
    assert "fix: if the view never returns `rating`" in out
    assert "verify: 8 problem(s)" in out
    assert "Traceback" not in result.stderr


def test_allow_listed_problems_do_not_fail_the_run_and_show_their_reason():
    liars = "list_books,retrieve_books,retrieve_summary,retrieve_shelf,create_new_book,create_reviews," \
            "retrieve_ratio,create_logout,never_called"
    result = verify("--zones", "public", "--examples", "5", "--json", VERIFYPROJ_ALLOW=liars)
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout
    findings = [f for op in report["zones"][0]["operations"] for f in op["findings"]]
    assert len(findings) == 8 and all(f["allowed"] and f["reason"] == "known liar" for f in findings)
    assert report["zones"][0]["unused_allow"] == ["never_called *"]


def test_same_seed_same_requests_and_findings():
    first = json.loads(verify("--zones", "public", "--examples", "5", "--json").stdout)
    second = json.loads(verify("--zones", "public", "--examples", "5", "--json").stdout)

    def strip(report: dict[str, Any]) -> Any:
        return [(op["operation"], op["statuses"], [(f["kind"], f["request"], f["count"]) for f in op["findings"]])
                for op in report["zones"][0]["operations"]]

    assert strip(first) == strip(second)


# -- refusing anything but a test database --


def test_refuses_a_server_database_without_an_explicit_test_name():
    result = verify(VERIFYPROJ_POSTGRES="1")
    assert result.returncode == 2
    assert "verify refused to run" in result.stderr
    assert "DATABASES['default'] (django.db.backends.postgresql, NAME 'shop' on db.example.com)" in result.stderr
    assert "set DATABASES['default']['TEST'] = {'NAME': 'test_shop'}" in result.stderr
    assert "Traceback" not in result.stderr


def test_refuses_a_test_name_that_is_the_configured_database(tmp_path):
    real = tmp_path / "shop.sqlite3"
    real.write_bytes(b"precious data")
    result = verify(VERIFYPROJ_DB=str(real), VERIFYPROJ_TEST_NAME=str(real))
    assert result.returncode == 2
    assert "would destroy that data" in result.stderr
    assert real.read_bytes() == b"precious data"


def test_refuses_a_database_marked_production(tmp_path):
    real = tmp_path / "prod.sqlite3"
    result = verify("--json", VERIFYPROJ_DB=str(real), VERIFYPROJ_PRODUCTION="*/prod.sqlite3")
    assert result.returncode == 2
    report = json.loads(result.stdout)
    assert report["ok"] is False and "marked production by production_databases pattern '*/prod.sqlite3'" in \
        report["error"]
    assert not real.exists()


def test_a_test_database_of_its_own_on_a_file_is_created_and_destroyed(tmp_path):
    # a file keeps connections real (closing one loses nothing in memory): detail requests must still
    # reach the objects the list showed, on an open connection
    test_db = tmp_path / "test_verifyproj.sqlite3"
    result = verify("--zones", "private,tokens", "--examples", "4", "--json", VERIFYPROJ_TEST_NAME=str(test_db))
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    assert all(op["note"] == "" for zone in report["zones"] for op in zone["operations"]), report
    assert operations(report, "private")["retrieve_notes"]["statuses"].get("200", 0) >= 1  # a seeded note
    assert not test_db.exists() and not REAL_DB.exists()


def test_ctrl_c_destroys_the_test_database_and_prints_no_traceback(tmp_path):
    test_db = tmp_path / "test_verifyproj.sqlite3"
    process = subprocess.Popen([PYTHON, "manage.py", "revolution", "--verify", "--examples", "500"], cwd=VERIFYPROJ,
                               env=project_env(VERIFYPROJ_TEST_NAME=str(test_db)), stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, stdin=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not test_db.exists() and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.1)
    time.sleep(1.5)  # creating its tables, or already sending requests: both must clean up
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=120)
    assert process.returncode == 130, out + err
    assert "verify interrupted: test databases destroyed" in err and "Traceback" not in err
    assert not test_db.exists()


def test_an_unknown_zone_and_a_bad_setting_are_configuration_errors():
    result = verify("--zones", "nowhere")
    assert result.returncode == 2 and "unknown zone 'nowhere'" in result.stderr
    result = verify("--examples", "0")
    assert result.returncode == 2
    assert "plugin_options.django.verify.examples: Input should be greater than or equal to 1" in result.stderr



# -- the core CLI, and settings checked before verify runs --

REVOLUTION = str(Path(PYTHON).parent / "revolution")


def test_revolution_verify_is_the_core_cli_command_of_the_django_plugin():
    result = subprocess.run([REVOLUTION, "verify", "--zones", "public,tokens", "--examples", "3", "--json"],
                            cwd=VERIFYPROJ, env=project_env(), capture_output=True, text=True, timeout=240,
                            stdin=subprocess.DEVNULL)
    report = json.loads(result.stdout)
    assert result.returncode == 1
    assert [(zone["zone"], zone["ok"]) for zone in report["zones"]] == [("public", False), ("tokens", True)]
    listed = subprocess.run([REVOLUTION, "--help"], cwd=VERIFYPROJ, env=project_env(), capture_output=True,
                            text=True, timeout=60)
    assert "verify    Prove each Django zone's schema against its views" in listed.stdout


def test_a_misspelt_verify_setting_fails_validation_before_verify_runs():
    result = subprocess.run([PYTHON, "manage.py", "revolution", "--validate-zones"], cwd=VERIFYPROJ,
                            env=project_env(VERIFYPROJ_TYPO="1"), capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert "plugin_options.django.verify.exampels: unknown setting; did you mean 'examples'?" in result.stderr


def test_a_real_third_party_lie_djoser_answers_204_where_its_schema_says_200():
    result = subprocess.run([PYTHON, "manage.py", "revolution", "--verify", "--zones", "auth", "--examples", "3",
                             "--json"], cwd=HERE / "thirdparty_proj", env=project_env(), capture_output=True,
                            text=True, timeout=300, stdin=subprocess.DEVNULL)
    report = json.loads(result.stdout)
    assert result.returncode == 1, result.stderr
    finding = next(f for f in operations(report, "auth")["reset_password_users"]["findings"]
                   if f["kind"] == "undocumented_status")
    assert finding["status"] == 204 and finding["message"] == "answered 204; documented: 200"
    assert finding["view"].startswith("djoser.views.UserViewSet.reset_password (")


def test_a_short_access_token_lifetime_does_not_lock_verify_out():
    """ACCESS_TOKEN_LIFETIME of 0 s: a token minted with the project's lifetime is expired before the first
    request, and every operation was "not verified" with advice about the user's permissions."""
    result = verify("--zones", "private", "--examples", "3", "--json", VERIFYPROJ_ACCESS_SECONDS="0")
    report = json.loads(result.stdout)
    assert result.returncode == 0, result.stdout + result.stderr
    for name, op in operations(report, "private").items():
        assert "401" not in op["statuses"], (name, op["statuses"], op["note"])


def test_a_cookie_scheme_that_is_not_the_session_is_not_given_a_session():
    """A JWT cookie (dj-rest-auth's kind of scheme): verify cannot mint it from a user, and says so (configure
    `auth`), rather than sending a Django session and reporting every operation as refusing the credentials."""
    result = verify("--zones", "private", "--examples", "3", VERIFYPROJ_COOKIE_JWT="1")
    assert result.returncode == 2, result.stdout + result.stderr
    assert "none of the zone's security schemes can be minted" in result.stderr
    assert "jwtCookieAuth (apiKey cookie)" in result.stderr and "configure `auth`" in result.stderr
    assert "(Django session)" not in result.stdout + result.stderr  # no operation was tried with one
