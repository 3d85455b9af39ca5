"""The `monorepo` sync target: files land in a pnpm workspace, package.json is right, a re-sync
replaces rather than merges, and the post-sync command's output and failure reach the user."""

from __future__ import annotations

import json
import re
import shutil

import pytest


def test_sync_lands_the_packages_with_the_configured_name(workspace):
    workspace.target = {"include_python": True, "python_package_path": "packages/api-python"}
    report = workspace.run()

    package = workspace.mono / "packages/api"
    assert sorted(p.relative_to(package).as_posix() for p in package.rglob("*") if p.is_file()) == [
        "index.ts", "package.json", "public/index.ts", "public/models/Item.ts", "public/models/PaginatedItemList.ts"]
    assert (package / "public/index.ts").read_bytes() == (
        workspace.project / "clients/typescript/public/index.ts").read_bytes()
    manifest = json.loads((package / "package.json").read_text())
    assert manifest["name"] == "@acme/api-client"
    assert re.fullmatch(r"2\.1\.0\+[0-9a-f]{12}", manifest["version"]), manifest["version"]
    assert manifest["main"] == "index.ts" and manifest["types"] == "index.ts"  # the generator's fields are kept
    python = workspace.mono / "packages/api-python"
    assert (python / "pyproject.toml").is_file() and (python / "stand_in_client/public/__init__.py").is_file()
    assert not (python / ".revolution-manifest.json").exists()
    assert not [p for p in workspace.mono.rglob("*") if ".staging-" in p.name or ".old-" in p.name]
    [step] = [s for s in report.steps if s.stage == "sync target"]
    assert step.status == "ok" and str(package) in step.outputs
    assert not any("warning" in m for m in workspace.reporter.messages)


def test_version_changes_exactly_when_the_schema_changes(workspace):
    def version() -> str:
        return json.loads((workspace.mono / "packages/api/package.json").read_text())["version"]

    workspace.run()
    first = version()
    workspace.run()
    assert version() == first
    workspace.write_spec(extra_field="nickname")
    workspace.run()
    assert version() != first and version().startswith("2.1.0+")


def test_second_sync_replaces_rather_than_merges(workspace):
    workspace.run()
    package = workspace.mono / "packages/api"
    (package / "stray.ts").write_text("// left by hand\n")
    (package / "node_modules" / "dep").mkdir(parents=True)
    (package / "node_modules" / "dep" / "index.js").write_text("module.exports = 1;\n")
    assert (package / "public/models/PaginatedItemList.ts").is_file()

    workspace.write_spec(drop_pagination=True)
    workspace.run()

    assert not (workspace.project / "clients/typescript/public/models/PaginatedItemList.ts").exists()
    assert not (package / "public/models/PaginatedItemList.ts").exists()
    assert not (package / "stray.ts").exists()
    assert (package / "public/models/Item.ts").is_file()
    # the monorepo's own install inside the package survives, so a sync does not force a reinstall
    assert (package / "node_modules/dep/index.js").read_text() == "module.exports = 1;\n"


def test_no_sync_leaves_the_monorepo_alone(workspace):
    before = workspace.snapshot(workspace.mono)
    report = workspace.run(sync=False)
    assert not [s for s in report.steps if s.stage == "sync target"]
    assert workspace.snapshot(workspace.mono) == before


def test_post_sync_command_output_is_shown(workspace):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not on PATH: the post-sync command here reads package.json with node")
    workspace.target = {"post_sync_command":
                        "node -e \"console.log('linked ' + require('./packages/api/package.json').name)\""}
    report = workspace.run()
    assert "  | linked @acme/api-client" in workspace.reporter.messages
    [step] = [s for s in report.steps if s.stage == "sync target"]
    assert step.status == "ok"


def test_failing_post_sync_command_is_reported_and_keeps_the_clients(workspace):
    workspace.target = {"post_sync_command": "echo about to fail && exit 3"}
    error = workspace.sync_error()
    assert "post_sync_command 'echo about to fail && exit 3' failed with exit code 3" in error
    assert "about to fail" in error
    assert "  | about to fail" in workspace.reporter.messages
    assert (workspace.project / "clients/typescript/public/index.ts").is_file()
    assert (workspace.mono / "packages/api/package.json").is_file()  # the copy itself went through


def test_sync_failure_does_not_undo_the_generated_clients(workspace):
    shutil.rmtree(workspace.mono)
    error = workspace.sync_error()
    assert "does not exist" in error
    assert (workspace.project / "clients/typescript/public/index.ts").is_file()
    assert (workspace.project / "clients/python/stand_in_client/public/__init__.py").is_file()


def test_package_outside_the_workspace_globs_gets_a_warning(workspace):
    workspace.target = {"api_package_path": "libs/api"}
    workspace.run()
    assert (workspace.mono / "libs/api/package.json").is_file()
    assert any("libs/api is not listed in pnpm-workspace.yaml" in m for m in workspace.reporter.messages)


PNPM = "npx --yes pnpm@9.15.9"


