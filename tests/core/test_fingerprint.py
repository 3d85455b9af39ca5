"""The run fingerprint (revolution_core.fingerprint): a run with nothing changed does no work and calls no
plugin; any input change, `--force`, other options or a damaged output make it work again; a change to one
zone's inputs reuses the other zones' schemas."""

from __future__ import annotations

import json
import os
import sys
import time
from importlib.metadata import version

from click.testing import CliRunner

from revolution_core.cli import cli
from revolution_core.fingerprint import Declared, Fingerprint, InputDeclaration
from revolution_core.uptodate import run_key
from tests.core import fakes


def run(project, *args: str):
    """`revolution run` in-process with the fake plugins, fingerprint on (it is off by default for plugins
    registered in code, whose code cannot be fingerprinted). Files written in the moment a run starts are
    checked again by the next run (they may have changed while it read them): the pause keeps the
    test's own edits out of that moment."""
    time.sleep(0.03)
    argv = ["--project", str(project.root), "run", "--json", *args]
    result = CliRunner().invoke(cli, argv, obj={"plugins": [fakes], "fingerprint": True}, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def statuses(report, stage: str) -> dict[str | None, str]:
    return {step["zone"]: step["status"] for step in report["steps"] if step["stage"] == stage}


def two_zone_project(revolution_project, **settings):
    fakes.EchoGenerator.calls.clear()
    return revolution_project(zones={"public": {"generators": ["echo"]}, "client": {"generators": ["echo"]}},
                              plugins=[fakes], **settings)


def test_nothing_changed_reports_the_last_run_unchanged_without_calling_a_plugin(revolution_project):
    project = two_zone_project(revolution_project)
    first = run(project)
    assert first["ok"] and fakes.EchoGenerator.calls == [["public", "client"]]
    before = project.tree("clients")
    second = run(project)
    assert second["up_to_date"] is True and second["ok"]
    assert fakes.EchoGenerator.calls == [["public", "client"]]  # no generator was called
    assert {step["status"] for step in second["steps"]} == {"unchanged"}
    assert [(s["stage"], s["zone"]) for s in second["steps"]] == [(s["stage"], s["zone"]) for s in first["steps"]]
    assert project.tree("clients") == before


def test_force_and_clean_do_the_work_anyway(revolution_project):
    project = two_zone_project(revolution_project)
    run(project)
    assert "up_to_date" not in run(project, "--force")
    assert "up_to_date" not in run(project, "--clean")
    assert run(project)["up_to_date"]


def test_an_edited_input_regenerates_only_the_zones_it_concerns(revolution_project):
    project = two_zone_project(revolution_project)
    run(project)
    spec = project.root / "specs" / "client.json"
    document = json.loads(spec.read_text())
    document["info"]["description"] = "changed"
    spec.write_text(json.dumps(document))
    report = run(project)
    assert "up_to_date" not in report
    assert statuses(report, "schema producer") == {"public": "unchanged", "client": "ok"}
    assert {z: s for z, s in statuses(report, "generator").items() if z} == {"public": "unchanged", "client": "ok"}
    assert run(project)["up_to_date"]


def test_the_configuration_file_is_an_input(revolution_project):
    project = two_zone_project(revolution_project)
    run(project)
    project.settings["zones"]["public"]["title"] = "Renamed"
    project.write()
    report = run(project)
    assert statuses(report, "schema producer") == {"public": "ok", "client": "ok"}  # not a file of one zone


def test_other_options_never_stand_for_each_other(revolution_project):
    project = two_zone_project(revolution_project)
    run(project)
    assert "up_to_date" not in run(project, "--zones", "public")
    assert run(project, "--zones", "public")["up_to_date"]
    assert "up_to_date" not in run(project)


def test_a_missing_or_edited_output_is_regenerated(revolution_project):
    project = two_zone_project(revolution_project)
    run(project)
    (project.root / "clients" / "echo" / "client" / "client.txt").unlink()
    report = run(project)
    assert "up_to_date" not in report and statuses(report, "generator")["client"] == "ok"
    assert (project.root / "clients" / "echo" / "client" / "client.txt").is_file()
    (project.root / "openapi" / "schemas" / "public.yaml").write_text("edited\n")
    report = run(project)
    assert statuses(report, "schema producer")["public"] == "ok"  # a damaged schema is never reused


def test_a_declared_environment_variable_and_file_are_inputs(revolution_project, monkeypatch):
    project = two_zone_project(revolution_project, inputs={"environment": ["MY_FLAG"], "files": ["data/*.csv"]})
    monkeypatch.setenv("MY_FLAG", "1")
    run(project)
    assert run(project)["up_to_date"]
    monkeypatch.setenv("MY_FLAG", "2")
    assert "up_to_date" not in run(project)
    assert run(project)["up_to_date"]
    (project.root / "data").mkdir()
    (project.root / "data" / "rates.csv").write_text("a,b\n")  # a new match of the pattern
    report = run(project)
    assert "up_to_date" not in report
    assert statuses(report, "schema producer") == {"public": "ok", "client": "ok"}


def test_a_package_upgrade_is_an_input(revolution_project, tmp_path, monkeypatch):
    """A distribution in a site directory on sys.path, upgraded the way pip does it (a new dist-info)."""
    site = tmp_path / "site"

    def install(number: str) -> None:
        for old in site.glob("tinypkg-*.dist-info"):
            for file in old.iterdir():
                file.unlink()
            old.rmdir()
        info = site / f"tinypkg-{number}.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: tinypkg\nVersion: {number}\n")
        (info / "RECORD").write_text("")

    install("1.0")
    monkeypatch.syspath_prepend(str(site))
    assert version("tinypkg") == "1.0"
    project = two_zone_project(revolution_project)
    run(project)
    assert run(project)["up_to_date"]
    install("1.1")
    assert version("tinypkg") == "1.1"
    report = run(project)
    assert "up_to_date" not in report
    assert statuses(report, "schema producer") == {"public": "ok", "client": "ok"}


