"""A real pipeline (OpenAPI-file zones, the real monorepo sync target) with stand-in generators, and a
temporary pnpm monorepo next to a directory that must never change."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import revolution_monorepo.plugin as monorepo_plugin
import revolution_openapi.plugin as openapi_plugin
from revolution_monorepo import MonorepoConfig

from revolution_core.models import GenerationJob, RunReport, ZoneOutput
from revolution_core.stages import RunContext
from revolution_core.testing import (
    RecordingReporter,
    StandInGenerator,
    StandIns,
    make_config,
    run_pipeline,
    sample_openapi,
)


class StandInTypeScript(StandInGenerator):
    """One file per component schema, so removing a schema removes a file."""

    name = "typescript"

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        (job.out_dir / "index.ts").write_text(f"export const zone = '{job.zone.name}';\n")
        (job.out_dir / "models").mkdir()
        for model in job.schema.document.get("components", {}).get("schemas", {}):
            (job.out_dir / "models" / f"{model}.ts").write_text(f"export interface {model} {{}}\n")

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> dict[str, bytes]:
        package = {"name": "@stand-in/api", "version": "2.1.0", "main": "index.ts", "types": "index.ts"}
        index = "".join(f"export * as {z.zone.name} from './{z.relative_path}';\n" for z in zones)
        return {"package.json": (json.dumps(package, indent=2) + "\n").encode(), "index.ts": index.encode()}


class StandInPython(StandInGenerator):
    name = "python"
    package_dir = "stand_in_client"
    package_files = {"pyproject.toml": b'[project]\nname = "stand-in-client"\n', "stand_in_client/__init__.py": b""}

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        (job.out_dir / "__init__.py").write_text(f"SCHEMA = {job.schema.sha256!r}\n")

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> dict[str, bytes]:
        return dict(self.package_files)


def snapshot(root: Path) -> dict[str, Any]:
    """Every entry below `root`: files by bytes, directories and symlinks by kind and target."""
    entries: dict[str, Any] = {}
    for path in sorted(root.rglob("*")):
        key = path.relative_to(root).as_posix()
        if path.is_symlink():
            entries[key] = ("link", str(path.readlink()))
        elif path.is_dir():
            entries[key] = ("dir", path.stat().st_mtime_ns)
        else:
            entries[key] = ("file", path.read_bytes(), path.stat().st_mtime_ns)
    return entries


@dataclass
class Workspace:
    """`project/` (specs, generated output), `repos/mono/` (a pnpm workspace) and `outside/` (must never
    change)."""

    base: Path
    target: dict[str, Any] = field(default_factory=dict)
    more_targets: list[dict[str, Any]] = field(default_factory=list)
    removed_models: bool = False
    zone: str = "public"

    @property
    def project(self) -> Path:
        return self.base / "project"

    @property
    def mono(self) -> Path:
        """Two levels down, so that `../../outside` from it is exactly `outside/`."""
        return self.base / "repos" / "mono"

    @property
    def outside(self) -> Path:
        return self.base / "outside"

    def write_spec(self, extra_field: str | None = None, drop_pagination: bool = False) -> None:
        document = sample_openapi("Public API", resource="items", extra_field=extra_field)
        if drop_pagination:
            document["components"]["schemas"].pop("PaginatedItemList")
            get = document["paths"]["/api/items/"]["get"]
            get["responses"]["200"]["content"]["application/json"]["schema"] = {
                "type": "array",
                "items": {"$ref": "#/components/schemas/Item"},
            }
        (self.project / "specs").mkdir(parents=True, exist_ok=True)
        (self.project / "specs" / "public.json").write_text(json.dumps(document, indent=2))

    snapshot = staticmethod(snapshot)

    def run(self, expect_ok: bool = True, **options: Any) -> RunReport:
        target = {"path": self.mono, "api_package_path": "packages/api", "package_name": "@acme/api-client"}
        targets = [MonorepoConfig(**(target | self.target)), *(MonorepoConfig(**t) for t in self.more_targets)]
        config = make_config(
            self.project,
            {self.zone: {"openapi_file": "specs/public.json"}},
            generators=["typescript", "python"],
            archivers=[],
            plugin_options={"monorepo": {"targets": [t.model_dump() for t in targets]}},
        )
        plugins = [openapi_plugin, StandIns(StandInTypeScript, StandInPython), monorepo_plugin]
        self.reporter = RecordingReporter()
        report = run_pipeline(config, plugins, entry_points=False, reporter=self.reporter, **options)
        if expect_ok:
            assert report.ok, [step.error for step in report.failures]
        return report

    def sync_error(self) -> str:
        report = self.run(expect_ok=False)
        assert len(report.failures) == 1, f"expected the sync alone to fail, got {report.failures}"
        [failure] = report.failures
        assert (failure.stage, failure.plugin) == ("sync target", "monorepo")
        assert failure.error is not None
        return failure.error


@pytest.fixture
def workspace(tmp_path: Path) -> Workspace:
    made = Workspace(tmp_path)
    made.write_spec()
    made.mono.mkdir(parents=True)
    (made.mono / "pnpm-workspace.yaml").write_text("packages:\n  - 'packages/*'\n  - 'apps/*'\n")
    (made.mono / "package.json").write_text('{"name": "acme", "private": true}\n')
    (made.mono / "apps" / "web").mkdir(parents=True)
    (made.mono / "apps" / "web" / "package.json").write_text('{"name": "web"}\n')
    made.outside.mkdir()
    (made.outside / "precious.txt").write_text("do not touch\n")
    (made.outside / "api").mkdir()
    (made.outside / "api" / "keep.ts").write_text("// someone else's file\n")
    return made
