"""The types test project (`typesproj/`) served over real HTTP, and its clients generated once.

`types_server`: a subprocess `runserver` on a fresh sqlite database with the demo data (`seed`): user
`ann`, three products, three orders placed in Berlin winter and summer time.
`types_clients`: the output root of one `manage.py revolution --generate` run (Python and TypeScript).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from tests.e2e.conftest import COMMAND_TIMEOUT, free_port, wait_until_answering

PROJECT = Path(__file__).parent / "typesproj"
USER, PASSWORD = "ann", "ann-pass-1234"


def project_env(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env.update(TYPESPROJ_DB=str(root / "db.sqlite3"), TYPESPROJ_OUTPUT=str(root / "output"), PYTHONUNBUFFERED="1")
    return env


def manage(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=PROJECT, env=project_env(root), capture_output=True, text=True,
                            timeout=COMMAND_TIMEOUT)
    if result.returncode != 0:
        pytest.fail(f"`{' '.join(command[1:])}` exited {result.returncode}:\n{result.stdout[-4000:]}\n"
                    f"{result.stderr[-4000:]}", pytrace=False)
    return result


@pytest.fixture(scope="session")
def types_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("typesproj")


@pytest.fixture(scope="session")
def types_server(types_root: Path) -> Iterator[str]:
    """Base URL (no trailing slash) of typesproj with its demo data."""
    manage(types_root, "migrate", "--run-syncdb", "-v", "0")
    manage(types_root, "seed")
    port = free_port()
    log = types_root / "server.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"],
            cwd=PROJECT, env=project_env(types_root), stdout=output, stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}"
    try:
        wait_until_answering(f"{base_url}/api/shop/products/", process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def types_clients(types_root: Path) -> Path:
    """`clients/` of one generation run: `python/` (typesproj-client) and `typescript/` (@typesproj/api-client)."""
    result = manage(types_root, "revolution", "--generate")
    assert "Done in" in result.stdout, result.stdout
    return types_root / "output" / "clients"


@pytest.fixture(scope="session")
def types_package(types_clients: Path) -> Iterator[ModuleType]:
    """The generated `typesproj_client` package, imported in the test process."""
    root = str(types_clients / "python")
    sys.path.insert(0, root)
    try:
        yield importlib.import_module("typesproj_client")
    finally:
        sys.path.remove(root)
