"""Zone source and schema producer `openapi-file`: a zone's schema is read from `openapi_file`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from revolution_core import hookimpl
from revolution_core.config import ZoneConfig
from revolution_core.errors import Problem, RevolutionError
from revolution_core.models import SchemaResult, Zone
from revolution_core.stages import RunContext, SchemaProducer, ZoneSource

NAME = "openapi-file"


def _path(ctx: RunContext, zone: ZoneConfig) -> Path:
    return (ctx.project_root / (zone.openapi_file or "")).resolve()


class OpenAPIFileSource(ZoneSource):
    """Serves zones that point `openapi_file` at a YAML or JSON OpenAPI 3 document."""

    name = NAME
    default_schema_producer = NAME

    @classmethod
    def accepts(cls, zone: ZoneConfig) -> bool:
        return zone.openapi_file is not None

    def validate(self, zones: Mapping[str, ZoneConfig], ctx: RunContext) -> list[Problem]:
        problems = []
        for name, zone in zones.items():
            if not zone.openapi_file:
                problems.append(Problem(f"zones.{name}.openapi_file", "missing: point it at an OpenAPI file"))
            elif not _path(ctx, zone).is_file():
                problems.append(
                    Problem(
                        f"zones.{name}.openapi_file",
                        f"file not found: {_path(ctx, zone)} "
                        f"(paths are relative to the project root {ctx.project_root})",
                    )
                )
        return problems

    def resolve(self, zones: Mapping[str, ZoneConfig], ctx: RunContext) -> list[Zone]:
        return [
            Zone(name, zone, NAME, zone.schema_producer or NAME, {"path": str(_path(ctx, zone))})
            for name, zone in zones.items()
        ]


class OpenAPIFileProducer(SchemaProducer):
    """Loads the document and fills `info` from the zone's title, description and version when given."""

    name = NAME

    def produce(self, zone: Zone, options: BaseModel, ctx: RunContext) -> SchemaResult:
        path = Path(zone.extras["path"])
        document = load_document(path, zone.name)
        info = dict(document.get("info") or {})
        if zone.config.title:
            info["title"] = zone.config.title
        if zone.config.description:
            info["description"] = zone.config.description
        info.setdefault("title", zone.title)
        info.setdefault("version", zone.config.version)
        return SchemaResult({**document, "info": info})


def load_document(path: Path, zone: str) -> dict[str, Any]:
    """Parse YAML or JSON; a clear error when it is not an OpenAPI 3 document."""
    import yaml

    text = path.read_text(encoding="utf-8")
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        document = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=loader)
    except (ValueError, yaml.YAMLError) as exc:
        raise RevolutionError(f"zone '{zone}': {path} is not valid {path.suffix.lstrip('.').upper()}: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3"):
        raise RevolutionError(
            f"zone '{zone}': {path} is not an OpenAPI 3 document (no `openapi: 3.x` field); "
            "convert Swagger 2.0 documents first"
        )
    return document


@hookimpl
def revolution_register_zone_sources() -> list[type[ZoneSource]]:
    return [OpenAPIFileSource]


@hookimpl
def revolution_register_schema_producers() -> list[type[SchemaProducer]]:
    return [OpenAPIFileProducer]
