"""Zone source and schema producer `openapi-file`: a zone's schema is read from `openapi_file`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from revolution_core import hookimpl
from revolution_core.errors import Problem, RevolutionError
from revolution_core.models import SchemaResult, Zone, ZoneSpec
from revolution_core.stages import RunContext, SchemaProducer, ZoneSource

NAME = "openapi-file"


class OpenAPIFileZone(BaseModel):
    """The zone field this source reads: `ZoneConfig(openapi_file="specs/public.yaml")`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    openapi_file: str | None = Field(None, description="the zone's OpenAPI 3 document, relative to the project root")


def _path(ctx: RunContext, spec: ZoneSpec) -> Path:
    assert isinstance(spec.options, OpenAPIFileZone)
    return (ctx.project_root / (spec.options.openapi_file or "")).resolve()


class OpenAPIFileSource(ZoneSource):
    """Serves zones that point `openapi_file` at a YAML or JSON OpenAPI 3 document."""

    name = NAME
    ZoneOptions = OpenAPIFileZone
    default_schema_producer = NAME

    def validate(self, zones: Mapping[str, ZoneSpec], ctx: RunContext) -> list[Problem]:
        problems = []
        for name, spec in zones.items():
            assert isinstance(spec.options, OpenAPIFileZone)
            if not spec.options.openapi_file:
                problems.append(Problem(f"zones.{name}.openapi_file", "missing: point it at an OpenAPI file"))
            elif not _path(ctx, spec).is_file():
                problems.append(
                    Problem(
                        f"zones.{name}.openapi_file",
                        f"file not found: {_path(ctx, spec)} "
                        f"(paths are relative to the project root {ctx.project_root})",
                    )
                )
        return problems

    def resolve(self, zones: Mapping[str, ZoneSpec], ctx: RunContext) -> list[Zone]:
        return [
            Zone(name, spec.config, NAME, spec.config.schema_producer or NAME, {"path": str(_path(ctx, spec))},
                 options=spec.options)
            for name, spec in zones.items()
        ]


class OpenAPIFileProducer(SchemaProducer):
    """Loads the document and fills `info` from the zone's title, description and version when given."""

    name = NAME

    def produce(self, zone: Zone, options: BaseModel, ctx: RunContext) -> SchemaResult:
        path = Path(zone.extras["path"])
        document = load_document(path, zone.name)
        check_local_refs(document, path, zone.name)
        info = dict(document.get("info") or {})
        if zone.config.title:
            info["title"] = zone.config.title
        if zone.config.description:
            info["description"] = zone.config.description
        info.setdefault("title", zone.title)
        info.setdefault("version", zone.config.version)
        return SchemaResult({**document, "info": info}, inputs=(path,))


def load_document(path: Path, zone: str) -> dict[str, Any]:
    """Parse YAML or JSON; a clear error when it is not an OpenAPI 3 document."""
    import yaml

    text = path.read_text(encoding="utf-8")
    try:
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        document = json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark is not None else str(path)
        problem = " ".join(str(part) for part in (getattr(exc, "context", None), getattr(exc, "problem", None)) if part)
        raise RevolutionError(f"zone '{zone}': {where} is not valid YAML: {problem or exc}") from None
    except ValueError as exc:
        raise RevolutionError(f"zone '{zone}': {path} is not valid JSON: {exc}") from None
    if not isinstance(document, dict) or not str(document.get("openapi", "")).startswith("3"):
        raise RevolutionError(
            f"zone '{zone}': {path} is not an OpenAPI 3 document (no `openapi: 3.x` field); "
            "convert Swagger 2.0 documents first"
        )
    return document


def check_local_refs(document: dict[str, Any], path: Path, zone: str) -> None:
    """Every `$ref: '#/...'` must point into the document: a dangling one would otherwise fail later, in a
    generator, far from its cause (openapi-ts: "Cannot read properties of null")."""
    dangling: dict[str, str] = {}

    def resolves(ref: str) -> bool:
        node: Any = document
        for part in ref[2:].split("/") if ref != "#" else []:
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                return False
        return True

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and ref.startswith("#") and ref not in dangling and not resolves(ref):
                dangling[ref] = where or "the document"
            for key, value in node.items():
                walk(value, f"{where}.{key}" if where else str(key))
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(document, "")
    if dangling:
        listed = "; ".join(f"{ref} (used at {where})" for ref, where in list(dangling.items())[:5])
        more = f" and {len(dangling) - 5} more" if len(dangling) > 5 else ""
        raise RevolutionError(
            f"zone '{zone}': {path} refers to what it does not define: {listed}{more}; add the missing "
            "definitions (e.g. under components.schemas) or fix the $ref"
        )


@hookimpl
def revolution_register_zone_sources() -> list[type[ZoneSource]]:
    return [OpenAPIFileSource]


@hookimpl
def revolution_register_schema_producers() -> list[type[SchemaProducer]]:
    return [OpenAPIFileProducer]


@hookimpl
def revolution_fingerprint_inputs(config: Any) -> Any:
    """Each zone's OpenAPI file."""
    from revolution_core.fingerprint import InputDeclaration

    files = []
    for zone in config.zones.values():
        given = zone.source_fields().get("openapi_file")
        if isinstance(given, str) and given:
            files.append((config.project_root / given).resolve())
    return InputDeclaration(files=tuple(files)) if files else None
