"""Watch latency: from saving a file to the regenerated clients being on disk, under `revolution watch`.

The watcher runs on the project; each sample edits one zone's source so that its schema changes, then
polls the zone's generated files until every one of them was replaced, then waits for the watcher to be
idle again before the next sample."""

from __future__ import annotations

import signal
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

BIN = Path(sys.executable).parent
IDLE = "for changes... (Ctrl-C to stop)"
PAUSE = 2.0  # seconds between a run's end and the next save


@dataclass
class Latency:
    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)


def _wait(condition: Callable[[], bool], what: str, log: Path, limit: float = 600.0) -> None:
    deadline = time.monotonic() + limit
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"watch benchmark: no {what} within {limit:.0f} s:\n{log.read_text()[-3000:]}")
        time.sleep(0.002)


def _mtimes(paths: list[Path]) -> list[int]:
    return [path.stat().st_mtime_ns if path.exists() else 0 for path in paths]


def watch_latency(directory: Path, env: dict[str, str], edit: Callable[[int], None], outputs: list[Path],
                  samples: int, log: Path) -> Latency:
    """`edit(i)` changes one zone's schema; `outputs` are files of that zone's clients that must change."""
    with log.open("wb") as handle:
        watcher = subprocess.Popen([str(BIN / "revolution"), "watch", "-q"], cwd=directory, env=env,
                                   stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        try:
            _wait(lambda: log.read_text().count(IDLE) >= 1, "first run", log)
            measured = []
            for index in range(samples):
                idle_before = log.read_text().count(IDLE)
                before = _mtimes(outputs)
                time.sleep(PAUSE)  # saves come seconds apart: the next run's process is ready by then
                started = time.perf_counter()
                edit(index)
                _wait(lambda before=before: all(a != b for a, b in zip(_mtimes(outputs), before, strict=True)),
                      "regenerated clients", log)
                measured.append(time.perf_counter() - started)
                _wait(lambda idle_before=idle_before: log.read_text().count(IDLE) > idle_before, "idle watcher", log)
        finally:
            watcher.send_signal(signal.SIGINT)
            try:
                watcher.wait(timeout=60)
            except subprocess.TimeoutExpired:
                watcher.kill()
    return Latency(measured)
