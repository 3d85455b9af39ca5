"""End-to-end fixtures on the example project.

`example_server`: the project served over real HTTP from a subprocess, on a freshly migrated temp
sqlite database with the demo data, simplejwt rotating and blacklisting refresh tokens, and a request log
the tests count requests in (`example_server.requests()`). Clients are driven into a refresh with an
access token that expired (`expired_jwt`): simplejwt answers 401 at once, no test waits for expiry.
`example_clients`: `manage.py revolution --generate --no-archive` run once into a temp output root.
Both are session-scoped: every e2e test shares one server and one generation run.
"""

from __future__ import annotations

import importlib
import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "example_project"
STARTUP_TIMEOUT = 30.0
COMMAND_TIMEOUT = 300.0
DEV_SECRET_KEY = "django-insecure-example-project-local-demo-only"  # example_project's EXAMPLE_DEBUG=1 key
REFRESH = "/api/public/token/refresh/"


class ServedProject(str):
    """The served project's base URL (a `str`, no trailing slash) with its request log."""

    log: Path
    page_origin: str  # the origin CORS allows: where a browser test serves its page

    def requests(self) -> list[str]:
        """Every request the server answered so far, as `METHOD path status` (written before each response)."""
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.is_file() else []

    def requests_since(self, mark: int) -> list[str]:
        return self.requests()[mark:]


def expired_jwt(token_type: str = "access", user_id: int = 1) -> str:
    """A simplejwt token signed with the example's development key that expired a minute ago."""
    import jwt

    now = int(time.time())
    claims = {"token_type": token_type, "exp": now - 60, "iat": now - 3600, "jti": secrets.token_hex(16),
              "user_id": str(user_id)}
    return jwt.encode(claims, DEV_SECRET_KEY, algorithm="HS256")


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
def example_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServedProject]:
    """example_project served with demo data, its request log in `.requests()`."""
    root = tmp_path_factory.mktemp("example_server")
    page_origin = f"http://127.0.0.1:{free_port()}"
    env = example_env(root, EXAMPLE_REQUEST_LOG=str(root / "requests.log"), EXAMPLE_CORS_ORIGINS=page_origin)
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
    base_url = ServedProject(f"http://127.0.0.1:{port}")
    base_url.log = root / "requests.log"
    base_url.page_origin = page_origin
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


@pytest.fixture(scope="session")
def api_package(example_clients: Path) -> Iterator[ModuleType]:
    """The generated distribution `example_api_client`, imported from the generation run's output."""
    root = example_clients / "clients" / "python"
    assert (root / "pyproject.toml").is_file(), f"no Python client generated under {root}"
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module("example_api_client")
    finally:
        sys.path.remove(str(root))
