"""`python manage.py revolution`: every seed flag, run in shopproj (a subprocess each) with stand-in
`typescript`/`python` generators (fakeplugin/) so no node toolchain is needed."""

from __future__ import annotations

import json
import subprocess

import pytest
from django_plugin_helpers import PYTHON, SHOPPROJ, generated, project_env, run_json, run_manage
from openapi_spec_validator import validate

ZONES = ["admin", "client", "public"]


def _steps(report, stage):
    return sorted((step["plugin"], step["zone"] or "", step["status"]) for step in report["steps"]
                  if step["stage"] == stage and step["zone"])


def test_generate_runs_every_zone_and_generator_and_writes_valid_schemas(tmp_path):
    report = run_json("--generate", output=tmp_path)
    assert report["ok"], report
    assert sorted(generated(tmp_path)) == sorted(f"{g}/{z}" for g in ("python", "typescript") for z in ZONES)
    for zone in ZONES:
        document = json.loads((tmp_path / f"openapi/schemas/{zone}.json").read_text())
        validate(document)
        assert (tmp_path / f"openapi/schemas/{zone}.yaml").is_file()
    assert generated(tmp_path)["typescript/public"]["operations"][0] == "cancel_orders"


@pytest.mark.parametrize("flag", ["--typescript", "--python"])
def test_one_generator_flag_runs_only_that_generator(tmp_path, flag):
    report = run_json(flag, output=tmp_path)
    assert report["ok"]
    assert {key.split("/")[0] for key in generated(tmp_path)} == {flag.removeprefix("--")}


@pytest.mark.parametrize("args", [["--zones", "public", "admin"], ["--zones", "public,admin"]],
                         ids=["space", "comma"])
def test_zones_flag_in_space_and_comma_form(tmp_path, args):
    report = run_json(*args, "--typescript", output=tmp_path)
    assert report["zones"] == ["public", "admin"]
    assert sorted(generated(tmp_path)) == ["typescript/admin", "typescript/public"]


def test_unknown_zone_fails_naming_it(tmp_path):
    result = run_manage("--zones", "pubic", "--generate", output=tmp_path)
    assert result.returncode != 0
    assert "unknown zone 'pubic'" in result.stderr + result.stdout


def test_max_workers_reaches_the_run(tmp_path):
    assert run_json("--generate", "--max-workers", "3", output=tmp_path)["ok"]
    assert {record["max_workers"] for record in generated(tmp_path).values()} == {3}


def test_max_workers_must_be_positive(tmp_path):
    result = run_manage("--generate", "--max-workers", "0", output=tmp_path)
    assert result.returncode != 0 and "--max-workers must be at least 1" in result.stderr


def test_test_schemas_produces_schemas_only_byte_identical_each_time(tmp_path):
    report = run_json("--test-schemas", output=tmp_path)
    assert report["ok"]
    assert _steps(report, "schema producer") == [("drf-spectacular", z, "ok") for z in ZONES]
    assert _steps(report, "generator") == []
    assert not (tmp_path / "clients").exists()
    for zone in ZONES:
        validate(json.loads((tmp_path / f"openapi/schemas/{zone}.json").read_text()))
    again = tmp_path / "again"
    assert run_json("--test-schemas", output=again)["ok"]
    for name in sorted(p.name for p in (tmp_path / "openapi/schemas").iterdir()):
        assert (again / "openapi/schemas" / name).read_bytes() == (tmp_path / "openapi/schemas" / name).read_bytes()