def test_a_file_changed_after_the_run_started_is_never_taken_as_seen(tmp_path):
    source = tmp_path / "app.py"
    source.write_text("x = 1\n")
    fingerprint = Fingerprint(tmp_path, {"entry": "test"})
    declared = Declared()
    declared.add(InputDeclaration(trees=(tmp_path,)))
    fingerprint.started_ns = time.time_ns() - 10**9
    os.utime(source)  # modified while the run was going on
    fingerprint.record(declared, {}, [], {"zones": [], "steps": []})
    check = Fingerprint(tmp_path, {"entry": "test"}).check()
    assert not check.up_to_date and check.changed_files == [str(source.resolve())]


def test_a_failed_run_forgets_the_state(revolution_project):
    project = two_zone_project(revolution_project)
    run(project)
    project.settings["zones"]["client"]["generators"] = [{"name": "echo", "options": {"fail_zones": ["client"]}}]
    project.write()
    argv = ["--project", str(project.root), "run"]
    result = CliRunner().invoke(cli, argv, obj={"plugins": [fakes], "fingerprint": True})
    assert result.exit_code == 1
    assert Fingerprint(project.root, run_key()).check().reason == "the last run failed"
    project.settings["zones"]["client"]["generators"] = ["echo"]
    project.write()
    assert "up_to_date" not in run(project)  # back to the first configuration: still worked, not trusted


def test_the_check_imports_nothing_heavy(tmp_path):
    """The no-op path must stay cheap: checking a fingerprint needs the standard library only."""
    import subprocess

    code = ("import sys; from revolution_core.uptodate import RunFingerprint, run_key; "
            "RunFingerprint.start(__import__('pathlib').Path(sys.argv[1]), run_key()); "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in {'pydantic', 'rich', 'pluggy', 'yaml'}))")
    done = subprocess.run([sys.executable, "-c", code, str(tmp_path)], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
