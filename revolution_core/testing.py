"""Test helpers for plugin authors, used by this project's own plugin tests too (loaded as a pytest plugin
through the `pytest11` entry point).

A third-party `revolution-<lang>` package tests its generator through the CLI in a few lines:

    def test_my_generator(revolution_project):
        project = revolution_project(zones={"public": {"generators": ["kotlin"]}})
        result = project.run("run", "--json")
        assert result.exit_code == 0, result.output
        assert (project.root / "clients/kotlin/public").is_dir()

or one stage in isolation:

    job = make_job(tmp_path / "out", "public", sample_openapi(), KotlinGenerator.ZoneOptions())
    KotlinGenerator(KotlinGenerator.Options()).generate([job], make_context(tmp_path, ["public"]))

and an archiver or sync target behind stand-in generators (`stand_in("typescript")`), without node.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
from pydantic import BaseModel

from revolution_core import hookimpl
from revolution_core.config import RevolutionConfig, ZoneConfig, load_config_file, parse_config
from revolution_core.models import (
    GenerationJob,
    RunReport,
    SchemaArtifact,
    StepResult,
    Zone,
    ZoneOutput,
    canonical_sha256,
)
from revolution_core.plugins import Registry, build_registry
from revolution_core.stages import Generator, RunContext


def sample_openapi(
    title: str = "Sample API", resource: str = "items", extra_field: str | None = None
) -> dict[str, Any]:
    """A small, valid OpenAPI 3.0 document with a paginated list, a retrieve and a create."""
    item_props: dict[str, Any] = {"id": {"type": "integer", "readOnly": True}, "name": {"type": "string"}}
    if extra_field:
        item_props[extra_field] = {"type": "string", "nullable": True}
    model = resource.rstrip("s").capitalize() or "Item"
    return {
        "openapi": "3.0.3",
        "info": {"title": title, "version": "1.0.0"},
        "paths": {
            f"/api/{resource}/": {
                "get": {
                    "operationId": f"list_{resource}",
                    "tags": [resource],
                    "parameters": [{"name": "page", "in": "query", "required": False, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "",
                            "content": {
                                "application/json": {"schema": {"$ref": f"#/components/schemas/Paginated{model}List"}}
                            },
                        }
                    },
                },
                "post": {
                    "operationId": f"create_{resource}",
                    "tags": [resource],
                    "requestBody": {
                        "required": True,
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
                    },
                    "responses": {
                        "201": {
                            "description": "",
                            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
                        }
                    },
                },
            },
            f"/api/{resource}/{{id}}/": {
                "get": {
                    "operationId": f"retrieve_{resource}",
                    "tags": [resource],
                    "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                    "responses": {
                        "200": {
                            "description": "",
                            "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{model}"}}},
                        }
                    },
                }
            },
        },
        "components": {
            "schemas": {
                model: {"type": "object", "properties": item_props, "required": ["id", "name"]},
                f"Paginated{model}List": {
                    "type": "object",
                    "required": ["count", "results"],
                    "properties": {
                        "count": {"type": "integer"},
                        "next": {"type": "string", "nullable": True, "format": "uri"},
                        "previous": {"type": "string", "nullable": True, "format": "uri"},
                        "results": {"type": "array", "items": {"$ref": f"#/components/schemas/{model}"}},
                    },
                },
            }
        },
    }


class RecordingReporter:
    """A pipeline reporter that keeps what it is told: `Pipeline(config, registry, RecordingReporter())`."""

    def __init__(self) -> None:
        self.messages: list[str] = []
        self.steps: list[StepResult] = []

    def step_started(self, stage: str, plugin: str, zone: str | None) -> None:
        pass

    def step_finished(self, step: StepResult) -> None:
        self.steps.append(step)

    def message(self, text: str) -> None:
        self.messages.append(text)


def toml_value(value: Any) -> str:
    """A Python value as an inline TOML value (enough for configuration files)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value))
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


