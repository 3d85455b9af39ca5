"""Shared, session-scoped node work for the typescript generator tests: one toolchain install and one
two-zone generation through a node launcher that records every process it starts."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from ts_helpers import TWO_ZONES, Generated, node_or_fail, run_with_launcher, write_project


@pytest.fixture(scope="session")
def ts_toolchain() -> Any:
    """The pinned toolchain in the user's cache (REVOLUTION_NODE_CACHE if set): installed once, then reused."""
    from revolution_typescript.toolchain import ensure_toolchain

    node_or_fail()
    return ensure_toolchain()


@pytest.fixture(scope="session")
def two_zone_run(tmp_path_factory: pytest.TempPathFactory, ts_toolchain: Any) -> Generated:
    """`revolution run` on two openapi-file zones, package `@sample/shop-api`, through the counting node."""
    root = tmp_path_factory.mktemp("ts_two_zones")
    project = write_project(root, TWO_ZONES, plugin_options={"typescript": {"package_name": "@sample/shop-api"}})
    return run_with_launcher(project, tmp_path_factory.mktemp("launcher"))


@pytest.fixture(scope="session")
def typecheck_kit(ts_toolchain: Any) -> Path:
    """axios, zod 4 and TanStack Query (test-only lockfile), installed like the toolchain: once per cache."""
    from revolution_typescript.toolchain import cache_root, ensure_installed

    return ensure_installed(Path(__file__).parent / "typecheck_kit", cache_root(), ts_toolchain.node)
