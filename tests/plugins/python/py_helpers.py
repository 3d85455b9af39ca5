"""Helpers for the python generator tests: run the real pipeline on openapi-file zones, type-check
the output with mypy, and import it in an interpreter that sees only the declared dependencies."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, distribution
from pathlib import Path
from typing import Any

from revolution_core.config import load_config_file
from revolution_core.models import RunReport
from revolution_core.testing import run_pipeline as run_config
from revolution_core.testing import tree, write_revolution_toml

HERE = Path(__file__).parent
SHOP_SPEC = HERE / "drf_shop.yaml"
__all__ = ["run_pipeline", "tree", "write_project"]


def write_project(root: Path, zones: dict[str, dict[str, Any]], python: dict[str, Any] | None = None) -> Path:
    """A `revolution.toml` project whose zones read OpenAPI files; only the python generator runs."""
    write_revolution_toml(root, {"generators": ["python"], "archivers": [],
                                 "plugin_options": {"python": python or {}}, "zones": zones})
    return root


def run_pipeline(root: Path, **options: Any) -> RunReport:
    return run_config(load_config_file(root / "revolution.toml"), **options)


def mypy_strict(package_root: Path, module: str, cache: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir", str(cache), module],
        cwd=package_root, capture_output=True, text=True, timeout=300,
    )


def declared_dependencies(package_root: Path) -> list[str]:
    project = tomllib.loads((package_root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return list(project["dependencies"])


def _closure(requirements: list[str]) -> set[str]:
    from packaging.requirements import Requirement

    seen: set[str] = set()
    todo = [Requirement(r) for r in requirements]
    while todo:
        req = todo.pop()
        key = re.sub(r"[-_.]+", "-", req.name).lower()
        if key in seen or (req.marker is not None and not req.marker.evaluate({"extra": ""})):
            continue
        seen.add(key)
        try:
            todo.extend(Requirement(r) for r in distribution(req.name).requires or [])
        except PackageNotFoundError:
            raise AssertionError(f"declared dependency {req.name} is not installed in the test environment") from None
    return seen


def isolated_site(requirements: list[str], into: Path) -> Path:
    """A directory holding (symlinks to) exactly the distributions `requirements` pull in."""
    into.mkdir(parents=True, exist_ok=True)
    for name in sorted(_closure(requirements)):
        dist = distribution(name)
        tops = {Path(str(f)).parts[0] for f in dist.files or [] if not str(f).startswith("..")}
        for top in sorted(tops):
            source = Path(str(dist.locate_file(top)))
            if top.endswith(".dist-info") or top == "__pycache__" or not source.exists():
                continue
            link = into / top
            if not link.exists():
                os.symlink(source, link)
    return into


def run_isolated(code: str, paths: list[Path]) -> subprocess.CompletedProcess[str]:
    """`python -I -S`: no site-packages, no PYTHONPATH, only `paths` and the standard library."""
    prelude = f"import sys; sys.path[:0] = {[str(p) for p in paths]!r}\n"
    return subprocess.run([sys.executable, "-I", "-S", "-c", prelude + code],
                          capture_output=True, text=True, timeout=120)