def write_revolution_toml(root: Path, settings: Mapping[str, Any]) -> Path:
    """`root/revolution.toml` holding `settings` (top-level keys; dict values become tables)."""
    lines = [f"{key} = {toml_value(value)}" for key, value in settings.items() if not isinstance(value, dict)]
    for key, value in settings.items():
        if isinstance(value, dict):
            for name, table in value.items():
                if isinstance(table, dict):
                    lines += ["", f"[{key}.{json.dumps(name) if not name.isidentifier() else name}]"]
                    lines += [f"{k} = {toml_value(v)}" for k, v in table.items()]
                else:
                    lines += ["", f"[{key}]", f"{name} = {toml_value(table)}"]
    root.mkdir(parents=True, exist_ok=True)
    path = root / "revolution.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def make_config(root: Path, zones: Mapping[str, Mapping[str, Any]], **settings: Any) -> RevolutionConfig:
    """A validated configuration for `zones` (each a dict of zone settings) rooted at `root`."""
    return parse_config({"project_root": root, "zones": dict(zones), **settings}, source="test configuration")


def make_context(root: Path, zones: Sequence[str] = ("public",), **settings: Any) -> RunContext:
    """A `RunContext` for calling one stage by hand (zones are OpenAPI-file zones that need no file)."""
    return RunContext(config=make_config(root, {name: {"openapi_file": f"{name}.json"} for name in zones}, **settings))


def make_job(out_dir: Path, zone: str, document: Mapping[str, Any], options: BaseModel,
             relative_path: PurePosixPath | None = None) -> GenerationJob:
    """A generation job as the pipeline builds it: `out_dir` (created, empty) receives the client."""
    out_dir.mkdir(parents=True, exist_ok=True)
    artifact = SchemaArtifact(zone, document, canonical_sha256(document), ())
    resolved = Zone(zone, ZoneConfig(), "openapi-file", "openapi-file")
    return GenerationJob(resolved, artifact, out_dir, relative_path or PurePosixPath(zone), options)


def run_pipeline(config: RevolutionConfig, plugins: Iterable[Any] = (), *, entry_points: bool = True,
                 reporter: Any = None, **options: Any) -> RunReport:
    """The real pipeline on `config`, with `plugins` registered in code (and the installed ones unless
    `entry_points=False`); `options` are `RunOptions` fields (zones=[...], force=True, ...)."""
    from revolution_core.pipeline import Pipeline, RunOptions

    registry = build_registry(list(plugins), load_entry_points=entry_points)
    return Pipeline(config, registry, reporter).run(RunOptions(**options))


