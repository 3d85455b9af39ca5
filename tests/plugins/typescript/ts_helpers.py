"""Helpers for the typescript generator tests (a module with a unique name, importable from tests)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from revolution_core.models import GenerationJob
from revolution_core.stages import RunContext
from revolution_core.testing import RevolutionProject, make_context, make_job, sample_openapi

SPECS = Path(__file__).parent / "specs"
TWO_ZONES = {
    "public": {"openapi_file": "specs/shop.json", "generators": ["typescript"]},
    "client": {"openapi_file": "specs/orders.json", "generators": ["typescript"]},
}


def node_or_fail() -> str:
    node = shutil.which("node")
    if not node:
        pytest.fail("these tests need node on PATH (the typescript generator drives @hey-api/openapi-ts)")
    return node


def counting_launcher(folder: Path, log: Path, real_node: str) -> Path:
    """A `node` that appends its arguments to `log` (one line per process), then runs the real node."""
    folder.mkdir(parents=True, exist_ok=True)
    launcher = folder / "node"
    launcher.write_text(f'#!/bin/sh\necho "$@" >> "{log}"\nexec "{real_node}" "$@"\n', encoding="utf-8")
    launcher.chmod(launcher.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return launcher


def write_project(root: Path, zones: dict[str, dict[str, Any]], **settings: Any) -> RevolutionProject:
    (root / "specs").mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SPECS / "shop.json", root / "specs" / "shop.json")
    (root / "specs" / "orders.json").write_text(json.dumps(sample_openapi("Orders API", resource="orders")))
    settings.setdefault("archivers", [])
    return RevolutionProject(root, {"zones": zones, **settings}).write()


@dataclass
class Generated:
    project: RevolutionProject
    output: str
    exit_code: int
    launches: list[str]

    @property
    def package(self) -> Path:
        return self.project.root / "clients" / "typescript"

    @property
    def driver_launches(self) -> list[str]:
        return [line for line in self.launches if "driver.mjs" in line]


def run_with_launcher(project: RevolutionProject, launcher_dir: Path, *args: str) -> Generated:
    """`revolution run` in-process, with REVOLUTION_NODE pointing at a counting launcher."""
    log = launcher_dir / "launches.log"
    launcher = counting_launcher(launcher_dir, log, node_or_fail())
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("REVOLUTION_NODE", str(launcher))
        result = project.run("run", *args)
    launches = log.read_text(encoding="utf-8").splitlines() if log.is_file() else []
    return Generated(project, result.output, result.exit_code, launches)


def run_tsc(toolchain: Any, package: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([toolchain.node, str(toolchain.tsc), "-p", str(package / "tsconfig.json"), *args],
                          capture_output=True, text=True, check=False, env={**os.environ, "NO_COLOR": "1"})


def context(root: Path, zones: Sequence[str]) -> RunContext:
    return make_context(root, zones)


def job_for(root: Path, zone: str, document: dict[str, Any], options: BaseModel | None = None) -> GenerationJob:
    """A generation job as the pipeline would build it, writing into `root/clients/typescript/<zone>`."""
    from revolution_typescript.options import TypeScriptZoneOptions

    return make_job(root / "clients" / "typescript" / zone, zone, document, options or TypeScriptZoneOptions())
