"""The sync never writes or deletes outside the target package directory, and refuses clearly."""

from __future__ import annotations

import os

import pytest


def everything_but_the_project(workspace):
    return {p.name: workspace.snapshot(p) for p in workspace.base.iterdir() if p.name != "project"}


def refuse(workspace, **target):
    """Run with a bad target: the sync fails, and nothing but the project's own output changes."""
    workspace.target = target
    before = everything_but_the_project(workspace)
    error = workspace.sync_error()
    assert everything_but_the_project(workspace) == before
    assert (workspace.project / "clients/typescript/public/index.ts").is_file()
    return error


def test_dotdot_package_path_is_refused(workspace):
    assert (workspace.mono / "../../outside").resolve() == workspace.outside.resolve()
    error = refuse(workspace, api_package_path="../../outside")
    assert "monorepo[0].api_package_path: '../../outside' contains '..'" in error


def test_dotdot_inside_the_path_is_refused(workspace):
    error = refuse(workspace, api_package_path="packages/../../../outside/api")
    assert "contains '..'" in error


def test_absolute_package_path_is_refused(workspace):
    error = refuse(workspace, api_package_path=str(workspace.outside / "api"))
    assert "must be a path relative to the monorepo" in error and "not absolute" in error


def test_symlinked_parent_escaping_the_monorepo_is_refused(workspace):
    os.symlink(workspace.outside, workspace.mono / "packages")
    error = refuse(workspace, api_package_path="packages/api")
    assert "leads outside the monorepo" in error and "symlink" in error and str(workspace.mono / "packages") in error


def test_symlinked_package_dir_escaping_the_monorepo_is_refused(workspace):
    (workspace.mono / "packages").mkdir()
    os.symlink(workspace.outside / "api", workspace.mono / "packages" / "api")
    error = refuse(workspace, api_package_path="packages/api")
    assert "leads outside the monorepo" in error


def test_python_package_path_gets_the_same_checks(workspace):
    error = refuse(workspace, include_python=True, python_package_path="../../outside/py")
    assert "monorepo[0].python_package_path" in error and "contains '..'" in error


def test_monorepo_root_itself_is_refused(workspace):
    error = refuse(workspace, api_package_path=".")
    assert "names the monorepo root itself" in error


def test_missing_monorepo_path_is_an_error_not_a_new_tree(workspace):
    workspace.target = {"path": workspace.base / "no" / "such" / "mono"}
    error = workspace.sync_error()
    assert "monorepo[0].path: the monorepo directory" in error and "does not exist" in error
    assert "never creates it" in error
    assert not (workspace.base / "no").exists()


@pytest.mark.parametrize("name", ["Acme/API", "@acme/", "api client", "../evil"])
def test_invalid_npm_name_is_refused_before_writing(workspace, name):
    error = refuse(workspace, package_name=name)
    assert f"monorepo[0].package_name: {name!r} is not a valid npm package name" in error


def test_a_symlink_inside_the_monorepo_is_followed_safely(workspace):
    (workspace.mono / "libs" / "api").mkdir(parents=True)
    (workspace.mono / "packages").mkdir()
    os.symlink(workspace.mono / "libs" / "api", workspace.mono / "packages" / "api")
    before_outside = workspace.snapshot(workspace.outside)
    workspace.run()
    assert (workspace.mono / "libs/api/package.json").is_file()
    assert workspace.snapshot(workspace.outside) == before_outside


def test_every_target_is_checked_before_any_is_written(workspace):
    (workspace.base / "second").mkdir()
    workspace.more_targets = [{"path": workspace.base / "second", "api_package_path": "/abs/api"}]
    error = refuse(workspace)
    assert "monorepo[1].api_package_path: '/abs/api' must be a path relative" in error
    assert not (workspace.mono / "packages").exists()  # the valid first target was not written either


def test_several_targets_each_get_the_package(workspace):
    (workspace.base / "second").mkdir()
    workspace.more_targets = [{"path": workspace.base / "second", "api_package_path": "web/api",
                               "package_name": "@second/api"}]
    workspace.run()
    assert (workspace.mono / "packages/api/public/index.ts").is_file()
    assert '"name": "@second/api"' in (workspace.base / "second/web/api/package.json").read_text()


def test_disabled_target_is_skipped(workspace):
    workspace.more_targets = [{"enabled": False, "path": workspace.base / "missing", "api_package_path": "x"}]
    workspace.run()
    assert (workspace.mono / "packages/api/package.json").is_file()
