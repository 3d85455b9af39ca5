"""Versions and changelogs from schema diffs (revolution_core.release): the semver table with its 0.x rule,
the state file, and the pipeline bumping once per run that changes a schema, deterministically."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from revolution_core.release import (
    STATE_FILE,
    ReleaseState,
    ZoneSchema,
    advance,
    bump,
    changelog_markdown,
    initial_version,
)
from revolution_core.testing import sample_openapi
from tests.core import fakes


@pytest.mark.parametrize(("version", "level", "expected"), [
    ("1.2.3", "breaking", "2.0.0"),
    ("1.2.3", "addition", "1.3.0"),
    ("1.2.3", "change", "1.2.4"),
    ("0.2.3", "breaking", "0.3.0"),  # below 1.0.0 a breaking change bumps the minor version
    ("0.2.3", "addition", "0.2.4"),  # ... and an addition the patch version
    ("0.2.3", "change", "0.2.4"),
    ("1.2.3-rc.1", "change", "1.2.4"),
])
def test_semver_bumps_with_the_0x_rule(version, level, expected):
    assert bump(version, level) == expected


def test_initial_version_is_the_project_version_when_it_is_semver():
    assert initial_version("2.1.0") == "2.1.0"
    assert initial_version("2024.1") == "0.1.0"
    assert initial_version(None) == "0.1.0"


def _zone(name: str, document, baseline=None) -> ZoneSchema:
    sha = json.dumps(document, sort_keys=True)
    return ZoneSchema(name, document, sha, baseline, json.dumps(baseline, sort_keys=True) if baseline else None)


def test_advance_records_a_first_version_then_bumps_by_the_highest_level(tmp_path: Path):
    state = ReleaseState.load(tmp_path)
    old = sample_openapi("Shop")
    first = advance(state, [_zone("public", old), _zone("admin", old)], "0.1.0")
    assert (first.version, first.bumped) == ("0.1.0", False)
    assert [z.zone for z in first.history[0].zones] == ["admin", "public"]

    again = advance(state, [_zone("public", old, old)], "0.1.0")
    assert (again.version, again.bumped) == ("0.1.0", False)

    added = sample_openapi("Shop", extra_field="colour")  # a new optional field (request and response)
    removed = json.loads(json.dumps(old))
    del removed["paths"]["/api/items/{id}/"]
    release = advance(state, [_zone("public", added, old), _zone("admin", removed, old)], "0.1.0")
    assert (release.version, release.bumped, release.latest.level) == ("0.2.0", True, "breaking")
    assert [(z.zone, [c.level for c in z.changes]) for z in release.latest.zones] == [
        ("admin", ["breaking"]), ("public", ["addition", "addition"])]

    saved = state.to_bytes()
    state.path.write_bytes(saved)
    reloaded = ReleaseState.load(tmp_path)
    assert reloaded.to_bytes() == saved  # what is read back is what was written
    # The schemas were not written (a run killed after saving the state): the next run does not bump again.
    assert advance(reloaded, [_zone("public", added, old)], "0.1.0").bumped is False


def test_a_damaged_state_file_is_an_error_naming_the_file_and_the_way_out(tmp_path: Path):
    (tmp_path / STATE_FILE).write_text("<<<<<<< HEAD\n{", encoding="utf-8")
    with pytest.raises(Exception, match=r"revolution-release\.json is not readable JSON .*delete it"):
        ReleaseState.load(tmp_path)


def test_changelog_lists_versions_newest_first_by_level(tmp_path: Path):
    state = ReleaseState.load(tmp_path)
    old = sample_openapi("Shop")
    advance(state, [_zone("public", old)], "1.0.0")
    new = json.loads(json.dumps(old))
    new["components"]["schemas"]["Item"]["properties"]["name"]["nullable"] = True
    release = advance(state, [_zone("public", new, old)], "1.0.0")
    text = changelog_markdown(release, "@shop/api")
    assert text.startswith("# Changelog of @shop/api\n")
    assert text.index("## 2.0.0") < text.index("## 1.0.0")
    assert "### Breaking changes\n\n- `public`: `Item.name` (response): may now be null\n" in text
    assert "First recorded version (zones `public`)." in text


# -- through the pipeline (fake generator: the core's part only) --


def _project(revolution_project, document):
    return revolution_project(zones={"public": {"generators": ["echo"]}}, plugins=[fakes],
                              documents={"public": document})


def _run(project) -> dict:
    result = project.run("run", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_runs_bump_the_version_once_per_schema_change_and_generators_receive_it(revolution_project):
    document = sample_openapi("Public API")
    project = _project(revolution_project, document)
    report = _run(project)
    assert report["release"] == {"version": "1.0.0", "bumped": False, "latest": None}  # pyproject's version
    state = project.root / "openapi/schemas" / STATE_FILE
    first = state.read_bytes()
    assert json.loads(fakes.read(project.root / "clients/echo/index.json"))["version"] == "1.0.0"

    assert _run(project)["release"]["bumped"] is False
    assert state.read_bytes() == first  # same input, same bytes

    del document["paths"]["/api/items/{id}/"]  # breaking: an operation removed
    (project.root / "specs/public.json").write_text(json.dumps(document), encoding="utf-8")
    report = _run(project)
    assert report["release"]["version"] == "2.0.0" and report["release"]["bumped"] is True
    assert report["release"]["latest"]["zones"]["public"]["changes"][0]["text"] == (
        "Removed operation `retrieve_items` (GET /api/items/{id}/)")
    assert json.loads(fakes.read(project.root / "clients/echo/index.json"))["version"] == "2.0.0"

    document["components"]["schemas"]["Item"]["properties"]["colour"] = {"type": "string"}  # an addition
    (project.root / "specs/public.json").write_text(json.dumps(document), encoding="utf-8")
    assert _run(project)["release"]["version"] == "2.1.0"
    assert [entry["version"] for entry in json.loads(state.read_text())["history"]] == ["2.1.0", "2.0.0", "1.0.0"]


def test_console_prints_a_summary_per_zone(revolution_project):
    document = sample_openapi("Public API")
    project = _project(revolution_project, document)
    _run(project)
    del document["paths"]["/api/items/{id}/"]
    (project.root / "specs/public.json").write_text(json.dumps(document), encoding="utf-8")
    result = project.run("run")
    assert result.exit_code == 0, result.output
    assert "zone public: 1 breaking\n" in result.output
    assert "breaking: Removed operation `retrieve_items` (GET /api/items/{id}/)" in result.output
    assert "Clients' version: 2.0.0 (breaking; see CHANGELOG.md)" in result.output