@pytest.mark.node
def test_pnpm_links_the_synced_package_into_a_workspace_app(workspace):
    """Real pnpm as the post-sync command: the app's `workspace:^2.1.0` range accepts the synced
    version, and a re-sync keeps the link working."""
    if shutil.which("npx") is None:
        pytest.skip("npx is not on PATH: this test runs the real pnpm through npx")
    (workspace.mono / "apps/web/package.json").write_text(json.dumps(
        {"name": "web", "version": "1.0.0", "dependencies": {"@acme/api-client": "workspace:^2.1.0"}}))
    workspace.target = {"post_sync_command": f"{PNPM} install --reporter=append-only"}
    workspace.run()
    link = workspace.mono / "apps/web/node_modules/@acme/api-client"
    assert link.resolve() == (workspace.mono / "packages/api").resolve()
    assert any("Done in" in m for m in workspace.reporter.messages), workspace.reporter.messages

    workspace.write_spec(drop_pagination=True)
    workspace.run()
    assert link.resolve() == (workspace.mono / "packages/api").resolve()
    assert (link / "public/models/Item.ts").is_file() and not (link / "public/models/PaginatedItemList.ts").exists()


def test_local_build_output_in_the_clients_is_not_synced(workspace):
    """A local build (`tsc` or `npm pack` by hand) or `python -m build` in clients/ leaves files such as
    friends: stale after the next generation, they were copied into the monorepo and changed its version."""
    workspace.target = {"include_python": True, "python_package_path": "packages/api-python"}
    workspace.run()
    version = json.loads((workspace.mono / "packages/api/package.json").read_text())["version"]
    clients = workspace.project / "clients"
    for built in ("typescript/dist/index.js", "python/dist/pkg-1.0-py3-none-any.whl", "python/build/lib/x.py",
                  "python/stand_in_client.egg-info/PKG-INFO"):
        (clients / built).parent.mkdir(parents=True, exist_ok=True)
        (clients / built).write_text("built\n")
    workspace.run()
    for package in ("packages/api", "packages/api-python"):
        tops = {p.name for p in (workspace.mono / package).iterdir()}
        assert not tops & {"dist", "build", "stand_in_client.egg-info"}, tops
    assert json.loads((workspace.mono / "packages/api/package.json").read_text())["version"] == version


def test_a_zone_called_build_is_still_synced(workspace):
    workspace.zone = "build"
    workspace.run()
    assert (workspace.project / "clients/typescript/build/index.ts").is_file()
    assert (workspace.mono / "packages/api/build/index.ts").is_file()


def test_a_sync_with_nothing_changed_copies_nothing_and_runs_no_post_sync_command(workspace):
    workspace.target = {"include_python": True, "python_package_path": "packages/api-python",
                        "post_sync_command": "echo ran >> post-sync.log"}
    first = workspace.run()
    [step] = [s for s in first.steps if s.stage == "sync target"]
    assert step.status == "ok"
    assert (workspace.mono / "post-sync.log").read_text() == "ran\n"
    (workspace.mono / "packages/api/node_modules/dep").mkdir(parents=True)  # the monorepo's install
    (workspace.mono / "packages/api-python/stand_in_client/__pycache__").mkdir()  # and a test run there
    before = workspace.snapshot(workspace.mono)

    again = workspace.run()
    [step] = [s for s in again.steps if s.stage == "sync target"]
    assert step.status == "unchanged"
    assert workspace.snapshot(workspace.mono) == before  # not one file rewritten (mtimes included)
    assert not any(m.startswith("monorepo: synced") for m in workspace.reporter.messages)
    assert (workspace.mono / "post-sync.log").read_text() == "ran\n"

    (workspace.mono / "packages/api/package.json").write_text("{}\n")  # the target drifted: synced again
    workspace.run()
    assert json.loads((workspace.mono / "packages/api/package.json").read_text())["name"] == "@acme/api-client"
    assert (workspace.mono / "post-sync.log").read_text() == "ran\nran\n"


def test_a_failed_post_sync_command_runs_again_on_the_next_run_even_if_nothing_changed(workspace):
    workspace.target = {"post_sync_command": "test -f ok || { echo not yet; exit 4; }"}
    assert "failed with exit code 4" in workspace.sync_error()
    (workspace.mono / "ok").write_text("")
    report = workspace.run()
    [step] = [s for s in report.steps if s.stage == "sync target"]
    assert step.status == "ok"
    assert any(m.startswith("monorepo: running `test -f ok") for m in workspace.reporter.messages)
    assert not any(m.startswith("monorepo: synced") for m in workspace.reporter.messages)  # only the command
    assert not list((workspace.mono / "packages/api").glob(".revolution-*"))
    again = workspace.run()
    assert [s.status for s in again.steps if s.stage == "sync target"] == ["unchanged"]


def test_only_package_files_are_synced_never_lockfiles_or_node_modules(workspace):
    workspace.run()
    clients = workspace.project / "clients" / "typescript"
    (clients / "package-lock.json").write_text("{}\n")
    (clients / "node_modules" / "left-pad").mkdir(parents=True)
    (clients / "node_modules" / "left-pad" / "index.js").write_text("module.exports = 1;\n")
    before = workspace.snapshot(workspace.mono)
    report = workspace.run()
    assert [s.status for s in report.steps if s.stage == "sync target"] == ["unchanged"]
    assert workspace.snapshot(workspace.mono) == before
    workspace.write_spec(extra_field="nickname")
    workspace.run()
    tops = {p.name for p in (workspace.mono / "packages/api").iterdir()}
    assert "package-lock.json" not in tops and "node_modules" not in tops, tops
