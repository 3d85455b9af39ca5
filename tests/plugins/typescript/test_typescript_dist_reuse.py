"""dist/ after a one-zone change: the unchanged zones' compiled files are kept from the last build, the
changed zone and the whole-run files are compiled again, and the result is the bytes of a full build."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from ts_helpers import TWO_ZONES, run_with_launcher, write_project

from revolution_core.testing import sample_openapi

pytestmark = [pytest.mark.slow, pytest.mark.node]

OPTIONS = {"typescript": {"package_name": "@sample/shop-api"}}
CHANGED = sample_openapi("Orders API", resource="orders", extra_field="tracking_code")


def _stamp(package: Path) -> dict[str, Any]:
    stamp: dict[str, Any] = json.loads((package / "dist" / ".sources.json").read_text(encoding="utf-8"))
    return stamp


def test_a_one_zone_change_reuses_the_other_zones_dist_and_matches_a_full_build(
        ts_toolchain: Any, tmp_path: Path) -> None:
    project = write_project(tmp_path / "incremental", TWO_ZONES, plugin_options=OPTIONS)
    first = run_with_launcher(project, tmp_path / "launcher1")
    assert first.exit_code == 0, first.output
    package = project.root / "clients" / "typescript"
    before = _stamp(package)
    assert set(before["zones"]) == {"public", "client"}

    (project.root / "specs" / "orders.json").write_text(json.dumps(CHANGED), encoding="utf-8")
    second = run_with_launcher(project, tmp_path / "launcher2", "-v")
    assert second.exit_code == 0, second.output
    after = _stamp(package)
    assert after["zones"]["public"] == before["zones"]["public"]
    assert after["zones"]["client"] != before["zones"]["client"]
    assert "tracking_code" in (package / "dist" / "client" / "types.gen.d.ts").read_text(encoding="utf-8")
    assert "dist/ of 1 unchanged zone(s) kept" in " ".join(second.output.split()), second.output

    scratch = write_project(tmp_path / "scratch", TWO_ZONES, plugin_options=OPTIONS)
    (scratch.root / "specs" / "orders.json").write_text(json.dumps(CHANGED), encoding="utf-8")
    full = run_with_launcher(scratch, tmp_path / "launcher3", "--force")
    assert full.exit_code == 0, full.output
    incremental, scratch_tree = project.tree("clients", "typescript"), scratch.tree("clients", "typescript")
    sources = [rel for rel in scratch_tree if rel.endswith(".ts") and not rel.startswith("dist/")]
    assert sources and all(incremental[rel] == scratch_tree[rel] for rel in sources)  # the same sources, so
    dist = sorted(rel for rel in scratch_tree if rel.startswith("dist/"))  # the same dist/ (and stamp)
    assert len(dist) > 20 and "dist/.sources.json" in dist
    assert sorted(rel for rel in incremental if rel.startswith("dist/")) == dist
    assert all(incremental[rel] == scratch_tree[rel] for rel in dist)


def test_a_damaged_kept_dist_file_is_compiled_again(ts_toolchain: Any, tmp_path: Path) -> None:
    project = write_project(tmp_path / "project", TWO_ZONES, plugin_options=OPTIONS)
    assert run_with_launcher(project, tmp_path / "launcher1").exit_code == 0
    package = project.root / "clients" / "typescript"
    damaged = package / "dist" / "public" / "sdk.gen.js"
    good = damaged.read_bytes()
    damaged.write_bytes(b"// damaged\n")
    (project.root / "specs" / "orders.json").write_text(json.dumps(CHANGED), encoding="utf-8")
    second = run_with_launcher(project, tmp_path / "launcher2", "-v")
    assert second.exit_code == 0, second.output
    assert "unchanged zone(s) kept" not in " ".join(second.output.split())
    assert damaged.read_bytes() == good
