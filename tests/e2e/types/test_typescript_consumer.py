"""Issue 14, TypeScript: a consumer package (React + @tanstack/react-query, `tsc --strict`) over the generated
`@typesproj/api-client`, run in node against the served project: TanStack Query options bound to the API
instance (base URL, refresh on 401), zod on with Django's TIME_ZONE = "Europe/Berlin", `paginate()`, a zod
rejection as `ResponseValidationError`, and responses that differ from their schemas (zod off) resolving."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.node, pytest.mark.slow]

CONSUMER = Path(__file__).parent / "consumer"
KIT = Path(__file__).parents[2] / "plugins" / "typescript" / "typecheck_kit"
PACKAGE = "@typesproj/api-client"


@pytest.fixture(scope="module")
def toolchain() -> Any:
    from revolution_typescript.toolchain import ensure_toolchain

    return ensure_toolchain()


@pytest.fixture(scope="module")
def kit(toolchain: Any) -> Path:
    """React, react-dom, @tanstack/react-query, zod and their types (test-only lockfile), installed once."""
    from revolution_typescript.toolchain import cache_root, ensure_installed

    return ensure_installed(KIT, cache_root(), toolchain.node) / "node_modules"


def tsc(toolchain: Any, project: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([toolchain.node, str(toolchain.tsc), "-p", str(project / "tsconfig.json"), *args],
                          capture_output=True, text=True, check=False, timeout=300, env={**os.environ, "NO_COLOR": "1"})


def link_modules(kit: Path, into: Path) -> None:
    """`into/node_modules` holding every package of the kit (one React for the app and TanStack Query)."""
    modules = into / "node_modules"
    modules.mkdir()
    for entry in sorted(kit.iterdir()):
        if not entry.name.startswith("."):
            (modules / entry.name).symlink_to(entry, target_is_directory=True)


@pytest.fixture(scope="module")
def consumer(types_clients: Path, toolchain: Any, kit: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The app compiled by `tsc --strict` against the generated package, itself built with its own tsconfig."""
    root = tmp_path_factory.mktemp("ts_consumer")
    package = root / "api-client"
    shutil.copytree(types_clients / "typescript", package)
    (package / "node_modules").symlink_to(kit, target_is_directory=True)
    built = tsc(toolchain, package, "--strict")
    assert built.returncode == 0, built.stdout + built.stderr
    app = root / "app"
    shutil.copytree(CONSUMER, app)
    link_modules(kit, app)
    scope = app / "node_modules" / PACKAGE.split("/")[0]
    scope.mkdir()
    (scope / PACKAGE.split("/")[1]).symlink_to(package, target_is_directory=True)
    compiled = tsc(toolchain, app)
    assert compiled.returncode == 0, compiled.stdout + compiled.stderr
    return app


def test_subpaths_are_exported_for_sources_and_dist(types_clients: Path) -> None:
    exports = json.loads((types_clients / "typescript" / "package.json").read_text())["exports"]
    assert exports["./member/react-query"] == {"source": "./member/react-query.ts",
                                               "types": "./dist/member/react-query.d.ts",
                                               "import": "./dist/member/react-query.js"}
    assert exports["./member/zod"]["import"] == "./dist/member/zod.gen.js"
    assert "./shop/zod" not in exports and "./shop/react-query" not in exports  # zone shop chose neither


def test_react_app_against_the_served_project(consumer: Path, types_server: str, toolchain: Any) -> None:
    done = subprocess.run([toolchain.node, "out/app.js", types_server], cwd=consumer, capture_output=True,
                          text=True, check=False, timeout=120, env={**os.environ, "NODE_NO_WARNINGS": "1"})
    assert done.returncode == 0, done.stdout + done.stderr
    seen = json.loads(done.stdout)

    # zone shop, zod off: what the server sent, as sent
    assert seen["profile"] == {"username": "ann", "email": "ann@example.com", "auth_token": "tok-123"}
    assert seen["signup"]["username"] == "user-ts" and "email" not in seen["signup"]
    assert seen["entries"] == [{"id": 1, "title": "first"}, {"id": 2, "title": None}]
    assert seen["reset"] == {"status": "OK"}

    # TanStack Query through the API instance: its base URL, and one refresh then one replay on a 401
    assert seen["requests"] == ["GET /api/member/orders/ 401", "POST /api/shop/token/refresh/ 200",
                                "GET /api/member/orders/ 200"]
    assert seen["tokenReplaced"] is True
    assert seen["queryKeyBaseUrl"] == types_server
    # zod accepted Berlin offsets (winter +01:00, summer +02:00)
    assert seen["firstPage"] == ["2026-01-05T09:30:00+01:00", "2026-07-01T18:00:00+02:00"]
    assert seen["allPlacedAt"] == [*seen["firstPage"], "2026-07-02T08:15:00+02:00"]
    assert seen["me"]["username"] == "ann" and seen["me"]["dateJoined"][-6:] in {"+01:00", "+02:00"}
    # useQuery rendered the cached page
    assert 'data-status="success"' in seen["html"]
    assert "paid<!-- --> at <!-- -->2026-01-05T09:30:00+01:00" in seen["html"]

    # zod's rejection is a ResponseValidationError carrying the data, not an APIError with status 200
    for key in ("legacyQuery", "legacyCall"):
        rejected = seen[key]
        assert rejected["isResponseValidationError"] is True and rejected["isAPIError"] is False, rejected
        assert rejected["data"] == {"status": "OK"}
        assert "username" in rejected["path"]
        assert rejected["status"] == 200
        assert "GET /api/member/me/legacy/: the response does not match its schema" in rejected["message"]
