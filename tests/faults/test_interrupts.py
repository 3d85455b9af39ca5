"""Ctrl-C (SIGINT) and SIGTERM sent to real runs at known moments of each stage: exit 130 / 143, exactly
one line saying what was completed and what was kept, no traceback, the child processes (node, npm)
stopped, the previous output byte for byte, and nothing left over after the next run.

The moment is found without sleeping: a staging directory or a child process appearing, or the
`faultgate` observer plugin (tests/faults/gate) holding the run at an event until the signal comes."""

from __future__ import annotations

import re
import signal
from pathlib import Path

import pytest
from faultkit import (
    Project,
    alive,
    assert_interrupted,
    children,
    debris,
    finish,
    require,
    start,
    wait_for,
)

pytestmark = [pytest.mark.faults, pytest.mark.slow]


def next_run_is_clean(project: Project, before: dict[str, str]) -> None:
    """The next normal run succeeds, leaves no debris, and (same input) the output is what it was."""
    require(project.run())
    assert debris(project.out) == []
    assert project.snapshot() == before


def at_gate(project: Project, tmp_path: Path, gate: str, signum: int, *args: str) -> tuple[int, str]:
    marker, log = tmp_path / "gate-entered", tmp_path / "run.log"
    process = start(project.command(*args), project.cwd, project.env(FAULTS_GATE=gate, FAULTS_GATE_FILE=str(marker)),
                    log)
    wait_for(marker.exists, process, log)
    process.send_signal(signum)
    return finish(process, log)


def test_sigint_during_the_schema_stage(example: Project, tmp_path: Path) -> None:
    before = example.snapshot()
    code, text = at_gate(example, tmp_path, "schema:public", signal.SIGINT, "--force")
    assert_interrupted(code, text, signal.SIGINT, "schema producer")
    assert "completed schemas (public);" in text
    assert example.snapshot() == before
    next_run_is_clean(example, before)


def test_sigint_during_the_python_generator_stops_before_committing(example: Project, tmp_path: Path) -> None:
    before = example.snapshot()
    log = tmp_path / "run.log"
    process = start(example.command("--python", "--force"), example.cwd, example.env(), log)
    package = example.out / "clients" / "python" / "example_api_client"
    wait_for(lambda: list(package.glob(".*.staging-*")), process, log)  # zones are being generated
    process.send_signal(signal.SIGINT)
    code, text = finish(process, log)
    assert_interrupted(code, text, signal.SIGINT, "generator")
    assert "python clients" not in text.splitlines()[-1]  # nothing of the python package was committed
    assert example.snapshot() == before
    assert debris(example.out) == []  # the interrupted run removed its own staging directories
    next_run_is_clean(example, before)


def test_sigint_during_the_typescript_generator_stops_node(example: Project, tmp_path: Path) -> None:
    before = example.snapshot()
    log = tmp_path / "run.log"
    process = start(example.command("--typescript", "--force"), example.cwd, example.env(), log)
    found = wait_for(lambda: [pid for pid, cmd in children(process.pid) if "driver.mjs" in cmd], process, log)
    assert isinstance(found, list)
    process.send_signal(signal.SIGINT)
    code, text = finish(process, log)
    assert_interrupted(code, text, signal.SIGINT, "generator")
    assert not any(alive(pid) for pid in found), "node kept running after the run ended"
    assert example.snapshot() == before
    assert debris(example.out) == []
    next_run_is_clean(example, before)


def test_sigint_during_the_archive_stage(example: Project, tmp_path: Path) -> None:
    before = example.snapshot()
    code, text = at_gate(example, tmp_path, "stage:archiver", signal.SIGINT)
    assert_interrupted(code, text, signal.SIGINT, "archiver")
    line = next(line for line in text.splitlines() if line.startswith("Interrupted"))
    assert re.search(r"completed schemas \(public, [a-z, ]+\), python clients \(public, [a-z, ]+\), python package, "
                     r"typescript clients \(public, [a-z, ]+\), typescript package;", line), line
    assert example.snapshot() == before
    next_run_is_clean(example, before)


def test_sigint_during_the_toolchain_install_stops_npm_and_leaves_no_install(spec: Project, tmp_path: Path) -> None:
    cache = tmp_path / "node-cache"  # empty: the run must install the pinned toolchain with npm ci
    before = spec.snapshot()
    log = tmp_path / "run.log"
    env = spec.env(REVOLUTION_NODE_CACHE=str(cache))
    process = start(spec.command("--generators", "typescript", "--force"), spec.cwd, env, log)

    def npm_running() -> list[int]:
        staging = list(cache.glob(".*.installing-*")) if cache.exists() else []
        return [pid for pid, cmd in children(process.pid) if "npm" in cmd] if staging else []

    npm = wait_for(npm_running, process, log)
    assert isinstance(npm, list)
    process.send_signal(signal.SIGINT)
    code, text = finish(process, log)
    assert_interrupted(code, text, signal.SIGINT, "generator")
    assert not any(alive(pid) for pid in npm), "npm kept running after the run ended"
    assert list(cache.glob(".*.installing-*")) == []
    assert not any(p.is_dir() and not p.name.startswith(".") for p in cache.iterdir())  # no half install in use
    assert spec.snapshot() == before


def test_sigterm_during_generation_exits_143(spec: Project, tmp_path: Path) -> None:
    before = spec.snapshot()
    log = tmp_path / "run.log"
    process = start(spec.command("--force"), spec.cwd, spec.env(), log)
    found = wait_for(lambda: [pid for pid, cmd in children(process.pid) if "driver.mjs" in cmd], process, log)
    assert isinstance(found, list)
    process.send_signal(signal.SIGTERM)
    code, text = finish(process, log)
    assert_interrupted(code, text, signal.SIGTERM, "generator")
    assert not any(alive(pid) for pid in found)
    assert spec.snapshot() == before
    next_run_is_clean(spec, before)


def test_sigint_with_json_prints_the_partial_report(spec: Project, tmp_path: Path) -> None:
    code, text = at_gate(spec, tmp_path, "stage:generator", signal.SIGINT, "--json")
    assert code == 130
    assert '"interrupted": "SIGINT"' in text and '"ok": false' in text
    assert "Traceback" not in text
