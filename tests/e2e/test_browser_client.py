"""The generated TypeScript client in a real headless browser: Debian's chromium, driven by playwright-core
(a test-only npm kit, tests/e2e/browser/), loading a page from another origin than the API (CORS with
credentials, as example_project configures it from EXAMPLE_CORS_ORIGINS). It shows: tokens kept in
localStorage and back after a reload, one refresh for ten concurrent 401s (counted by the server),
session login with Django's CSRF token read from the cookie, and what a page on an origin without CORS
gets (`APIError`, status 0, "Failed to fetch")."""

from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import REFRESH, ServedProject, expired_jwt, free_port

pytestmark = [pytest.mark.node, pytest.mark.slow]

KIT = Path(__file__).parent / "browser"
CHROMIUM_ENV = "REVOLUTION_CHROMIUM"


def chromium_or_skip() -> str:
    """Debian's chromium (or $REVOLUTION_CHROMIUM); without it the test is skipped, saying why."""
    candidate = os.environ.get(CHROMIUM_ENV) or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(candidate).is_file():
        pytest.skip(f"no chromium at {candidate}: install Debian's package (`apt-get install -y chromium`, which "
                    f".ci/setup does where apt-get works) or point {CHROMIUM_ENV} at a chromium binary")
    return candidate


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def page_servers(example_clients: Path, example_server: ServedProject, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The page and the built client served over HTTP on the origin CORS allows and on one it does not."""
    from revolution_typescript.toolchain import ensure_toolchain

    toolchain = ensure_toolchain()
    site = tmp_path / "site"
    shutil.copytree(KIT / "page", site)
    package = site / "api-client"
    shutil.copytree(example_clients / "clients" / "typescript", package)
    built = subprocess.run([toolchain.node, str(toolchain.tsc), "-p", str(package / "tsconfig.json")],
                           capture_output=True, text=True, check=False, timeout=300)
    assert built.returncode == 0, built.stdout + built.stderr
    handler = functools.partial(QuietHandler, directory=str(site))
    allowed_port = int(example_server.page_origin.rsplit(":", 1)[1])
    servers = [ThreadingHTTPServer(("127.0.0.1", port), handler) for port in (allowed_port, free_port())]
    for server in servers:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield example_server.page_origin, f"http://127.0.0.1:{servers[1].server_port}"
    finally:
        for server in servers:
            server.shutdown()
            server.server_close()


def test_typescript_client_in_chromium(page_servers: tuple[str, str], example_server: ServedProject,
                                       tmp_path: Path) -> None:
    from revolution_typescript.toolchain import cache_root, ensure_installed, ensure_toolchain

    chromium = chromium_or_skip()
    node = ensure_toolchain().node
    kit = ensure_installed(KIT, cache_root(), node)
    page_origin, other_origin = page_servers
    mark = len(example_server.requests())
    done = subprocess.run(
        [node, str(KIT / "browser_flow.mjs"), str(kit), chromium, str(tmp_path / "profile"), example_server,
         page_origin, other_origin, expired_jwt()],
        capture_output=True, text=True, check=False, timeout=180, env={**os.environ, "NODE_NO_WARNINGS": "1"},
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads(done.stdout)
    results = report["results"]
    served = example_server.requests_since(mark)
    for step in ("jwt", "reload", "session", "cors"):
        assert results[step]["ok"], (step, results[step], report["console"])

    jwt = results["jwt"]["value"]
    assert jwt["me"] == "demo" and jwt["names"] == ["demo"] * 10
    assert jwt["stored"] == ["shop.access", "shop.refresh"] and jwt["accessReplaced"] and jwt["refreshRotated"]
    assert [line for line in served if line.startswith(f"POST {REFRESH} ")] == [f"POST {REFRESH} 200"], served
    # ten 401s to the expired token (the eleventh: after the session step's logout), one refresh, ten replays
    assert served.count("GET /api/client/me/ 401") == 11

    assert results["reload"]["value"] == {"me": "demo", "storedAfterLogout": []}

    session = results["session"]["value"]
    assert session["anonymous"] is None and session["csrfCookie"]
    assert session["wrong"]["status"] == 403
    assert session["wrong"]["detail"] == "No active account found with the given credentials"
    assert (session["login"], session["me"], session["bio"], session["cancelled"]) == (
        "demo", "demo", "from chromium", "cancelled")
    assert session["token"] is None  # no JWT: the browser's session cookie and the CSRF header did it
    assert session["after"]["status"] == 401
    assert "PATCH /api/client/me/ 200" in served and "POST /api/client/orders/ 201" in served

    cors = results["cors"]["value"]["error"]
    assert cors["isAPIError"] and cors["status"] == 0 and "Failed to fetch" in cors["message"]
