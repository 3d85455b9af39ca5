"""End-to-end fixtures on the example project.

`example_server`: the project served over real HTTP from a subprocess, on a freshly migrated temp
sqlite database with the demo data, access tokens living 2 seconds (so clients must refresh).
`example_clients`: `manage.py revolution --generate --no-archive` run once into a temp output root.
Both are session-scoped: every e2e test shares one server and one generation run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "example_project"
STARTUP_TIMEOUT = 30.0
COMMAND_TIMEOUT = 300.0


def example_env(root: Path, **extra: str) -> dict[str, str]:
    """Environment for example_project commands: everything the project writes goes under `root`."""
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(
        EXAMPLE_DB_PATH=str(root / "db.sqlite3"),
        EXAMPLE_MEDIA_ROOT=str(root / "media"),
        EXAMPLE_OUTPUT_ROOT=str(root / "output"),
        EXAMPLE_FAST_PASSWORDS="1",
        PYTHONUNBUFFERED="1",
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str], timeout: float = COMMAND_TIMEOUT) -> subprocess.CompletedProcess[str]:
    """Run `python manage.py <args>` in example_project; fail the session with its output if it fails."""
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=EXAMPLE_DIR, env=env, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        pytest.fail(
            f"`{' '.join(command[1:])}` exited {result.returncode} in {EXAMPLE_DIR}:\n"
            f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}",
            pytrace=False,
        )
    return result


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answering(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    """Poll until the server answers any HTTP status; fail early with its log if it dies."""
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"example server exited {process.returncode} on start:\n{log.read_text()[-4000:]}", pytrace=False
            )
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # any HTTP answer means it is serving
        except OSError:
            time.sleep(0.1)
    output = log.read_text(errors="replace")[-4000:]
    pytest.fail(f"example server did not answer {url} within {STARTUP_TIMEOUT:.0f}s:\n{output}", pytrace=False)


@pytest.fixture(scope="session")
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (no trailing slash) of example_project served with demo data; tokens expire after 2 s."""
    root = tmp_path_factory.mktemp("example_server")
    env = example_env(root, EXAMPLE_ACCESS_TOKEN_SECONDS="2")
    manage("migrate", "--noinput", "-v", "0", env=env)
    manage("load_demo_data", "-v", "0", env=env)
    port = free_port()
    log = root / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=EXAMPLE_DIR,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base_url}/api/public/categories/", process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def example_clients(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output root of one `manage.py revolution --generate --no-archive` run (clients/, openapi/)."""
    root = tmp_path_factory.mktemp("example_clients")
    output = root / "output"
    manage("revolution", "--generate", "--no-archive", env=example_env(root, EXAMPLE_OUTPUT_ROOT=str(output)))
    return output
