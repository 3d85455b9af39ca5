"""`revolution watch` writes what plain runs write: its runs are forked from a process that warmed the
libraries up (a generated zone, GeoDjango's library look-ups) and TypeScript goes through the session's
node worker, none of which may show in the output. The same two runs (a cold one, then one after an edit of
one zone) are made under `revolution watch` and as plain `revolution run`s on two copies of example_project;
the clients must be byte-identical."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.conftest import EXAMPLE_DIR, example_env

pytestmark = [pytest.mark.slow, pytest.mark.node]
REVOLUTION = str(Path(sys.executable).parent / "revolution")
IDLE = "for changes... (Ctrl-C to stop)"
DEADLINE = 600.0  # generous on a busy machine: not a timing


def _copy(tmp_path: Path, name: str) -> tuple[Path, dict[str, str]]:
    project = tmp_path / name / "project"
    shutil.copytree(EXAMPLE_DIR, project, ignore=shutil.ignore_patterns(
        "__pycache__", "openapi", "clients", "db.sqlite3", "media"))
    env = example_env(tmp_path / name, REVOLUTION_STATE_DIR=str(tmp_path / name / "state"),
                      DJANGO_SETTINGS_MODULE="config.settings")
    return project, env


def _edit(project: Path) -> None:
    """A change to the client zone's orders that shows in both clients (a description and a bound)."""
    serializers = project / "orders" / "serializers.py"
    text = serializers.read_text()
    edited = text.replace("MAX_QUANTITY = 100", "MAX_QUANTITY = 250").replace(
        "serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)",
        'serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY, help_text="How many of the product.")')
    assert edited.count("How many of the product.") == 1 and "MAX_QUANTITY = 250" in edited
    serializers.write_text(edited)


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _wait(log: Path, process: subprocess.Popen[bytes], count: int) -> None:
    deadline = time.monotonic() + DEADLINE
    while log.read_text(errors="replace").count(IDLE) < count:
        if process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"no watch #{count} (exit {process.poll()}):\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.1)


def test_watch_writes_the_clients_plain_runs_write(tmp_path: Path) -> None:
    watched, env = _copy(tmp_path, "watched")
    log = tmp_path / "watch.log"
    with log.open("wb") as handle:
        process = subprocess.Popen([REVOLUTION, "watch"], cwd=watched, env=env, stdin=subprocess.DEVNULL,
                                   stdout=handle, stderr=subprocess.STDOUT)
        try:
            _wait(log, process, 1)
            _edit(watched)
            _wait(log, process, 2)
        finally:
            process.send_signal(signal.SIGINT)
            code = process.wait(timeout=120)
    text = log.read_text(errors="replace")
    assert code == 130 and "Traceback" not in text, text
    assert text.count("Changed: ") == 1, text

    plain, env = _copy(tmp_path, "plain")
    for step in range(2):
        if step:
            _edit(plain)
        done = subprocess.run([REVOLUTION, "run", "-q"], cwd=plain, env=env, capture_output=True, text=True,
                              stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stdout + done.stderr

    ours, theirs = _tree(tmp_path / "watched" / "output" / "clients"), _tree(tmp_path / "plain" / "output" / "clients")
    assert sorted(ours) == sorted(theirs)
    assert [name for name in ours if ours[name] != theirs[name]] == []
    assert b"How many of the product." in ours["typescript/client/types.gen.ts"]
