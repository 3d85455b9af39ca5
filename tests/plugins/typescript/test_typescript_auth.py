"""Authentication in the generated TypeScript package, from a schema with every kind of scheme: the
per-zone `security.gen.ts`, a typed `setCredentials`, and the compiled client under node with an injected
`fetch` recording what each operation sends (placement, choice, no credentials or refresh for token
endpoints, anonymous replay, one shared refresh)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from ts_helpers import SPECS, run_tsc

from revolution_core.testing import RevolutionProject

pytestmark = [pytest.mark.node, pytest.mark.slow]

USAGE = """
import API from './index.js';

const api = new API('http://127.0.0.1:1');
api.setCredentials({ tokenAuth: 'k', basicAuth: { username: 'u', password: 'p' }, partnerKey: 'q', jwtAuth: null });
// @ts-expect-error: not a scheme of these zones
api.setCredentials({ nope: 'x' });
// @ts-expect-error: basic auth takes a username and a password
api.setCredentials({ basicAuth: 'u:p' });
// @ts-expect-error: a session has no credential to set
api.setCredentials({ cookieAuth: 'x' });
"""

FLOW = Path(__file__).parent / "auth_flow.mjs"


@pytest.fixture(scope="module")
def auth_package(tmp_path_factory: pytest.TempPathFactory, ts_toolchain: Any) -> Path:
    root = tmp_path_factory.mktemp("ts_auth")
    (root / "specs").mkdir()
    shutil.copyfile(SPECS / "auth.json", root / "specs" / "auth.json")
    project = RevolutionProject(root, {"zones": {"partner": {"openapi_file": "specs/auth.json",
                                                             "generators": ["typescript"]}},
                                       "archivers": []}).write()
    result = project.run("run")
    assert result.exit_code == 0, result.output
    return root / "clients" / "typescript"


def test_security_module_lists_schemes_and_operations(auth_package: Path) -> None:
    text = (auth_package / "partner" / "security.gen.ts").read_text()
    assert '"tokenAuth": {"kind": "token", "in": "header", "name": "Authorization", "prefix": "Token"},' in text
    assert '"partnerKey": {"kind": "apikey", "in": "query", "name": "api_key"},' in text
    assert ('"cookieAuth": {"kind": "session", "name": "sessionid", "csrfCookie": "csrftoken", '
            '"csrfHeader": "X-CSRFToken"},') in text
    assert '"POST /api/token/": {"security": [], "role": "obtain"},' in text
    assert '"GET /api/catalog/": {"security": [["jwtAuth"], []]},' in text
    index = (auth_package / "index.ts").read_text()
    assert '"basicAuth"?: { username: string; password: string };' in index and '"cookieAuth"' not in index


def test_set_credentials_is_typed_by_the_schemes(auth_package: Path, ts_toolchain: Any, tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(auth_package, package)
    (package / "usage.ts").write_text(USAGE, encoding="utf-8")
    result = run_tsc(ts_toolchain, package, "--noEmit", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


def test_each_operation_gets_only_the_credentials_it_accepts(auth_package: Path, ts_toolchain: Any,
                                                             tmp_path: Path) -> None:
    package = tmp_path / "package"
    shutil.copytree(auth_package, package)
    built = run_tsc(ts_toolchain, package)
    assert built.returncode == 0, built.stdout + built.stderr
    shutil.copyfile(FLOW, package / "flow.mjs")
    done = subprocess.run([ts_toolchain.node, "flow.mjs"], cwd=package, capture_output=True, text=True,
                          check=False, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
    out = json.loads(done.stdout)
    assert out["anonymous"] == ["GET /api/catalog/ - -"]
    assert out["schemes"] == ["GET /api/stock/ Token k1 -", "GET /api/feed/?api_key=q1 - -",
                              "GET /api/catalog/ - -"]  # neither scheme is the catalog's
    assert out["basic"] == ["GET /api/stock/ Basic YW5uOnB3 -"]
    assert out["session"] == ["POST /api/me/ - c1"]  # no JWT: the session, with Django's CSRF header
    assert out["shared"] == {"refreshes": 1, "tokens": ["a2", "r2"]}
    assert out["publicAfterFailedRefresh"] == ["x"] and out["tokensAfter"] == [None, None]
    assert out["publicRequests"] == ["GET /api/catalog/ Bearer expired -", "POST /api/token/refresh/ - -",
                                     "GET /api/catalog/ - -"]
    assert out["login"] == {"status": 401, "detail": "No active account found with the given credentials",
                            "requests": ["POST /api/token/ - c1"]}
    assert out["oauth2"] == ["GET /api/orders/ Bearer o1 -"]  # the runtime sets what hey-api left out
    error = out["loginError"]
    assert error["message"] == "HTTP 401: No active account found with the given credentials (POST /api/token/)"
    assert error["response"] is True and "response" not in error["keys"] and "body" in error["keys"]
