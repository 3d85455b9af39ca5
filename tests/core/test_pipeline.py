"""The pipeline on OpenAPI-file zones with a fake generator: outputs, isolation of failures,
atomic replacement, cache and determinism."""

from __future__ import annotations

import json
import shutil

import pytest

from revolution_core.testing import RevolutionProject
from tests.core import fakes


def two_zone_project(revolution_project, **settings):
    return revolution_project(
        zones={"public": {"generators": ["echo"]}, "client": {"generators": ["echo"]}},
        plugins=[fakes],
        **settings,
    )


def test_run_produces_schemas_clients_and_a_json_report(revolution_project):
    project = two_zone_project(revolution_project)
    result = project.run("run", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True
    assert report["zones"] == ["public", "client"]
    generated = {(s["stage"], s["plugin"], s["zone"], s["status"]) for s in report["steps"]}
    assert ("generator", "echo", "public", "ok") in generated
    assert ("schema producer", "openapi-file", "client", "ok") in generated
    for zone in ("public", "client"):
        assert (project.root / f"openapi/schemas/{zone}.yaml").is_file()
        assert json.loads(fakes.read(project.root / f"openapi/schemas/{zone}.json"))["info"]["title"]
        assert fakes.read(project.root / f"clients/echo/{zone}/client.txt").startswith("hello ")
    index = json.loads(fakes.read(project.root / "clients/echo/index.json"))
    assert index == {"zones": ["public", "client"], "titles": ["Public API", "Client API"], "version": "1.0.0"}


def test_unknown_generator_is_reported_at_its_setting(revolution_project):
    project = revolution_project(zones={"admin": {"generators": ["echo", "kotlin"]}}, plugins=[fakes])
    result = project.run("run")
    assert result.exit_code == 2
    assert "zones.admin.generators[1]: unknown generator 'kotlin'; available: echo" in result.output
    assert "install a revolution-kotlin package" in result.output
    assert not (project.root / "clients").exists()


def test_bad_generator_option_names_the_option(revolution_project):
    project = revolution_project(
        zones={"admin": {"generators": [{"name": "echo", "options": {"greting": "x"}}]}}, plugins=[fakes]
    )
    result = project.run("run")
    assert result.exit_code == 2
    assert "zones.admin.generators[0].options.greting: unknown setting" in result.output


def test_failing_zone_keeps_previous_output_and_others_still_generate(revolution_project):
    project = two_zone_project(revolution_project)
    assert project.run("run").exit_code == 0
    before = project.tree("clients", "echo", "public")

    project.settings["plugin_options"] = {"echo": {"greeting": "changed", "fail_zones": ["public"]}}
    project.write()
    result = project.run("run")
    assert result.exit_code == 1
    assert "generator plugin 'echo' failed for zone 'public': RuntimeError: boom in public" in result.output
    assert project.tree("clients", "echo", "public") == before
    assert fakes.read(project.root / "clients/echo/client/client.txt").startswith("changed ")
    leftovers = [p.name for p in (project.root / "clients/echo").iterdir() if p.name.startswith(".")]
    assert leftovers == [".revolution-manifest.json"]


def test_finalize_reads_the_staged_zones_and_when_it_fails_every_zone_keeps_its_previous_output(revolution_project):
    project = two_zone_project(revolution_project)
    assert project.run("run").exit_code == 0
    before = project.tree("clients", "echo")
    assert fakes.read(project.root / "clients/echo/greetings.txt") == "hello hello\n"

    project.settings["plugin_options"] = {"echo": {"greeting": "changed", "fail_finalize": True}}
    project.write()
    result = project.run("run", "--json")
    assert result.exit_code == 1
    steps = {(s["zone"], s["status"]): s["error"] for s in json.loads(result.stdout)["steps"] if s["plugin"] == "echo"}
    assert "RuntimeError: the package could not be assembled" in steps[(None, "failed")]
    assert "could not be assembled" not in steps[("public", "failed")]  # the cause is told once, on the package
    assert project.tree("clients", "echo") == before  # zones and whole-run files: all or nothing

    project.settings["plugin_options"] = {"echo": {"greeting": "changed"}}
    project.write()
    assert project.run("run").exit_code == 0
    assert fakes.read(project.root / "clients/echo/greetings.txt") == "changed changed\n"  # the staged files


def test_fail_fast_skips_what_comes_after_the_first_failure(revolution_project):
    project = revolution_project(zones={"a": {"generators": ["echo"]}, "b": {"generators": ["echo"]}}, plugins=[fakes])
    (project.root / "specs/a.json").write_text('{"swagger": "2.0"}')
    report = json.loads(project.run("run", "--json", "--fail-fast").stdout)
    steps = {(s["stage"], s["zone"]): s for s in report["steps"]}
    assert report["ok"] is False
    assert "is not an OpenAPI 3 document" in steps[("schema producer", "a")]["error"]
    assert steps[("schema producer", "b")]["status"] == "skipped"
    assert not (project.root / "clients/echo/b").exists()

    report = json.loads(project.run("run", "--json").stdout)
    assert {(s["zone"], s["status"]) for s in report["steps"] if s["stage"] == "generator" and s["zone"]} == {
        ("b", "ok")
    }


def test_second_run_is_unchanged_and_one_zone_change_regenerates_only_it(revolution_project):
    project = two_zone_project(revolution_project)
    assert project.run("run").exit_code == 0
    fakes.EchoGenerator.calls.clear()
    report = json.loads(project.run("run", "--json").stdout)
    assert {s["status"] for s in report["steps"] if s["stage"] == "generator" and s["zone"]} == {"unchanged"}
    assert fakes.EchoGenerator.calls == []

    spec = project.root / "specs/client.json"
    document = json.loads(spec.read_text())
    document["info"]["title"] = "Client API v2"
    spec.write_text(json.dumps(document))
    report = json.loads(project.run("run", "--json").stdout)
    assert fakes.EchoGenerator.calls == [["client"]]
    statuses = {s["zone"]: s["status"] for s in report["steps"] if s["stage"] == "generator" and s["zone"]}
    assert statuses == {"public": "unchanged", "client": "ok"}

    fakes.EchoGenerator.calls.clear()
    project.run("run", "--force")
    assert fakes.EchoGenerator.calls == [["public", "client"]]


def test_corrupt_manifest_means_regenerate_not_error(revolution_project):
    project = two_zone_project(revolution_project)
    assert project.run("run").exit_code == 0
    (project.root / "clients/echo/.revolution-manifest.json").write_text("{not json")
    fakes.EchoGenerator.calls.clear()
    assert project.run("run").exit_code == 0
    assert fakes.EchoGenerator.calls == [["public", "client"]]


def test_tampered_output_is_regenerated(revolution_project):
    project = two_zone_project(revolution_project)
    project.run("run")
    (project.root / "clients/echo/public/client.txt").write_text("edited by hand")
    project.run("run")
    assert fakes.read(project.root / "clients/echo/public/client.txt").startswith("hello ")


def test_zones_option_generates_one_zone_without_touching_the_other(revolution_project):
    project = two_zone_project(revolution_project)
    project.run("run")
    other = project.tree("clients", "echo", "client")
    result = project.run("run", "--zones", "public", "--force")
    assert result.exit_code == 0, result.output
    assert project.tree("clients", "echo", "client") == other
    index = json.loads(fakes.read(project.root / "clients/echo/index.json"))
    assert index == {"zones": ["public", "client"], "titles": ["Public API", "Client API"], "version": "1.0.0"}, (
        "whole-run files must see every zone's schema, also of zones outside --zones"
    )


def test_unknown_zone_in_zones_option(revolution_project):
    result = two_zone_project(revolution_project).run("run", "--zones", "nope")
    assert result.exit_code == 2
    assert "unknown zone 'nope'; configured: public, client" in result.output


def test_same_input_gives_byte_identical_trees_in_any_directory(revolution_project, tmp_path_factory):
    first = two_zone_project(revolution_project)
    first.run("run")
    snapshot = first.tree()
    first.run("run", "--force")
    assert first.tree() == snapshot
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "project"
    shutil.copytree(first.root, elsewhere, ignore=shutil.ignore_patterns("clients", "openapi", ".revolution.lock"))
    second = RevolutionProject(elsewhere, first.settings, first.plugins)
    assert second.run("run").exit_code == 0
    assert second.tree("clients") == first.tree("clients")
    assert second.tree("openapi") == first.tree("openapi")


def test_clean_removes_outputs_of_zones_no_longer_configured(revolution_project):
    project = two_zone_project(revolution_project)
    project.run("run")
    del project.settings["zones"]["client"]
    project.write()
    project.run("run")
    assert (project.root / "clients/echo/client").is_dir(), "without --clean nothing is deleted"
    project.run("run", "--clean")
    assert not (project.root / "clients/echo/client").exists()
    assert (project.root / "clients/echo/public/client.txt").is_file()


def test_a_bad_run_wide_default_is_reported_once_not_per_zone(revolution_project):
    project = two_zone_project(revolution_project, generators=["echo", "kotlin"])
    for zone in project.settings["zones"].values():
        zone.pop("generators")
    project.write()
    result = project.run("run")
    assert result.exit_code == 2
    assert result.output.count("generators[1]: unknown generator 'kotlin'") == 1


def test_debug_adds_the_plugin_traceback_to_a_failure(revolution_project):
    project = two_zone_project(revolution_project, plugin_options={"echo": {"fail_zones": ["public"]}})
    plain = project.run("run")
    assert "boom in public" in plain.output and "Traceback" not in plain.output
    debug = project.run("run", "--debug")
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.output and "fakes.py" in debug.output


def test_an_interrupted_run_leaves_no_staging_directory_and_the_previous_output(revolution_project):
    project = two_zone_project(revolution_project)
    assert project.run("run").exit_code == 0
    before = project.tree("clients")
    project.settings["plugin_options"] = {"echo": {"greeting": "changed", "abort_zones": ["public"]}}
    project.write()
    with pytest.raises(fakes.Abort):
        project.run("run")
    assert project.tree("clients") == before
    leftovers = [p for p in project.root.rglob(".*") if "staging" in p.name or ".old-" in p.name]
    assert leftovers == []


def test_archives_hold_every_generator_of_a_zone_even_with_generators_option(revolution_project):
    project = revolution_project(
        zones={"public": {"generators": ["echo", "echo2"]}}, plugins=[fakes], archivers=["capture"]
    )
    fakes.CapturingArchiver.seen.clear()
    project.run("run")
    project.run("run", "--generators", "echo2", "--force")
    assert fakes.CapturingArchiver.seen == [{"public": ["echo", "echo2"]}, {"public": ["echo", "echo2"]}]


def test_a_zone_that_moves_leaves_no_stale_copy(revolution_project):
    project = two_zone_project(revolution_project)
    project.run("run")
    project.settings["plugin_options"] = {"echo": {"folder": "v2"}}
    project.write()
    assert project.run("run").exit_code == 0
    assert (project.root / "clients/echo/v2/public/client.txt").is_file()
    assert not (project.root / "clients/echo/public").exists()


def test_whole_run_files_no_longer_written_are_removed(revolution_project):
    project = two_zone_project(revolution_project, plugin_options={"echo": {"extra_file": True}})
    project.run("run")
    assert (project.root / "clients/echo/extra.txt").is_file()
    project.settings["plugin_options"] = {"echo": {"extra_file": False}}
    project.write()
    project.run("run")
    assert not (project.root / "clients/echo/extra.txt").exists()
    assert (project.root / "clients/echo/index.json").is_file()


def test_a_run_killed_between_the_two_renames_is_recovered(revolution_project):
    project = two_zone_project(revolution_project)
    project.run("run")
    before = project.tree("clients", "echo", "public")
    public = project.root / "clients/echo/public"
    public.rename(public.parent / ".public.old-killed")  # as a kill between the renames leaves it
    project.settings["plugin_options"] = {"echo": {"fail_zones": ["public"]}}
    project.write()
    assert project.run("run").exit_code == 1
    assert project.tree("clients", "echo", "public") == before
    assert not list(public.parent.glob(".public.*"))


def test_clean_never_deletes_outside_the_clients_directory(revolution_project):
    project = two_zone_project(revolution_project)
    project.run("run")
    outside = project.root / "precious"
    outside.mkdir()
    (outside / "keep.txt").write_text("keep")
    manifest_path = project.root / "clients/echo/.revolution-manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["zones"]["ghost"] = {"key": "x", "path": "../../precious", "files": {}}
    manifest_path.write_text(json.dumps(manifest))
    assert project.run("run", "--clean").exit_code == 0
    assert (outside / "keep.txt").read_text() == "keep"


def test_a_bad_run_wide_option_is_reported_where_it_was_written_with_a_suggestion(revolution_project):
    project = two_zone_project(revolution_project, plugin_options={"echo": {"greting": "hi"}})
    result = project.run("run")
    assert result.exit_code == 2
    assert "plugin_options.echo.greting: unknown setting; did you mean 'greeting'?" in result.output
    assert "Valid settings here: abort_zones, extra_file, fail_finalize, fail_zones, folder, greeting." in result.output
    assert "generators[0]" not in result.output
