"""Test helpers for plugin authors (loaded as a pytest plugin through the `pytest11` entry point).

A third-party `revolution-<lang>` package tests its generator in a few lines:

    def test_my_generator(revolution_project):
        project = revolution_project(zones={"public": {"generators": ["kotlin"]}})
        result = project.run("run", "--json")
        assert result.exit_code == 0, result.output
        assert (project.root / "clients/kotlin/public").is_dir()
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from revolution_core.config import RevolutionConfig, load_config_file
from revolution_core.models import StepResult
from revolution_core.plugins import Registry, build_registry


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


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str | Path):
        return json.dumps(str(value))
    if isinstance(value, dict):
        return "{ " + ", ".join(f"{json.dumps(k)} = {_toml_value(v)}" for k, v in value.items()) + " }"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(f"cannot write {value!r} as TOML")


@dataclass
class RevolutionProject:
    """A throw-away project configured through `[tool.revolution]` with OpenAPI-file zones."""

    root: Path
    settings: dict[str, Any] = field(default_factory=dict)
    plugins: list[Any] = field(default_factory=list)

    def write(self) -> RevolutionProject:
        lines = ["[project]", 'name = "sample"', 'version = "1.0.0"', "", "[tool.revolution]"]
        lines += [f"{key} = {_toml_value(value)}" for key, value in self.settings.items()]
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
