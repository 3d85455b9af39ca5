"""The persistent node worker of a `revolution watch` session (`node/worker.mjs`): @hey-api/openapi-ts is
loaded once per session instead of once per run, which is most of a one-zone run's TypeScript time; so is
the TypeScript compiler that builds the package's dist/.

The first run of a session that generates TypeScript starts the worker, detached, listening on a socket
in the session directory (`RunContext.session_dir`); later runs connect to it. It stops by itself when the
watching process exits. Anything unexpected (no session, no socket support, a worker that does not
answer) falls back to the one-shot driver, so the output never depends on which path was taken.
"""

from __future__ import annotations

import json
import socket
import subprocess
import time
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from revolution_core.errors import RevolutionError

WORKER = Path(__file__).parent / "node" / "worker.mjs"
START_TIMEOUT = 30.0
_STARTED: list[subprocess.Popen[bytes]] = []  # kept: a collected Popen of a running process warns


class WorkerUnavailable(Exception):
    """The session worker cannot be used for this run: use the one-shot driver."""


def socket_path(session_dir: Path, toolchain_dir: Path) -> Path:
    return session_dir / f"typescript-{toolchain_dir.name}.sock"


def _connect(path: Path) -> socket.socket:
    client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        client.connect(str(path))
    except OSError:
        client.close()
        raise
    return client


def _start(node: str, toolchain_dir: Path, path: Path, session_dir: Path, session_pid: int) -> None:
    log = open(session_dir / "typescript-worker.log", "ab")  # noqa: SIM115 - handed to the child
    try:
        _STARTED.append(subprocess.Popen(
            [node, "--expose-gc", str(WORKER), str(toolchain_dir), str(path), str(session_pid)],
            stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True,
        ))
    finally:
        log.close()
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if path.exists():
            return
        time.sleep(0.02)
    raise WorkerUnavailable(f"the node worker did not start within {START_TIMEOUT:.0f} s")


def connect(node: str, toolchain_dir: Path, session_dir: Path, session_pid: int) -> socket.socket:
    """A connection to the session's worker, starting it when this is the session's first use."""
    if not hasattr(socket, "AF_UNIX"):
        raise WorkerUnavailable("no Unix sockets on this platform")
    path = socket_path(session_dir, toolchain_dir)
    if len(str(path)) > 100:
        raise WorkerUnavailable("the session directory's path is too long for a socket")
    try:
        return _connect(path)
    except OSError:
        pass
    from filelock import FileLock

    with FileLock(str(path) + ".lock"):
        try:
            return _connect(path)
        except OSError:
            if path.exists():
                path.unlink()  # a worker that died left its socket file
            _start(node, toolchain_dir, path, session_dir, session_pid)
            try:
                return _connect(path)
            except OSError as exc:
                raise WorkerUnavailable(f"cannot connect to the node worker: {exc}") from None


def run_jobs(node: str, toolchain_dir: Path, session_dir: Path, session_pid: int, cwd: Path,
             entries: list[dict[str, Any]]) -> dict[str, str]:
    """The worker's failures by zone for one batch of openapi-ts jobs."""
    answer = _ask(node, toolchain_dir, session_dir, session_pid, {"cwd": str(cwd), "jobs": entries})
    if "error" in answer:
        raise RevolutionError(f"@hey-api/openapi-ts failed in the watch session's node worker: {answer['error']}")
    failures = answer.get("failures", {})
    return {str(zone): str(message) for zone, message in failures.items()}


def build(node: str, toolchain_dir: Path, session_dir: Path, session_pid: int,
          request: Mapping[str, Any]) -> dict[str, Any]:
    """The dist/ build (`build.compile_dist`'s request) in the worker, TypeScript loaded once per session."""
    answer = _ask(node, toolchain_dir, session_dir, session_pid, request)
    if "error" in answer:
        raise WorkerUnavailable(f"the node worker could not build: {str(answer['error'])[:300]}")
    return answer


def _ask(node: str, toolchain_dir: Path, session_dir: Path, session_pid: int,
         request: Mapping[str, Any]) -> dict[str, Any]:
    client = connect(node, toolchain_dir, session_dir, session_pid)
    try:
        client.sendall((json.dumps(request) + "\n").encode("utf-8"))
        chunks = []
        while True:
            chunk = client.recv(65536)
            if not chunk:
                break
            chunks.append(chunk)
    except OSError as exc:
        raise WorkerUnavailable(f"the node worker stopped answering: {exc}") from None
    finally:
        client.close()
    try:
        answer = json.loads(b"".join(chunks).decode("utf-8"))
    except ValueError:
        raise WorkerUnavailable("the node worker sent no answer") from None
    if not isinstance(answer, dict):
        raise WorkerUnavailable("the node worker sent no answer")
    return answer
