"""`revolution watch` (and `manage.py revolution --watch`): regenerate clients whenever an input changes.

The watcher itself never imports project code (a web framework cannot reload it): each run happens in a
fresh process, forked from a ready process (`WarmWorker`) that imported and warmed up the heavy libraries
once for the session (the core, every plugin's `revolution_preload`) and never runs project code itself;
a fork costs milliseconds where the imports cost seconds. The ready process is replaced when installed
distributions or the interpreter changed (and after a failed run), so a run never uses libraries older than
the ones installed. The watcher watches what the last
successful run recorded as its inputs (`revolution_core.fingerprint`), and asks the same fingerprint which
zones changed, so a save in one zone's app regenerates that zone. Plugins may keep helpers alive for the
whole session (the TypeScript generator keeps one node process with openapi-ts loaded): `current_session()`
tells them the session's directory and the watcher's pid, and they must stop when that pid is gone.

A run that fails (a syntax error in the project, say) is reported and the watcher waits for the next save.
Ctrl-C stops it with one line and exit code 130.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

SESSION_DIR_ENV = "REVOLUTION_SESSION_DIR"
SESSION_PID_ENV = "REVOLUTION_SESSION_PID"
INTERRUPTED = 130
# The ready process ignores interrupts (the watcher decides); each forked run handles them again.
WORKER_CODE = ("import signal, sys; signal.signal(signal.SIGINT, signal.SIG_IGN); "
               "from revolution_core.watch import worker_main; raise SystemExit(worker_main(int(sys.argv[1])))")
LIBRARY_VALUES = ("interpreter", "distributions")  # a change to these needs a new ready process


@dataclass(frozen=True)
class Session:
    """A `revolution watch` session, as the runs it starts see it."""

    directory: Path
    pid: int


def current_session() -> Session | None:
    """The watch session this run belongs to, or None for a plain run."""
    directory, pid = os.environ.get(SESSION_DIR_ENV), os.environ.get(SESSION_PID_ENV, "")
    if not directory or not pid.isdigit() or not Path(directory).is_dir():
        return None
    return Session(Path(directory), int(pid))


class WarmWorker:
    """A Python process with the libraries a run needs already imported, forking one process per run.

    Requests go to its stdin, one JSON line `{"argv": [...]}` per run; on a pipe of its own it answers
    `started <pid>` when the run's process exists and `exited <code>` when it ended."""

    def __init__(self, env: Mapping[str, str]) -> None:
        self.env = dict(env)
        self.child: int | None = None
        read_end, write_end = os.pipe()
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", WORKER_CODE, str(write_end)], stdin=subprocess.PIPE, env=self.env,
                pass_fds=(write_end,),
                start_new_session=True,  # Ctrl-C in the terminal reaches the watcher only; it decides
            )
        finally:
            os.close(write_end)
        self.replies = os.fdopen(read_end, "r", encoding="utf-8")

    def run(self, argv: list[str]) -> int:
        """One run; its exit code (128 + N when signal N ended it)."""
        assert self.process.stdin is not None
        try:
            self.process.stdin.write((json.dumps({"argv": argv}) + "\n").encode("utf-8"))
            self.process.stdin.flush()
        except OSError:
            return self._lost()
        try:
            started = self.replies.readline().split()
            if len(started) != 2 or started[0] != "started":
                return self._lost()
            self.child = int(started[1])
            ended = self.replies.readline().split()
        except KeyboardInterrupt:
            self.interrupt()
            raise
        self.child = None
        return int(ended[1]) if len(ended) == 2 and ended[0] == "exited" else self._lost()

    def _lost(self) -> int:
        """The ready process died (it should not): say so; the watcher starts another after this run."""
        self.child = None
        print("revolution watch: the process kept ready for runs ended unexpectedly; starting another.",
              file=sys.stderr)
        return 1

    def interrupt(self) -> None:
        """Stop a run in progress the way Ctrl-C would (its outputs stay whole), then end the ready process."""
        child, self.child = self.child, None
        if child is not None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGINT)
            if not _readable(self.replies, 10.0):
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
                _readable(self.replies, 5.0)
        self.discard()

    def discard(self) -> None:
        """End the ready process (closing its stdin ends it; it may still be importing)."""
        with contextlib.suppress(OSError):
            if self.process.stdin is not None:
                self.process.stdin.close()
        try:
            self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        with contextlib.suppress(OSError):
            self.replies.close()


