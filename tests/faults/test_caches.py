"""Self-healing caches: what a run killed with SIGKILL leaves (a half-finished toolchain install, staging
directories) is removed by the next run, under the project lock; a damaged toolchain install is noticed
before use and installed again. The kills are real SIGKILLs to the run and to its child process group,
as when a machine runs out of memory."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
from pathlib import Path

import pytest
from faultkit import DEBRIS, Project, children, debris, output_of, require, start, wait_for

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def kill_all(process_pid: int, child_pids: list[int]) -> None:
    for pid in child_pids:  # each child runs in its own process group (so Ctrl-C can stop it cleanly)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
    os.kill(process_pid, signal.SIGKILL)


def toolchain_dir() -> Path:
    from revolution_typescript.toolchain import NODE_DIR, cache_root, lock_digest

    return cache_root() / lock_digest(NODE_DIR)


def test_an_install_killed_halfway_is_removed_by_the_next_run(spec: Project, tmp_path: Path) -> None:
    cache = tmp_path / "node-cache"
    env = {"REVOLUTION_NODE_CACHE": str(cache)}
    log = tmp_path / "run.log"
    process = start(spec.command("--generators", "typescript", "--force"), spec.cwd, spec.env(**env), log)

    def npm_running() -> list[int]:
        staging = list(cache.glob(".*.installing-*")) if cache.exists() else []
        return [pid for pid, cmd in children(process.pid) if "npm" in cmd] if staging else []

    npm = wait_for(npm_running, process, log)
    assert isinstance(npm, list)
    kill_all(process.pid, npm)
    process.wait()
    assert list(cache.glob(".*.installing-*")), "the kill should have left the half-finished install"
    result = require(spec.run("--generators", "typescript", **env))
    assert list(cache.glob(".*.installing-*")) == []
    assert debris(spec.out, cache) == []
    assert "Traceback" not in output_of(result)


def test_a_damaged_toolchain_install_is_noticed_and_installed_again(spec: Project, tmp_path: Path) -> None:
    cache = tmp_path / "node-cache"
    damaged = cache / toolchain_dir().name
    shutil.copytree(toolchain_dir(), damaged, symlinks=True)
    shutil.rmtree(damaged / "node_modules" / "@hey-api" / "openapi-ts")  # marker still there, package gone
    before = spec.snapshot()
    result = require(spec.run("--generators", "typescript", "--force", REVOLUTION_NODE_CACHE=str(cache)))
    assert "is incomplete (@hey-api/openapi-ts is missing); installing it again" in output_of(result)
    assert (damaged / "node_modules" / "@hey-api" / "openapi-ts" / "package.json").is_file()
    assert spec.snapshot() == before  # the same clients, from the reinstalled toolchain
    assert debris(spec.out, cache) == []


def test_staging_directories_of_a_killed_run_are_removed_by_the_next_run(example: Project, tmp_path: Path) -> None:
    before = example.snapshot()
    log = tmp_path / "run.log"
    process = start(example.command("--force"), example.cwd, example.env(), log)
    node = wait_for(lambda: [pid for pid, cmd in children(process.pid) if "driver.mjs" in cmd], process, log)
    assert isinstance(node, list)
    kill_all(process.pid, node)
    process.wait()
    assert debris(example.out), "the kill should have left staging directories"
    assert {k: v for k, v in example.snapshot().items() if not DEBRIS.search(k)} == before  # nothing else touched
    require(example.run())
    assert debris(example.out) == []
    assert example.snapshot() == before
