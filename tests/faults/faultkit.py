"""Helpers of the fault-injection suite: projects run as real subprocesses, snapshots of their output,
real faults (read-only bind mounts, a small tmpfs, immutable files, signals) and the checks every case
makes (exit code, one message, the previous output byte for byte, no debris after the next run)."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
EXAMPLE = REPO / "example_project"
LABPROJ = HERE / "labproj"
GATE = HERE / "gate"
PYTHON = sys.executable
REVOLUTION = str(Path(sys.executable).with_name("revolution"))
TIMEOUT = 300

# What interrupted runs may leave and the next run must remove (see revolution_core.transaction.heal).
DEBRIS = re.compile(r"\.(staging|old|installing)-|\.tmp$|\.revolution-transaction\.json$|\.revolution-probe-")
STATE = {".revolution.lock"}  # the lock file is not output


def base_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_REVOLUTION_DEBUG",
                                                            "REVOLUTION_PLUGINS", "REVOLUTION_DISABLE_PLUGINS"}}
    env["PYTHONPATH"] = os.pathsep.join([str(GATE), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env.update(PYTHONUNBUFFERED="1", COLUMNS="250", NO_COLOR="1", EXAMPLE_FAST_PASSWORDS="1")
    env.update(extra)
    return env


def example_env(root: Path, **extra: str) -> dict[str, str]:
    """example_project writing under `root/out` (its database under `root` too), with DEBUG off (with it on,
    the example asks Revolution for tracebacks with every failure)."""
    return base_env(EXAMPLE_OUTPUT_ROOT=str(root / "out"), EXAMPLE_DB_PATH=str(root / "db.sqlite3"),
                    EXAMPLE_DEBUG="0", EXAMPLE_SECRET_KEY="fault-suite-" + "k" * 50, **extra)


def run(command: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=TIMEOUT,
                          stdin=subprocess.DEVNULL)


def output_of(result: subprocess.CompletedProcess[str]) -> str:
    return f"{result.stdout}\n{result.stderr}"


def require(result: subprocess.CompletedProcess[str], code: int = 0) -> subprocess.CompletedProcess[str]:
    if result.returncode != code:
        pytest.fail(f"expected exit {code}, got {result.returncode}:\n{output_of(result)[-6000:]}", pytrace=False)
    return result


def snapshot(root: Path) -> dict[str, str]:
    """Relative path -> SHA-256 of every file below `root` (the lock file aside)."""
    found = {}
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.name not in STATE and "__pycache__" not in path.parts:
            found[path.relative_to(root).as_posix()] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


def debris(*roots: Path) -> list[str]:
    return sorted(str(p) for root in roots if root.exists() for p in root.rglob("*") if DEBRIS.search(p.name))


def assert_one_message(text: str, needle: str) -> None:
    """No traceback, and the explanation appears once as a paragraph (the summary may repeat its first
    line), not once per zone."""
    assert "Traceback" not in text, text
    assert needle in text, text


def imports(package_root: Path, module: str) -> None:
    """The Python client still imports (its API class and every zone)."""
    code = f"import {module}; from {module} import API, AsyncAPI; print(sorted(vars({module})))"
    result = subprocess.run([PYTHON, "-c", code], cwd=package_root, capture_output=True, text=True, timeout=120,
                            env={**base_env(), "PYTHONPATH": str(package_root), "PYTHONDONTWRITEBYTECODE": "1"})
    assert result.returncode == 0, result.stderr


# -- signals at known moments --


def start(command: list[str], cwd: Path, env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    handle = log.open("wb")
    try:
        return subprocess.Popen(command, cwd=cwd, env=env, stdout=handle, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL)
    finally:
        handle.close()


def wait_for(condition: Callable[[], object], process: subprocess.Popen[bytes], log: Path,
             timeout: float = 180) -> object:
    """Poll until `condition()` is truthy; fail with the log if the process ends first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        if process.poll() is not None:
            pytest.fail(f"the run ended (exit {process.returncode}) before the moment to interrupt it:\n"
                        f"{log.read_text(errors='replace')[-4000:]}", pytrace=False)
        time.sleep(0.02)
    process.kill()
    pytest.fail(f"timed out waiting for the moment to interrupt:\n{log.read_text(errors='replace')[-4000:]}",
                pytrace=False)


def finish(process: subprocess.Popen[bytes], log: Path) -> tuple[int, str]:
    try:
        code = process.wait(timeout=120)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"the run did not stop after the signal:\n{log.read_text(errors='replace')}", pytrace=False)
    return code, log.read_text(errors="replace")


