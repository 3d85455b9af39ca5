"""Ctrl-C and SIGTERM: a run stops at a safe point, stops its child processes and says what it kept.

Python delivers signals to the main thread only. Inside `handle_signals()` the first SIGINT or SIGTERM
raises `Interrupted` there, sets the run's cancellation flag (worker threads and plugins look at it with
`check()` / `cancelled()` at safe points) and stops every child process started with `run_process`
(each runs in its own process group, so npm's and node's own children stop too). A section that must
not be cut in half (the renames of a commit, a pair of files) runs `shielded()`: a signal arriving
inside is raised when the section ends. A second signal while the run is stopping ends the process at
once; what that leaves behind (staging directories, a commit journal) is healed by the next run.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

HANDLED = (signal.SIGINT, signal.SIGTERM)
GRACE_SECONDS = 3.0  # a child that ignores SIGTERM this long gets SIGKILL


class Interrupted(KeyboardInterrupt):
    """A run was interrupted by a signal (SIGINT: Ctrl-C, SIGTERM: a supervisor). A `KeyboardInterrupt`,
    so code that catches `Exception` never swallows it."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal_name(signum))
        self.signum = signum

    @property
    def exit_code(self) -> int:
        """The shell's convention: 128 + the signal number (130 for SIGINT, 143 for SIGTERM)."""
        return 128 + self.signum


class RunInterrupted(Interrupted):
    """What `Pipeline.run` raises when interrupted: the signal, the stage that was running and the report
    of the steps completed until then (the CLI says what was completed and kept)."""

    def __init__(self, signum: int, report: Any, stage: str) -> None:
        super().__init__(signum)
        self.report = report
        self.stage = stage


def signal_name(signum: int) -> str:
    try:
        return signal.Signals(signum).name
    except ValueError:
        return f"signal {signum}"


def signal_of(exc: BaseException) -> int:
    """The signal behind an interruption; a bare `KeyboardInterrupt` is Ctrl-C."""
    return exc.signum if isinstance(exc, Interrupted) else signal.SIGINT


class _State:
    """Process-wide, like signals themselves."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.cancelled = threading.Event()
        self.signum: int | None = None
        self.children: set[subprocess.Popen[Any]] = set()
        self.depth = 0  # nesting of handle_signals()
        self.shield = 0  # nesting of shielded() in the main thread
        self.pending: int | None = None


_state = _State()


def cancelled() -> bool:
    """Whether the run is stopping; long-running plugin code may return early when it is."""
    return _state.cancelled.is_set()


def check() -> None:
    """Raise `Interrupted` if the run is stopping: call it at safe points (between zones, before a
    commit). A no-op otherwise."""
    if _state.cancelled.is_set():
        raise Interrupted(_state.signum or signal.SIGINT)


def cancel(signum: int = signal.SIGINT) -> None:
    """Stop the run: set the flag and stop the child processes (what a signal does; the pipeline calls it
    for a `KeyboardInterrupt` raised without our handler, e.g. in a library embedding)."""
    with _state.lock:
        if not _state.cancelled.is_set():
            _state.signum = signum
            _state.cancelled.set()
    _stop_children()


def _on_signal(signum: int, frame: FrameType | None) -> None:
    if _state.cancelled.is_set():  # a second signal while stopping: stop now
        _signal_children(signal.SIGKILL)
        with contextlib.suppress(OSError):
            os.write(2, f"\nInterrupted again ({signal_name(signum)}): stopped at once; the next run removes "
                        "what this one left half-done.\n".encode())
        os._exit(128 + signum)
    cancel(signum)
    if _state.shield and threading.current_thread() is threading.main_thread():
        _state.pending = signum
        return
    raise Interrupted(signum)


@contextlib.contextmanager
def handle_signals() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into `Interrupted` for the duration (main thread only; elsewhere, and
    when nested, it changes nothing). The flag is cleared when the outermost one ends."""
    main = threading.current_thread() is threading.main_thread()
    previous: dict[int, Any] = {}
    with _state.lock:
        _state.depth += 1
        outermost = _state.depth == 1
    if outermost and main:
        for signum in HANDLED:
            previous[signum] = signal.signal(signum, _on_signal)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        with _state.lock:
            _state.depth -= 1
            if _state.depth == 0:
                reset()


def reset() -> None:
    """Forget a finished run's interruption (tests, embedding: one process, several runs)."""
    with _state.lock:
        _state.cancelled.clear()
        _state.signum = None
        _state.pending = None


@contextlib.contextmanager
def shielded() -> Iterator[None]:
    """A section a signal must not cut in half (in the main thread; worker threads never receive
    signals). A signal arriving inside is raised as `Interrupted` when the section ends."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    _state.shield += 1
    try:
        yield
    finally:
        _state.shield -= 1
        pending, _state.pending = _state.pending, None
    if pending is not None and _state.shield == 0:
        raise Interrupted(pending)
    if pending is not None:
        _state.pending = pending


def run_process(
    args: Sequence[str],
    *,
    cwd: Path | str | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float | None = None,
) -> subprocess.CompletedProcess[str]:
    """`subprocess.run(args, capture_output=True, text=True)` for a tool a plugin drives (node, npm, ...),
    stopped with its whole process group when the run is interrupted. Raises `Interrupted` instead of
    returning the output of a process the interruption stopped, so the tool's dying words are never
    reported as its failure."""
    check()
    process = subprocess.Popen(
        list(args), cwd=cwd, env=dict(env) if env is not None else None, stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, process_group=0,
    )
    with _state.lock:
        _state.children.add(process)
    try:
        if _state.cancelled.is_set():  # the signal came between check() and registration
            _signal_group(process, signal.SIGTERM)
        try:
            stdout, stderr = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal_group(process, signal.SIGKILL)
            process.communicate()
            raise
    finally:
        with _state.lock:
            _state.children.discard(process)
        if process.poll() is None:
            _signal_group(process, signal.SIGKILL)
            process.wait()
    check()
    return subprocess.CompletedProcess(list(args), process.returncode, stdout, stderr)


def track(process: subprocess.Popen[Any]) -> None:
    """Stop a long-lived child (started with `process_group=0`) with the run when it is interrupted, until
    `untrack`; for tools a plugin talks to while they run, where `run_process` does not fit."""
    with _state.lock:
        _state.children.add(process)
    if _state.cancelled.is_set():
        _signal_group(process, signal.SIGTERM)


def untrack(process: subprocess.Popen[Any]) -> None:
    with _state.lock:
        _state.children.discard(process)


def _signal_group(process: subprocess.Popen[Any], signum: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signum)


def _signal_children(signum: int) -> None:
    with _state.lock:
        children = list(_state.children)
    for process in children:
        _signal_group(process, signum)


def _stop_children() -> None:
    """SIGTERM to every child's process group now, SIGKILL to those still running after a grace period."""
    with _state.lock:
        children = [p for p in _state.children if p.poll() is None]
    if not children:
        return
    for process in children:
        _signal_group(process, signal.SIGTERM)

    def escalate() -> None:
        for process in children:
            try:
                process.wait(timeout=GRACE_SECONDS)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)

    threading.Thread(target=escalate, name="revolution-stop-children", daemon=True).start()
