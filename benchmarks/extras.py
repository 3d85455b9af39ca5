"""Measurements beside the main table (synthetic projects): a monorepo sync with nothing changed, and the
cost of the python generator's formatter "ruff" against "builtin"."""

from __future__ import annotations

import dataclasses
import json
import statistics
import subprocess
import tempfile
from pathlib import Path

from baselines import BIN, Project
from measure import measure


def _ours(project: Project) -> float:
    return measure([str(BIN / "revolution"), "run", "-q"], project.directory, project.env).seconds


def bench_sync(project: Project, work: Path, repeat: int) -> dict[str, float]:
    """A monorepo target with a post-sync command: sync once, then time no-op runs and count what they did
    in the monorepo (files rewritten: a new inode or mtime; post-sync command runs: lines it logged)."""
    mono = work / "mono"
    (mono / "packages").mkdir(parents=True, exist_ok=True)
    (mono / "pnpm-workspace.yaml").write_text("packages:\n  - 'packages/*'\n")
    synced = dataclasses.replace(project, env=project.env | {"BENCH_MONOREPO": str(mono)})
    _ours(synced)  # the first sync: copies the package, runs the command once
    log = mono / "post-sync.log"
    runs_before = len(log.read_text().splitlines())
    package = mono / "packages" / "api"
    state = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in package.rglob("*") if p.is_file()}
    seconds = [_ours(synced) for _ in range(repeat)]
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in package.rglob("*") if p.is_file()}
    rewritten = sum(1 for p in set(state) | set(after) if state.get(p) != after.get(p))
    return {"sync_noop": statistics.median(seconds), "sync_files": float(rewritten),
            "sync_commands": float(len(log.read_text().splitlines()) - runs_before), "sync_package_files": len(state)}


def python_seconds(project: Project, formatter: str) -> float:
    """The python generator's own time in a forced run (its steps' seconds, from the JSON report)."""
    with tempfile.TemporaryDirectory(prefix="revolution-bench-format-") as cache:  # no cached ruff results
        env = project.env | {"BENCH_PY_FORMATTER": formatter, "REVOLUTION_FORMAT_CACHE": cache}
        done = subprocess.run([str(BIN / "revolution"), "run", "--json", "--force", "--generators", "python",
                               "--no-archive"], cwd=project.directory, env=env, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        why = done.stderr[-2000:]
        raise SystemExit(f"python generation with formatter {formatter} printed no report: {why}") from None
    steps = [s for s in report["steps"] if s["stage"] == "generator" and s["plugin"] == "python"]
    if not report["ok"] or not steps:
        raise SystemExit(f"python generation failed with formatter {formatter}: {done.stderr[-2000:]}")
    # zone steps share one batched generate() call: each holds its share, so their sum is the call's time
    return float(sum(s["seconds"] for s in steps))


def bench_ruff(project: Project, repeat: int) -> dict[str, float]:
    builtin = [python_seconds(project, "builtin") for _ in range(repeat)]
    ruff = [python_seconds(project, "ruff") for _ in range(repeat)]
    return {"py_builtin": statistics.median(builtin), "py_ruff": statistics.median(ruff)}


def tables(rows: list[tuple[str, dict[str, float]]]) -> list[str]:
    synced = [(label, r) for label, r in rows if "sync_noop" in r]
    if not synced:
        return []
    lines = [
        "",
        "Monorepo sync with nothing changed (a target with `post_sync_command`, synced once before):",
        "",
        "| project | package files | no-op run with sync (s) | files rewritten in the monorepo "
        "| post-sync command runs |",
        "|---|---|---|---|---|",
    ]
    lines += [f"| {label} | {r['sync_package_files']:.0f} | {r['sync_noop']:.2f} | {r['sync_files']:.0f} "
              f"| {r['sync_commands']:.0f} |" for label, r in synced]
    lines += [
        "",
        "Lint-clean Python (`ruff check --fix` + `ruff format` over the package) against",
        "datamodel-code-generator's builtin formatting of models.py alone: the python generator's time in a",
        "forced run (imports included):",
        "",
        "| project | python, builtin (s) | python, ruff (s) | ruff's cost |",
        "|---|---|---|---|",
    ]
    lines += [f"| {label} | {r['py_builtin']:.2f} | {r['py_ruff']:.2f} | "
              f"{(r['py_ruff'] - r['py_builtin']) / r['py_builtin']:+.0%} |" for label, r in synced]
    return lines
