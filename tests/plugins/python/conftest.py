"""Session-scoped generation for the python generator tests: one pipeline run on the DRF-like shop
document (two zones from it), its mypy result, and the generated package imported in this process."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from py_helpers import SHOP_SPEC, run_pipeline, write_project

SHOP_OPTIONS = {"package_name": "shop-client", "refresh_path": "/api/shop/token/refresh/"}


@pytest.fixture(scope="session")
def shop_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Project root after `revolution run` on zones `shop` and `backoffice` (same document)."""
    root = tmp_path_factory.mktemp("python_shop")
    (root / "specs").mkdir()
    (root / "specs" / "shop.yaml").write_bytes(SHOP_SPEC.read_bytes())
    write_project(root, {"shop": {"openapi_file": "specs/shop.yaml"},
                         "backoffice": {"openapi_file": "specs/shop.yaml", "title": "Back office"}}, SHOP_OPTIONS)
    report = run_pipeline(root)
    assert report.ok, report.to_dict()
    return root


@pytest.fixture(scope="session")
def shop_package(shop_root: Path) -> Iterator[ModuleType]:
    """The generated `shop_client` package, imported in the test process."""
    path = str(shop_root / "clients" / "python")
    sys.path.insert(0, path)
    try:
        yield importlib.import_module("shop_client")
    finally:
        sys.path.remove(path)
