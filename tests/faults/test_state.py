"""Corrupted state is never trusted: a cache manifest of the wrong shape or inconsistent with the output
is ignored with a notice (everything is regenerated, nothing is deleted on its word), and so is a
damaged commit journal. The state files are corrupted the ways a crash, a bad merge or a hand edit do."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from faultkit import Project, debris, output_of, require

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def manifest(project: Project, generator: str) -> Path:
    return project.root / "clients" / generator / ".revolution-manifest.json"


def test_a_zone_recorded_at_another_zones_path_deletes_nothing(spec: Project) -> None:
    """The issue's case: the manifest said zone `public` lives at `client`; the run deleted client's good
    files and then failed in the archiver."""
    before = spec.snapshot()
    path = manifest(spec, "typescript")
    data = json.loads(path.read_text())
    data["zones"]["public"]["path"] = "client"
    data["zones"]["public"]["files"] = data["zones"]["client"]["files"]
    path.write_text(json.dumps(data))
    text = output_of(require(spec.run()))
    assert "is ignored: zones 'client' and 'public' are recorded at overlapping paths (client, client)" in text
    assert "nothing is deleted on its word" in text
    assert spec.snapshot() == before  # regenerated to the same bytes; the manifest is right again
    assert debris(spec.out) == []


def test_a_manifest_that_is_not_json_is_ignored_with_a_notice(spec: Project) -> None:
    before = spec.snapshot()
    manifest(spec, "python").write_text('{"zones": {"public": {"key": "')  # cut short by a crash
    text = output_of(require(spec.run()))
    assert "is ignored: it is not valid JSON" in text
    assert spec.snapshot() == before


def test_a_manifest_pointing_outside_the_output_is_ignored_and_deletes_nothing(spec: Project) -> None:
    precious = spec.root / "precious"
    precious.mkdir()
    (precious / "keep.txt").write_text("keep")
    path = manifest(spec, "python")
    data = json.loads(path.read_text())
    data["zones"]["public"]["path"] = "../../precious"
    path.write_text(json.dumps(data))
    text = output_of(require(spec.run("--clean")))
    assert "is not a relative path below the output" in text
    assert (precious / "keep.txt").read_text() == "keep"


def test_missing_files_of_a_zone_are_regenerated(spec: Project) -> None:
    before = spec.snapshot()
    (spec.root / "clients" / "python" / "example_api_client" / "client" / "models.py").unlink()
    (spec.root / "clients" / "typescript" / "public" / "sdk.gen.ts").unlink()
    require(spec.run())
    assert spec.snapshot() == before


def test_a_damaged_commit_journal_is_ignored_with_a_notice(spec: Project) -> None:
    before = spec.snapshot()
    journal = spec.root / "clients" / "python" / ".revolution-transaction.json"
    journal.write_text(json.dumps({"manifest_sha256": "0", "changes": [
        {"target": "example_api_client/public", "staged": None, "aside": "../../precious", "existed": True}],
        "deletions": []}))
    text = output_of(require(spec.run()))
    assert ".revolution-transaction.json is damaged" in text
    assert not journal.exists()
    assert spec.snapshot() == before


def test_a_corrupt_schema_manifest_only_costs_a_rewrite(spec: Project) -> None:
    before = spec.snapshot()
    (spec.root / "openapi" / "schemas" / ".revolution-manifest.json").write_text('{"public": "nonsense"}')
    require(spec.run())
    assert spec.snapshot() == before
