"""Baselines of the fault suite, made once per session with the real tools: the example project's output
(both clients type-checked, archives), the same zones as an OpenAPI-file project (configuration in
pyproject.toml, so a case can change settings), and the small lab project. Each case works on a copy."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from faultkit import PYTHON, SPEC_PYPROJECT, Project, base_env, require


def write_spec_project(root: Path, schemas: Path, python_package: str = "example-api-client") -> None:
    (root / "specs").mkdir(parents=True, exist_ok=True)
    for zone in ("public", "client", "admin"):
        shutil.copyfile(schemas / f"{zone}.yaml", root / "specs" / f"{zone}.yaml")
    (root / "pyproject.toml").write_text(SPEC_PYPROJECT.format(python_package=python_package), encoding="utf-8")


def type_check(out: Path) -> None:
    """tsc --strict over the TypeScript package and mypy --strict over the Python one."""
    from revolution_typescript.toolchain import ensure_toolchain

    toolchain = ensure_toolchain()
    ts = out / "clients" / "typescript"
    result = subprocess.run([toolchain.node, str(toolchain.tsc), "-p", str(ts / "tsconfig.json"), "--noEmit",
                             "--strict"], capture_output=True, text=True, env=base_env())
    assert result.returncode == 0, result.stdout + result.stderr
    py = out / "clients" / "python"
    result = subprocess.run([PYTHON, "-m", "mypy", "--strict", "--no-error-summary", "--cache-dir",
                             str(out.parent / "mypy-cache"), "example_api_client"], cwd=py, capture_output=True,
                            text=True, env=base_env())
    assert result.returncode == 0, result.stdout + result.stderr


def build_once(tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], None]) -> Path:
    from filelock import FileLock

    base = tmp_path_factory.getbasetemp()
    base = base.parent if base.name.startswith("popen-gw") else base
    folder = base / f"faults-{name}"
    with FileLock(str(base / f"faults-{name}.lock")):
        if not (folder / "ready").is_file():
            if folder.exists():
                shutil.rmtree(folder)
            folder.mkdir()
            build(folder)
            (folder / "ready").write_text("")
    return folder


@pytest.fixture(scope="session")
def example_baseline(tmp_path_factory: pytest.TempPathFactory) -> Project:
    """example_project generated once (schemas, TypeScript and Python clients, archives), type-checked."""
    def build(root: Path) -> None:
        project = Project(root, root / "out", "example")
        require(project.run())
        type_check(project.out)

    root = build_once(tmp_path_factory, "example", build)
    return Project(root, root / "out", "example")


@pytest.fixture(scope="session")
def spec_baseline(tmp_path_factory: pytest.TempPathFactory, example_baseline: Project) -> Project:
    """The example's zones as OpenAPI files in a pyproject.toml project, generated once."""
    def build(root: Path) -> None:
        write_spec_project(root, example_baseline.out / "openapi" / "schemas")
        require(Project(root, root, "spec").run())

    root = build_once(tmp_path_factory, "spec", build)
    return Project(root, root, "spec")


@pytest.fixture(scope="session")
def lab_baseline(tmp_path_factory: pytest.TempPathFactory) -> Project:
    def build(root: Path) -> None:
        require(Project(root, root / "out", "lab").run())

    root = build_once(tmp_path_factory, "lab", build)
    return Project(root, root / "out", "lab")


def copy_of(baseline: Project, tmp_path: Path) -> Project:
    root = tmp_path / "project"
    if baseline.kind == "spec":
        shutil.copytree(baseline.root, root, symlinks=True)
        return Project(root, root, "spec")
    shutil.copytree(baseline.out, root / "out", symlinks=True)
    return Project(root, root / "out", baseline.kind)


@pytest.fixture
def example(example_baseline: Project, tmp_path: Path) -> Project:
    return copy_of(example_baseline, tmp_path)


@pytest.fixture
def spec(spec_baseline: Project, tmp_path: Path) -> Project:
    return copy_of(spec_baseline, tmp_path)


@pytest.fixture
def lab(lab_baseline: Project, tmp_path: Path) -> Project:
    return copy_of(lab_baseline, tmp_path)
