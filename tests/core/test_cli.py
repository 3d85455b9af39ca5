"""The CLI commands other than `run`'s pipeline behaviour: zones, validate, locking, observers."""

from __future__ import annotations

import json
import subprocess
import sys
import time

from revolution_core import hookimpl
from tests.core import fakes


def test_zones_lists_each_zone_with_its_plugins(revolution_project):
    project = revolution_project(zones={"public": {"generators": ["echo"], "title": "Public API"}}, plugins=[fakes])
    rows = json.loads(project.run("zones", "--json").stdout)
    assert rows[0]["zone"] == "public" and rows[0]["title"] == "Public API"
    assert rows[0]["source"] == "openapi-file" and rows[0]["generators"] == ["echo"]
    table = project.run("zones").stdout
    assert "public" in table and "openapi-file" in table


def test_validate_reports_missing_files_with_the_setting(revolution_project):
    project = revolution_project(
        zones={"public": {"openapi_file": "specs/nope.yaml", "generators": ["echo"]}}, plugins=[fakes]
    )
    result = project.run("validate")
    assert result.exit_code == 2
    assert "zones.public.openapi_file: file not found" in result.output
    assert not (project.root / "openapi").exists()


def test_validate_accepts_a_good_config(revolution_project):
    result = revolution_project(zones={"public": {"generators": ["echo"]}}, plugins=[fakes]).run("validate")
    assert result.exit_code == 0 and "Configuration is valid: 1 zone(s): public." in result.output


def test_no_configuration_is_a_clear_error(tmp_path):
    from click.testing import CliRunner

    from revolution_core.cli import cli

    result = CliRunner().invoke(cli, ["--project", str(tmp_path), "run"])
    assert result.exit_code == 2
    assert "No configuration found" in result.output and "[tool.revolution]" in result.output


def hold_lock(root, seconds: float) -> subprocess.Popen:
    """Another process (as another run would be) holding the project lock for a while."""
    code = (
        "import sys, time; from filelock import FileLock; lock = FileLock(sys.argv[1]); lock.acquire(); "
        "print('held', flush=True); time.sleep(float(sys.argv[2]))"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", code, str(root / ".revolution.lock"), str(seconds)], stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout and holder.stdout.readline().strip() == "held"
    return holder


def test_second_run_fails_clearly_with_no_wait(revolution_project):
    project = revolution_project(zones={"public": {"generators": ["echo"]}}, plugins=[fakes])
    holder = hold_lock(project.root, 5)
    try:
        result = project.run("run", "--no-wait")
    finally:
        holder.kill()
    assert result.exit_code == 1
    assert "another revolution run holds" in result.output
    assert not (project.root / "clients").exists()


def test_second_run_waits_for_the_first(revolution_project):
    project = revolution_project(zones={"public": {"generators": ["echo"]}}, plugins=[fakes])
    holder = hold_lock(project.root, 0.6)
    started = time.perf_counter()
    result = project.run("run")
    holder.wait()
    assert result.exit_code == 0, result.output
    assert "waiting for it to finish" in result.output
    assert time.perf_counter() - started >= 0.4


class Observer:
    events: list[tuple[str, str]] = []

    @hookimpl
    def revolution_run_started(self, zones):
        self.events.append(("started", ",".join(zones)))

    @hookimpl
    def revolution_schema_produced(self, zone, schema):
        self.events.append(("schema", zone.name))

    @hookimpl
    def revolution_client_generated(self, zone, client):
        self.events.append(("client", f"{zone.name}:{client.generator}:{client.status}"))

    @hookimpl
    def revolution_run_finished(self, report):
        self.events.append(("finished", str(report.ok)))


def test_event_hooks_observe_a_run(revolution_project):
    observer = Observer()
    project = revolution_project(zones={"public": {"generators": ["echo"]}}, plugins=[fakes, observer])
    project.run("run")
    project.run("run")
    assert observer.events == [
        ("started", "public"),
        ("schema", "public"),
        ("client", "public:echo:ok"),
        ("finished", "True"),
        ("started", "public"),
        ("schema", "public"),
        ("client", "public:echo:unchanged"),
        ("finished", "True"),
    ]


class BrokenObserver:
    @hookimpl
    def revolution_client_generated(self, zone, client):
        raise ValueError("observer bug")


def test_a_broken_observer_is_reported_but_stops_nothing(revolution_project):
    project = revolution_project(
        zones={"public": {"generators": ["echo"]}, "client": {"generators": ["echo"]}},
        plugins=[fakes, BrokenObserver()],
    )
    result = project.run("run")
    assert result.exit_code == 1
    assert "event hook revolution_client_generated of plugin 'BrokenObserver'" in result.output
    assert "ValueError: observer bug" in result.output
    assert (project.root / "clients/echo/public/client.txt").is_file()
    assert (project.root / "clients/echo/client/client.txt").is_file()


class MisspelledHook:
    @hookimpl
    def revolution_register_generator(self):
        return []


class NotAList:
    @hookimpl
    def revolution_register_generators(self):
        return fakes.EchoGenerator


def test_plugin_registration_mistakes_are_problems_not_tracebacks(tmp_path):
    from revolution_core.plugins import build_registry

    registry = build_registry([MisspelledHook(), NotAList()], load_entry_points=False)
    text = " | ".join(registry.problems)
    assert "unknown hook 'revolution_register_generator'" in text
    assert "must return a list of classes" in text


def test_a_misspelled_or_disabled_plugin_gets_a_useful_message(revolution_project):
    project = revolution_project(zones={"public": {"generators": ["ecko"]}}, plugins=[fakes])
    assert "unknown generator 'ecko'; did you mean 'echo'?" in project.run("run").output
    project = revolution_project(zones={"public": {"generators": ["echo"]}}, plugins=[fakes], archivers=["archive"])
    result = project.run("--disable-plugins", "archive", "run")
    assert result.exit_code == 2
    assert "archiver 'archive' is disabled" in result.output and "--no-archive" in result.output