def _readable(stream: Any, timeout: float) -> bool:
    import select

    return bool(select.select([stream], [], [], timeout)[0])


def preload() -> None:
    """What every run imports, and each plugin's `revolution_preload` (libraries, never project code)."""
    import revolution_core.console
    import revolution_core.pipeline  # noqa: F401
    from revolution_core.plugins import build_registry, plain_hookimpls

    registry = build_registry()
    for impl in plain_hookimpls(registry.pm, "revolution_preload"):
        with contextlib.suppress(Exception):  # an optimisation only: the run imports what it needs anyway
            impl.function()


def worker_main(reply_fd: int) -> int:
    """The ready process: preload, then fork one process per `revolution` command line the watcher sends,
    until its stdin closes."""
    preload()
    replies = os.fdopen(reply_fd, "w", encoding="utf-8", buffering=1)
    for line in sys.stdin:
        argv = json.loads(line)["argv"]
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the run: never returns
            replies.close()
            stdin = os.open(os.devnull, os.O_RDONLY)
            os.dup2(stdin, 0)
            os.close(stdin)
            code = 1
            try:
                code = run_forked(argv)
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        replies.write(f"started {pid}\n")
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        replies.write(f"exited {128 - code if code < 0 else code}\n")
    return 0


def run_forked(argv: list[str]) -> int:
    """One `revolution` command line in a forked process: interrupts stop it like Ctrl-C stops a run."""
    signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        from revolution_core import cli

        cli.fast_exit_on_finish()
        cli.cli.main(args=argv, prog_name="revolution", standalone_mode=False)
    except KeyboardInterrupt:
        return INTERRUPTED
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 1
    except Exception as exc:  # click's usage errors and the like
        from click import ClickException

        if isinstance(exc, ClickException):
            exc.show()
            return exc.exit_code
        import traceback

        traceback.print_exc()
        return 1
    return 0


def watched_roots(state: Mapping[str, Any] | None, project: Path) -> list[str]:
    """The directories holding the last run's inputs (the project directory before any run succeeded)."""
    if state is None:
        return [str(project.resolve())]
    declared = state.get("declared", {})
    candidates = [*declared.get("trees", {})]
    candidates += [str(Path(f).parent) for f in declared.get("files", [])]
    candidates += [_static_prefix(pattern) for pattern in declared.get("patterns", [])]
    existing = sorted({c for c in candidates if os.path.isdir(c)})
    return [c for c in existing if not any(c != o and c.startswith(o.rstrip(os.sep) + os.sep) for o in existing)]


def _static_prefix(pattern: str) -> str:
    parts = Path(pattern).parts
    static = [part for part in parts[: next((i for i, p in enumerate(parts) if any(ch in p for ch in "*?[")),
                                               len(parts))]]
    return str(Path(*static)) if static else "."


def input_filter(excluded: Iterable[str]) -> Callable[[Any, str], bool]:
    """watchfiles' default filter (no VCS, caches, editor swap files), minus the run's own outputs."""
    from watchfiles import DefaultFilter

    default = DefaultFilter()
    exact = set(excluded)
    prefixes = tuple(path.rstrip(os.sep) + os.sep for path in exact)

    def accept(change: Any, path: str) -> bool:
        return default(change, path) and path not in exact and not path.startswith(prefixes)

    return accept


