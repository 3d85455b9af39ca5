"""The generated TypeScript package of example_project, type-checked and then driven by a node script
against the served project: pagination, a typed 401, login, refresh + replay after an expired access
token (one refresh for ten concurrent calls, counted by the server), expired tokens in storage vs a public
call and a wrong-password login, the supplier zone on a DRF token, an upload, logging out, a failed
refresh, default headers and opt-in localStorage."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.conftest import REFRESH, ServedProject, expired_jwt

pytestmark = [pytest.mark.node, pytest.mark.slow]

FLOW = Path(__file__).parent / "typescript" / "client_flow.mjs"
PACKAGE_NAME = "@example/api-client"  # settings.DJANGO_REVOLUTION plugin_options.typescript.package_name


@pytest.fixture(scope="module")
def toolchain() -> Any:
    from revolution_typescript.toolchain import ensure_toolchain

    return ensure_toolchain()  # the cache the example_clients run filled


@pytest.fixture(scope="module")
def ts_package(example_clients: Path) -> Path:
    package = example_clients / "clients" / "typescript"
    assert (package / "package.json").is_file(), f"no TypeScript package under {package}"
    return package


def tsc(toolchain: Any, package: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([toolchain.node, str(toolchain.tsc), "-p", str(package / "tsconfig.json"), *args],
                          capture_output=True, text=True, check=False, timeout=300)


@pytest.fixture(scope="module")
def consumer_app(ts_package: Path, toolchain: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An app with the package built (npm run build = tsc) and installed as node_modules/@example/api-client."""
    app = tmp_path_factory.mktemp("ts_consumer")
    built = app / "api-client"
    shutil.copytree(ts_package, built)
    result = tsc(toolchain, built)
    assert result.returncode == 0, result.stdout + result.stderr
    scope = app / "node_modules" / "@example"
    scope.mkdir(parents=True)
    (scope / "api-client").symlink_to(built, target_is_directory=True)
    shutil.copyfile(FLOW, app / FLOW.name)
    return app


def test_example_package_passes_tsc_strict(ts_package: Path, toolchain: Any) -> None:
    manifest = json.loads((ts_package / "package.json").read_text())
    assert manifest["name"] == PACKAGE_NAME
    index = (ts_package / "index.ts").read_text()
    assert "readonly 'public'" in index and "readonly 'client'" in index
    assert "readonly 'admin'" not in index  # admin is a python-only zone
    assert 'DEFAULT_REFRESH_PATH: string | null = "/api/public/token/refresh/"' in index
    assert 'export interface Credentials {' in index and '"tokenAuth"?: string;' in index
    result = tsc(toolchain, ts_package, "--noEmit", "--strict")
    assert result.returncode == 0, result.stdout + result.stderr


def test_client_flow_against_the_example_server(consumer_app: Path, example_server: ServedProject,
                                                toolchain: Any) -> None:
    expired = json.dumps({"access": expired_jwt(), "refresh": expired_jwt("refresh")})
    mark = len(example_server.requests())
    done = subprocess.run([toolchain.node, FLOW.name, example_server, PACKAGE_NAME, expired], cwd=consumer_app,
                          capture_output=True, text=True, check=False, timeout=120,
                          env={**os.environ, "NODE_NO_WARNINGS": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout)

    products = seen["products"]
    assert products["count"] >= 12 and products["page1"] == 5 and products["page2"] == 5 and products["hasNext"]

    assert seen["anonymous"] == {**seen["anonymous"], "isAPIError": True, "isError": True, "status": 401}
    assert seen["me"] == "demo"

    expiry = seen["afterExpiry"]
    assert expiry["refreshCalls"] == 1 and expiry["tokenChanged"]
    assert expiry["requests"] == [
        "GET /api/client/orders/ 401",
        "POST /api/public/token/refresh/ 200",
        "GET /api/client/orders/ 200",
    ]
    # ten 401s, one shared refresh: counted by the client and by the server
    assert seen["concurrent"] == {"refreshCalls": 1, "results": ["demo"] * 10}
    served = example_server.requests_since(mark)
    refreshes = [line for line in served if line.startswith(f"POST {REFRESH} ")]
    assert refreshes == [f"POST {REFRESH} 200", f"POST {REFRESH} 200", f"POST {REFRESH} 401",
                         f"POST {REFRESH} 401"], served  # after expiry, concurrent; expired; bad refresh

    wrong = seen["wrongPassword"]
    assert wrong["status"] == 401 and wrong["detail"] == "No active account found with the given credentials"
    assert wrong["requests"] == ["POST /api/public/token/ 401"]  # no token sent, no refresh
    public = seen["publicWithExpired"]
    assert public["count"] >= 12 and public["token"] is None
    assert public["requests"] == ["GET /api/public/products/ 401", f"POST {REFRESH} 401",
                                  "GET /api/public/products/ 200"]

    supplier = seen["supplier"]
    assert supplier["count"] == 14 and supplier["stockRaised"] and supplier["authorization"].startswith("Token ")
    assert supplier["publicAuthorization"].startswith("Bearer ")

    assert seen["avatar"] and "/media/avatars/" in seen["avatar"]

    assert seen["cleared"] == {"token": None, "refresh": None}
    assert seen["afterClear"]["status"] == 401 and seen["afterClear"]["isAPIError"]

    assert seen["headers"] == {"sent": "de", "afterRemoval": None}  # setHeaders, then removed
    assert seen["localStorage"] == {"keys": ["shop.access", "shop.refresh"], "readBack": "a"}

    bad = seen["badRefresh"]
    assert bad["isAPIError"] and bad["status"] == 401 and "refresh failed" in bad["message"]
    assert bad["requests"] == ["GET /api/client/me/ 401", "POST /api/public/token/refresh/ 401"]
    assert bad["tokenAfter"] is None
