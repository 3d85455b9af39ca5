"""`revolution check` on OpenAPI-file zones with a fake generator: stale files, the breaking-change gate and
its baselines (HEAD, a ref, a file or directory), JSON for CI, and not one byte written in the project."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from revolution_core.testing import sample_openapi
from tests.core import fakes

GIT = shutil.which("git")


def tree_digest(root: Path) -> str:
    """One hash over every file's path and bytes below `root` (all of it: caches, .git, lock files)."""
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _project(revolution_project, **settings):
    document = sample_openapi("Public API")
    project = revolution_project(zones={"public": {"generators": ["echo"]}}, plugins=[fakes],
                                 documents={"public": document}, **settings)
    assert project.run("run").exit_code == 0
    return project, document


def _edit(project, document) -> None:
    (project.root / "specs/public.json").write_text(json.dumps(document), encoding="utf-8")


def _check(project, *args: str) -> tuple[int, dict]:
    before = tree_digest(project.root)
    result = project.run("check", "--json", *args)
    assert tree_digest(project.root) == before, "check wrote into the project"
    return result.exit_code, json.loads(result.stdout)


def test_check_passes_on_fresh_output_and_lists_what_a_run_would_change(revolution_project):
    project, document = _project(revolution_project)
    code, report = _check(project)
    assert (code, report["ok"], report["stale"]) == (0, True, [])

    document["components"]["schemas"]["Item"]["properties"]["colour"] = {"type": "string"}
    _edit(project, document)
    code, report = _check(project)
    assert code == 1 and report["ok"] is False
    assert {(d["path"], d["status"]) for d in report["stale"]} == {
        ("openapi/schemas/public.json", "changed"), ("openapi/schemas/public.yaml", "changed"),
        ("openapi/schemas/revolution-release.json", "changed"), ("clients/echo/public/client.txt", "changed"),
        ("clients/echo/index.json", "changed")}
    assert report["breaking_checked"] is False

    result = project.run("check")
    assert result.exit_code == 1
    assert "5 file(s) differ from what the current API generates" in result.output
    assert "  changed  openapi/schemas/public.json" in result.output and "Check failed." in result.output


def test_a_hand_edited_client_is_stale(revolution_project):
    project, _ = _project(revolution_project)
    (project.root / "clients/echo/public/client.txt").write_text("edited\n", encoding="utf-8")
    (project.root / "clients/echo/public/extra.txt").write_text("mine\n", encoding="utf-8")
    code, report = _check(project)
    assert code == 1
    assert {(d["path"], d["status"]) for d in report["stale"]} == {
        ("clients/echo/public/client.txt", "changed"), ("clients/echo/public/extra.txt", "removed")}


def test_breaking_gate_against_the_files_on_disk_outside_git(revolution_project):
    project, document = _project(revolution_project)
    new = json.loads(json.dumps(document))
    new["components"]["schemas"]["Item"]["properties"]["colour"] = {"type": "string"}
    _edit(project, new)
    code, report = _check(project, "--breaking")
    assert code == 1 and report["breaking"] == 0  # stale, but nothing breaks
    assert report["zones"]["public"]["baseline"] == "openapi/schemas/public.json"
    del new["paths"]["/api/items/{id}/"]
    _edit(project, new)
    code, report = _check(project, "--breaking")
    assert code == 1 and report["breaking"] == 1
    assert "Removed operation `retrieve_items` (GET /api/items/{id}/)" in [
        c["text"] for c in report["zones"]["public"]["changes"]]


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_breaking_gate_against_head_and_a_ref_after_regenerating(revolution_project):
    project, document = _project(revolution_project)

    def git(*args: str) -> None:
        subprocess.run([GIT, "-C", str(project.root), *args], check=True, capture_output=True)

    git("init", "-q", "-b", "main")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "--allow-empty", "-m", "empty")
    git("add", "-A")
    git("-c", "user.email=t@t", "-c", "user.name=t", "commit", "-q", "-m", "generated")
    new = json.loads(json.dumps(document))
    new["components"]["schemas"]["Item"]["properties"]["colour"] = {"type": "string"}
    _edit(project, new)
    assert project.run("run").exit_code == 0  # regenerated, not committed
    code, report = _check(project, "--breaking")
    assert (code, report["stale"], report["breaking"]) == (0, [], 0)
    assert report["zones"]["public"]["baseline"] == "HEAD:openapi/schemas/public.json"

    del new["paths"]["/api/items/{id}/"]
    _edit(project, new)
    assert project.run("run").exit_code == 0
    code, report = _check(project, "--breaking")
    assert (code, report["stale"], report["breaking"]) == (1, [], 1)
    assert _check(project)[0] == 0  # without the gate: up to date
    assert _check(project, "--breaking", "--baseline-ref", "HEAD~1")[1]["zones"]["public"]["baseline"] is None

    result = project.run("check", "--breaking", "--baseline-ref", "no-such-ref")
    assert result.exit_code == 1 and "--baseline-ref no-such-ref: not a commit" in result.output


def test_baseline_file_or_directory_and_the_config_setting(revolution_project, tmp_path):
    project, document = _project(revolution_project, check={"breaking": True})
    saved = tmp_path / "baseline"
    saved.mkdir()
    (saved / "public.json").write_text(json.dumps(document), encoding="utf-8")
    new = json.loads(json.dumps(document))
    new["components"]["schemas"]["Item"]["required"].append("colour")
    new["components"]["schemas"]["Item"]["properties"]["colour"] = {"type": "string"}
    _edit(project, new)
    assert project.run("run").exit_code == 0
    for baseline in (saved, saved / "public.json"):
        code, report = _check(project, "--baseline", str(baseline))  # check.breaking = true in the config
        assert code == 1 and report["breaking"] == 1
        assert report["zones"]["public"]["changes"][0]["text"] == "`Item.colour` (request): new required field"
    assert _check(project, "--no-breaking", "--baseline", str(saved))[0] == 0
