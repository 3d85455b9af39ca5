"""The interactive mode (questionary): answers fed to the prompts, both to `ask_run_choices` through
prompt_toolkit's pipe input and to the real `manage.py revolution` on a pseudo-terminal."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import time

import pytest
from django_plugin_helpers import PYTHON, SHOPPROJ, generated, project_env
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput
from revolution_django.interactive import Choices, ask_run_choices

SPACE, DOWN, ENTER = " ", "\x1b[B", "\r"


def _ask(keys: str, zones=("public", "client", "admin"), generators=("python", "typescript"), preselect=None):
    with create_pipe_input() as pipe:
        pipe.send_text(keys)
        return ask_run_choices(list(zones), list(generators), preselect=preselect, input=pipe, output=DummyOutput())


def test_accepting_the_defaults_picks_everything():
    assert _ask(ENTER + ENTER + ENTER) == Choices(["public", "client", "admin"], ["python", "typescript"])


def test_unticking_zones_and_generators():
    # zones: untick public; generators: move to typescript and untick it; confirm.
    assert _ask(SPACE + ENTER + DOWN + SPACE + ENTER + ENTER) == Choices(["client", "admin"], ["python"])


def test_flags_given_with_interactive_are_preselected():
    preselect = Choices(["admin"], ["typescript"])
    assert _ask(ENTER + ENTER + ENTER, preselect=preselect) == Choices(["admin"], ["typescript"])


def test_declining_the_confirmation_cancels():
    assert _ask(ENTER + ENTER + "n") is None


def _drive(keys: list[tuple[str, str]], env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run `manage.py revolution` on a pty; each (expected text, keys) waits for the text, then types."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([PYTHON, "manage.py", "revolution"], cwd=SHOPPROJ, env=env, stdin=slave, stdout=slave,
                            stderr=slave, start_new_session=True)
    os.close(slave)
    screen = ""
    pending = list(keys)
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 65536).decode("utf-8", "replace")
                except OSError:  # the child closed the terminal
                    break
                if "\x1b[6n" in chunk:  # answer prompt_toolkit's cursor-position request
                    os.write(master, b"\x1b[1;1R")
                screen += chunk
            if pending and pending[0][0] in screen:
                expected, typed = pending.pop(0)
                screen = screen.replace(expected, f"<{expected} seen>", 1)
                time.sleep(0.2)
                os.write(master, typed.encode())
            if proc.poll() is not None and not ready:
                break
        else:
            pytest.fail(f"manage.py revolution did not finish on a terminal; screen so far:\n{screen[-2000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        os.close(master)
    return proc.returncode, screen


def test_no_flags_on_a_terminal_asks_then_runs_the_choice(tmp_path):
    env = project_env(tmp_path, TERM="xterm")
    code, screen = _drive([("Zones to generate", SPACE + ENTER), ("Client generators", DOWN + SPACE + ENTER),
                           ("Generate client, admin with python?", ENTER)], env)
    assert code == 0, screen[-2000:]
    assert sorted(generated(tmp_path)) == ["python/admin", "python/client"]


def test_cancelling_on_a_terminal_generates_nothing(tmp_path):
    env = project_env(tmp_path, TERM="xterm")
    code, screen = _drive([("Zones to generate", ENTER), ("Client generators", ENTER), ("Generate", "n")], env)
    assert code == 0, screen[-2000:]
    assert "Cancelled: nothing generated." in screen
    assert not (tmp_path / "clients").exists()