def tree(base: Path) -> dict[str, bytes]:
    """Every file below `base` as {relative path: bytes} (caches and the core's state files left out), for
    byte-for-byte comparisons."""
    return {
        p.relative_to(base).as_posix(): p.read_bytes()
        for p in sorted(base.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts and not p.name.startswith(".revolution")
    }


class StandInGenerator(Generator):
    """A generator to test what comes after generation (archivers, sync targets) without the real tools:
    per zone an `index` file and one file per component schema (so schema changes add or remove files);
    whole-run files from `package_files`. Subclass it with a `name` (and `package_dir` to nest zones)."""

    package_dir: str = ""
    package_files: dict[str, bytes] = {}

    def version(self) -> str:
        return f"{self.name}-stand-in-1.0.0"

    def zone_path(self, zone: Zone, options: BaseModel) -> PurePosixPath:
        return PurePosixPath(self.package_dir) / zone.name if self.package_dir else PurePosixPath(zone.name)

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        document = job.schema.document
        (job.out_dir / "index.txt").write_text(f"{job.zone.name} {sorted(document.get('paths', {}))}\n")
        models = job.out_dir / "models"
        models.mkdir()
        for model, body in (document.get("components") or {}).get("schemas", {}).items():
            (models / f"{model}.json").write_text(json.dumps(body, sort_keys=True) + "\n")

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> Mapping[str, bytes]:
        index = "".join(f"{output.zone.name} {output.relative_path}\n" for output in zones)
        return {"index.txt": index.encode(), **self.package_files}


def stand_in(name: str, package_dir: str = "", package_files: Mapping[str, bytes] | None = None) -> type[Generator]:
    """A `StandInGenerator` registered as `name` (e.g. "typescript", where a sync target looks for it)."""
    return type(f"StandIn_{name}", (StandInGenerator,),
                {"name": name, "package_dir": package_dir, "package_files": dict(package_files or {})})


class StandIns:
    """A plugin object registering the given stand-in generator classes: `run_pipeline(config, [StandIns(...)])`."""

    def __init__(self, *generators: type[Generator]) -> None:
        self.generators = list(generators)

    @hookimpl
    def revolution_register_generators(self) -> list[type[Generator]]:
        return self.generators


@dataclass
class RevolutionProject:
    """A throw-away project configured through `[tool.revolution]` with OpenAPI-file zones."""

    root: Path
    settings: dict[str, Any] = field(default_factory=dict)
    plugins: list[Any] = field(default_factory=list)

    def write(self) -> RevolutionProject:
        lines = ["[project]", 'name = "sample"', 'version = "1.0.0"', "", "[tool.revolution]"]
        lines += [f"{key} = {toml_value(value)}" for key, value in self.settings.items()]
        (self.root / "pyproject.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
        return self

    def config(self) -> RevolutionConfig:
        return load_config_file(self.root / "pyproject.toml")

    def registry(self, **kwargs: Any) -> Registry:
        return build_registry(self.plugins, **kwargs)

    def run(self, *args: str) -> Any:
        """Invoke the `revolution` CLI in-process on this project; returns click's `Result`."""
        from click.testing import CliRunner

        from revolution_core.cli import cli

        argv = ["--project", str(self.root), *args]
        return CliRunner().invoke(cli, argv, obj={"plugins": self.plugins}, catch_exceptions=False)

    def tree(self, *parts: str) -> dict[str, bytes]:
        """Every file below `root/parts...` as {relative path: bytes}, for byte-for-byte comparisons."""
        base = self.root.joinpath(*parts)
        return {p.relative_to(base).as_posix(): p.read_bytes() for p in sorted(base.rglob("*")) if p.is_file()}

    def pipeline(self, **options: Any) -> RunReport:
        """The pipeline in-process on this project (its plugins plus the installed ones), for its report."""
        return run_pipeline(self.config(), self.plugins, **options)


ProjectFactory = Callable[..., RevolutionProject]


@pytest.fixture
def revolution_project(tmp_path: Path) -> ProjectFactory:
    """Factory: `revolution_project(zones={"public": {"generators": ["x"]}}, plugins=[my_plugin_module])`.

    Each zone gets a sample OpenAPI file unless it sets `openapi_file`; archiving is off unless
    `archivers` is given.
    """

    def make(
        zones: dict[str, dict[str, Any]],
        plugins: Iterable[Any] = (),
        documents: dict[str, Any] | None = None,
        **settings: Any,
    ) -> RevolutionProject:
        specs = tmp_path / "specs"
        specs.mkdir(exist_ok=True)
        zone_settings = {}
        for name, zone in zones.items():
            zone = dict(zone)
            if "openapi_file" not in zone:
                document = (documents or {}).get(name) or sample_openapi(
                    f"{name.title()} API", resource=f"{name}_items"
                )
                (specs / f"{name}.json").write_text(json.dumps(document, indent=2), encoding="utf-8")
                zone["openapi_file"] = f"specs/{name}.json"
            zone_settings[name] = zone
        settings.setdefault("archivers", [])
        project = RevolutionProject(tmp_path, {"zones": zone_settings, **settings}, list(plugins))
        return project.write()

    return make