def children(pid: int) -> list[tuple[int, str]]:
    """(pid, command line) of the live processes whose parent is `pid`."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[-1].split()
        if len(fields) > 1 and fields[0] != "Z" and int(fields[1]) == pid:
            found.append((int(entry.name), cmdline))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def assert_interrupted(code: int, text: str, signum: int, stage: str) -> None:
    """Exit 128+N, exactly one line saying what was completed and kept, no traceback."""
    assert code == 128 + signum, text
    assert "Traceback" not in text, text
    lines = [line for line in text.splitlines() if line.startswith("Interrupted (")]
    assert len(lines) == 1, text
    assert lines[0].startswith(f"Interrupted ({signal.Signals(signum).name}) during the {stage} stage: "), text
    assert "keeps its last good output" in lines[0]


# -- real filesystem faults --


def _mount(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["mount", *args], capture_output=True, text=True)


@contextlib.contextmanager
def read_only(path: Path) -> Iterator[str]:
    """`path` becomes read-only for everyone, root included: a read-only bind mount of itself (real EROFS).
    Where mounting is not allowed, a process that is not root gets the permission bits removed instead
    (real EACCES); as root without mount, the case is skipped with the reason."""
    if _mount("--bind", str(path), str(path)).returncode == 0:
        try:
            done = _mount("-o", "remount,bind,ro", str(path))
            if done.returncode != 0:
                pytest.skip(f"cannot remount a bind mount read-only here: {done.stderr.strip()}")
            yield "mount"
        finally:
            subprocess.run(["umount", str(path)], capture_output=True)
        return
    if os.geteuid() == 0:
        pytest.skip("no read-only filesystem can be made here: `mount --bind` is refused and root ignores "
                    "permission bits")
    modes = {p: p.stat().st_mode for p in [path, *path.rglob("*")] if p.is_dir()}
    for folder in modes:
        folder.chmod(0o555)
    try:
        yield "permissions"
    finally:
        for folder, mode in modes.items():
            folder.chmod(mode)


@contextlib.contextmanager
def immutable(*paths: Path) -> Iterator[None]:
    """`chattr +i` (ext4, xfs, btrfs, tmpfs on recent kernels): not even root may change, rename or delete
    it. Skipped with the reason where the filesystem or the user cannot set the attribute."""
    done = []
    try:
        for path in paths:
            result = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
            if result.returncode != 0:
                pytest.skip(f"chattr +i is not available here: {result.stderr.strip()}")
            done.append(path)
        yield
    finally:
        for path in done:
            subprocess.run(["chattr", "-i", str(path)], capture_output=True)


@contextlib.contextmanager
def small_tmpfs(path: Path, size: int) -> Iterator[None]:
    """A tmpfs of `size` bytes mounted at `path` (a real ENOSPC when it fills up); skipped with the reason
    where mounting is not allowed."""
    path.mkdir(parents=True, exist_ok=True)
    done = _mount("-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path))
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def resize_tmpfs(path: Path, size: int) -> None:
    subprocess.run(["mount", "-o", f"remount,size={size}", str(path)], check=True, capture_output=True)


def fill(path: Path, leave: int = 0) -> Path:
    """Fill the filesystem of `path` with one file until at most `leave` bytes are free."""
    filler = path / "filler.bin"
    free = shutil.disk_usage(path).free - leave
    with filler.open("wb") as handle:
        chunk = b"\0" * (1 << 16)
        while free > 0:
            try:
                handle.write(chunk[: min(len(chunk), free)])
                handle.flush()
            except OSError:
                break
            free -= len(chunk)
    return filler


SPEC_PYPROJECT = """\
[project]
name = "specproj"
version = "1.0.0"

[tool.revolution]
archivers = ["archive"]

[tool.revolution.zones.public]
openapi_file = "specs/public.yaml"

[tool.revolution.zones.client]
openapi_file = "specs/client.yaml"

[tool.revolution.zones.admin]
openapi_file = "specs/admin.yaml"
generators = ["python"]

[tool.revolution.plugin_options.typescript]
package_name = "@example/api-client"
refresh_path = "/api/public/token/refresh/"

[tool.revolution.plugin_options.python]
package_name = "{python_package}"
refresh_path = "/api/public/token/refresh/"
"""


@dataclass
class Project:
    """A copy of a baseline: where it runs, where it writes, and how to run it."""

    root: Path
    out: Path
    kind: str  # "example" (manage.py), "spec" (revolution run), "lab" (manage.py)

    def command(self, *args: str) -> list[str]:
        if self.kind == "spec":
            return [REVOLUTION, "run", *args]
        return [PYTHON, "manage.py", "revolution", "--generate", *args]

    @property
    def cwd(self) -> Path:
        return {"example": EXAMPLE, "lab": LABPROJ, "spec": self.root}[self.kind]

    def env(self, **extra: str) -> dict[str, str]:
        if self.kind == "example":
            return example_env(self.root, **extra)
        if self.kind == "lab":
            return base_env(LAB_OUTPUT_ROOT=str(self.out), **extra)
        return base_env(**extra)

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return run(self.command(*args), self.cwd, self.env(**env))

    def snapshot(self) -> dict[str, str]:
        """Every output file (schemas, both clients, archives) -> SHA-256; the project's own files aside."""
        return {path: digest for path, digest in snapshot(self.out).items()
                if path.startswith(("clients/", "openapi/"))}