def test_show_urls_lists_each_zones_patterns(tmp_path):
    result = run_manage("--show-urls", output=tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Zone public  /api/public/" in out and "Zone admin  /api/admin/" in out
    assert "/api/public/orders/{pk}/cancel/" in out and "shop.views.OrderViewSet" in out
    assert "/api/client/me/avatar/" in out and "accounts.views.AvatarView" in out
    assert "/api/admin/reports/sales/" in out and "staff.urls.sales_report" in out
    assert "/api/client/schema/" in out
    assert not (tmp_path / "openapi").exists()


def test_show_urls_into_a_reader_that_stops_early_is_not_a_traceback(tmp_path):
    """`manage.py revolution --show-urls | head -3`: the reader closes the pipe, the next write fails."""
    process = subprocess.Popen([PYTHON, "manage.py", "revolution", "--show-urls"], cwd=SHOPPROJ,
                               env=project_env(tmp_path), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # before Django has even started: every write of the listing hits a closed pipe
    stderr = process.stderr.read()
    assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr, stderr


def test_validate_zones_on_a_good_configuration(tmp_path):
    result = run_manage("--validate-zones", output=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "✓ zone public: 6 route(s) from apps: shop; docs under /api/public/" in result.stdout
    assert "All 3 zone(s) are valid." in result.stdout
    assert not (tmp_path / "openapi").exists()


def test_clean_regenerates_what_the_cache_would_keep(tmp_path):
    assert run_json("--typescript", output=tmp_path)["ok"]
    again = run_json("--typescript", output=tmp_path)
    assert {s[2] for s in _steps(again, "generator")} == {"unchanged"}
    cleaned = run_json("--typescript", "--clean", output=tmp_path)
    assert {s[2] for s in _steps(cleaned, "generator")} == {"ok"}


def test_no_archive_skips_the_archivers(tmp_path):
    with_archive = run_json("--generate", output=tmp_path, SHOPPROJ_ARCHIVE="1")
    assert _steps(with_archive, "archiver") == [("fakearchive", z, "ok") for z in ZONES]
    without = run_json("--generate", "--no-archive", output=tmp_path, SHOPPROJ_ARCHIVE="1")
    assert _steps(without, "archiver") == []


@pytest.mark.parametrize(("args", "env", "debug"), [
    ([], {}, False),
    (["--debug"], {}, True),
    ([], {"DJANGO_REVOLUTION_DEBUG": "1"}, True),
], ids=["default", "--debug", "DJANGO_REVOLUTION_DEBUG=1"])
def test_debug_flag_and_environment_variable(tmp_path, args, env, debug):
    assert run_json("--typescript", "--zones", "admin", *args, output=tmp_path, **env)["ok"]
    assert generated(tmp_path)["typescript/admin"]["debug"] is debug


@pytest.mark.parametrize(("level", "shows_steps"), [("0", False), ("1", True), ("3", True)])
def test_verbosity(tmp_path, level, shows_steps):
    result = run_manage("--test-schemas", "--verbosity", level, output=tmp_path)
    assert result.returncode == 0, result.stderr
    assert ("zone public" in result.stdout) is shows_steps
    if level == "0":
        assert "warning" not in result.stdout


def test_strict_turns_drf_spectacular_warnings_into_failures(tmp_path):
    report = run_json("--test-schemas", "--strict", output=tmp_path)
    assert not report["ok"]
    assert _steps(report, "schema producer") == [
        ("drf-spectacular", "admin", "ok"), ("drf-spectacular", "client", "ok"),
        ("drf-spectacular", "public", "failed")]
    result = run_manage("--test-schemas", "--strict", output=tmp_path)
    assert result.returncode == 1


def test_without_a_terminal_and_without_flags_it_runs_non_interactively(tmp_path):
    result = run_manage(output=tmp_path, timeout=60)  # stdin is /dev/null: no TTY
    assert result.returncode == 0, result.stderr
    assert "No terminal: running non-interactively" in result.stdout
    assert sorted(generated(tmp_path)) == sorted(f"{g}/{z}" for g in ("python", "typescript") for z in ZONES)


def test_interactive_flag_without_a_terminal_explains_instead_of_hanging(tmp_path):
    result = run_manage("--interactive", output=tmp_path)
    assert result.returncode == 1
    assert "--interactive needs a terminal" in result.stderr
    assert not (tmp_path / "clients").exists()