def input_scan(state: Mapping[str, Any] | None, project: Path) -> dict[str, Any]:
    """The signatures of the recorded inputs (the project's Python files before any run succeeded)."""
    from revolution_core.fingerprint import Declared, scan_files

    if state is None:
        return scan_files(Declared(trees={str(project.resolve()): [".py"]}), frozenset())
    return scan_files(Declared.from_json(state.get("declared", {})), frozenset(state.get("exclude", [])))


class Changes:
    """Whether the inputs changed since a run: the fingerprint after a successful run; after a failed one
    (whose record says only that it failed), the inputs' signatures as they were when it started."""

    def __init__(self, project: Path, key: Mapping[str, Any]) -> None:
        self.project = project
        self.key = key
        self.before: dict[str, Any] = {}
        self.code = 0
        self.libraries_changed = False  # installed distributions or the interpreter (or unknown: a failed run)

    def starting(self) -> None:
        from revolution_core.fingerprint import Fingerprint

        self.before = input_scan(Fingerprint(self.project, self.key).load(), self.project)

    def since_last_run(self) -> str | None:
        """A description of what changed, or None."""
        from revolution_core.fingerprint import Fingerprint

        fingerprint = Fingerprint(self.project, self.key)
        if self.code == 0:
            check = fingerprint.check()
            self.libraries_changed = check.state is None or any(v in LIBRARY_VALUES for v in check.changed_values)
            return None if check.up_to_date else check.describe()
        self.libraries_changed = True
        now = input_scan(fingerprint.load(), self.project)
        changed = sorted(path for path in now.keys() | self.before.keys() if now.get(path) != self.before.get(path))
        return f"{len(changed)} input file(s) changed ({', '.join(changed[:3])})" if changed else None


def watch(project: Path, argv: list[str], key: Mapping[str, Any], echo: Callable[[str], None],
          step_ms: int = 50) -> int:
    """Run once, then again after every change to an input, until Ctrl-C. `argv` is the `revolution`
    command line of one run and `key` the fingerprint key that command line makes."""
    import watchfiles

    from revolution_core.fingerprint import Fingerprint

    session_dir = Path(tempfile.mkdtemp(prefix="revolution-watch-"))
    env = dict(os.environ) | {SESSION_DIR_ENV: str(session_dir), SESSION_PID_ENV: str(os.getpid())}
    worker = WarmWorker(env)
    changes = Changes(project, key)

    def run_once() -> None:
        nonlocal worker
        if changes.libraries_changed or worker.process.poll() is not None:
            worker.discard()
            worker = WarmWorker(env)
        changes.starting()
        changes.code = worker.run(argv)

    try:
        run_once()
        while True:
            state = Fingerprint(project, key).load()
            roots = watched_roots(state, project)
            watcher = watchfiles.watch(*roots, watch_filter=input_filter((state or {}).get("exclude", [])),
                                       step=step_ms, raise_interrupt=True, yield_on_timeout=True,
                                       rust_timeout=300)
            ready = False
            for batch in watcher:
                if ready and not batch:
                    continue  # a timeout, nothing happened
                if not ready:  # the watcher is in place: say so, and catch what changed before it was
                    ready = True
                    if changes.code != 0:
                        echo("The run failed (see above). Waiting for a change to try again... (Ctrl-C to stop)")
                    else:
                        more = len(roots) - 1
                        others = f" and {more} more director{'y' if more == 1 else 'ies'}" if more else ""
                        echo(f"Watching {roots[0]}{others} for changes... (Ctrl-C to stop)")
                what = changes.since_last_run()
                if what is None:
                    continue
                echo(f"Changed: {what}.")
                run_once()
                break  # the inputs may have changed: watch what this run recorded
    except KeyboardInterrupt:
        worker.interrupt()
        echo("Stopped watching.")
        return INTERRUPTED
    finally:
        worker.discard()
        shutil.rmtree(session_dir, ignore_errors=True)
