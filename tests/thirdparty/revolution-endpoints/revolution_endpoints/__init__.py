"""A complete third-party zone source: a zone lists its endpoints as `"GET /items/"` strings in a zone
field of its own (`endpoints`), a producer of the same name turns them into an OpenAPI document, and
`revolution endpoints` lists them. Nothing here is known to the core."""

from __future__ import annotations

import click
from pydantic import BaseModel, ConfigDict, Field, field_validator

from revolution_core import hookimpl
from revolution_core.commands import ProjectContext, fail, pass_project
from revolution_core.errors import Problem, RevolutionError
from revolution_core.models import SchemaResult, Zone
from revolution_core.stages import SchemaProducer, ZoneSource

METHODS = {"GET", "POST", "PUT", "PATCH", "DELETE"}


class EndpointsZone(BaseModel):
    """The zone fields: `ZoneConfig(endpoints=["GET /items/"], base_path="/api")`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    endpoints: list[str] = Field(default_factory=list)
    base_path: str = ""

    @field_validator("endpoints")
    @classmethod
    def _method_and_path(cls, value: list[str]) -> list[str]:
        for entry in value:
            method, _, path = entry.partition(" ")
            if method not in METHODS or not path.startswith("/"):
                raise ValueError(f"{entry!r} is not 'METHOD /path/' (methods: {', '.join(sorted(METHODS))})")
        return value


class EndpointsSource(ZoneSource):
    name = "endpoints"
    ZoneOptions = EndpointsZone
    default_schema_producer = "endpoints"

    def validate(self, zones, ctx):
        return [Problem(f"zones.{name}.endpoints", "lists no endpoint") for name, spec in zones.items()
                if not spec.options.endpoints]

    def resolve(self, zones, ctx):
        return [Zone(name, spec.config, self.name, "endpoints", options=spec.options) for name, spec in zones.items()]


class EndpointsProducer(SchemaProducer):
    name = "endpoints"

    def produce(self, zone, options, ctx):
        fields = zone.options
        paths: dict = {}
        for entry in fields.endpoints:
            method, _, path = entry.partition(" ")
            operation_id = f"{method.lower()}_{path.strip('/').replace('/', '_') or 'root'}"
            paths.setdefault(fields.base_path + path, {})[method.lower()] = {
                "operationId": operation_id, "responses": {"204": {"description": "done"}}}
        return SchemaResult({"openapi": "3.0.3", "info": {"title": zone.title, "version": zone.config.version},
                             "paths": paths})


@click.command("endpoints")
@pass_project
def endpoints_command(project: ProjectContext) -> None:
    """List each endpoints zone's endpoints."""
    try:
        plan = project.plan()
    except RevolutionError as exc:
        fail(exc)
    for name, planned in plan.zones.items():
        if planned.source == "endpoints":
            fields = planned.source_options
            for entry in fields.endpoints:
                method, _, path = entry.partition(" ")
                click.echo(f"{name}: {method} {fields.base_path}{path}")


@hookimpl
def revolution_register_zone_sources():
    return [EndpointsSource]


@hookimpl
def revolution_register_schema_producers():
    return [EndpointsProducer]


@hookimpl
def revolution_register_commands():
    return [endpoints_command]
