"""A real pipeline (OpenAPI-file zones, the real archiver) with two tiny stand-in generators, so the
archiver's tests need neither Django nor node."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import revolution_archive.plugin as archive_plugin
import revolution_openapi.plugin as openapi_plugin

from revolution_core.config import RevolutionConfig
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
    """One file per component schema, so a schema change adds or removes files."""

    name = "typescript"

    def version(self) -> str:
        return "ts-9.9.9"

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        schemas = job.schema.document.get("components", {}).get("schemas", {})
        (job.out_dir / "index.ts").write_text(
            f"// {job.zone.name}\nexport const paths = {json.dumps(sorted(job.schema.document['paths']))};\n"
        )
        (job.out_dir / "models").mkdir()
        for model, body in schemas.items():
            (job.out_dir / "models" / f"{model}.ts").write_text(f"export type {model} = {json.dumps(body)};\n")

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> dict[str, bytes]:
        package = {"name": "@stand-in/api", "version": "1.0.0", "main": "index.ts"}
        index = "".join(f"export * as {z.zone.name} from './{z.relative_path}';\n" for z in zones)
        return {"package.json": (json.dumps(package, indent=2) + "\n").encode(), "index.ts": index.encode()}


class StandInPython(StandInGenerator):
    """Zones under a package dir, plus a bytecode cache that must never be archived."""

    name = "python"
    package_dir = "stand_in_client"

    def version(self) -> str:
        return "py-1.2.3"

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        (job.out_dir / "__init__.py").write_text(f'"""{job.zone.name}"""\n')
        (job.out_dir / "models.py").write_text(f"SCHEMA = {job.schema.sha256!r}\n")
        (job.out_dir / "__pycache__").mkdir()
        (job.out_dir / "__pycache__" / "models.cpython-311.pyc").write_bytes(b"\x00cache")

    package_files = {"pyproject.toml": b'[project]\nname = "stand-in-client"\n', "stand_in_client/__init__.py": b""}

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> dict[str, bytes]:
        return dict(self.package_files)


@dataclass
class Project:
    """A temp project with zones `public` and `client`; `revise()` changes a zone's schema."""

    root: Path
    settings: dict[str, Any] = field(default_factory=dict)
    revision: int = 0
    extra_plugins: list[Any] = field(default_factory=list)

    def write_spec(self, zone: str, extra_field: str | None = None) -> None:
        document = sample_openapi(f"{zone.title()} API", resource=f"{zone}_items", extra_field=extra_field)
        (self.root / "specs").mkdir(exist_ok=True)
        (self.root / "specs" / f"{zone}.json").write_text(json.dumps(document, indent=2))

    def revise(self, zone: str = "public") -> None:
        self.revision += 1
        self.write_spec(zone, extra_field=f"field_{self.revision}")

    def config(self) -> RevolutionConfig:
        zones = {z: {"openapi_file": f"specs/{z}.json"} for z in ("public", "client")}
        settings = {"generators": ["typescript", "python"], "project_version": "1.2.3"} | self.settings
        return make_config(self.root, zones, **settings)

    def run(self, **options: Any) -> RunReport:
        plugins = [openapi_plugin, StandIns(StandInTypeScript, StandInPython), archive_plugin, *self.extra_plugins]
        self.reporter = RecordingReporter()
        report = run_pipeline(self.config(), plugins, entry_points=False, reporter=self.reporter, **options)
        assert not [s.error for s in report.failures], report.failures
        return report

    def ctx(self) -> RunContext:
        return RunContext(config=self.config())

    def tree(self, *parts: str) -> dict[str, bytes]:
        base = self.root.joinpath(*parts)
        return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}

    def archive_dir(self) -> Path:
        return self.root / "openapi/archive"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    root = tmp_path / "project"
    root.mkdir()
    made = Project(root)
    made.write_spec("public")
    made.write_spec("client")
    return made
