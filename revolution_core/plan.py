"""Check a configuration against the loaded plugins and resolve it into a `RunPlan`.

Every problem is collected (not just the first), each located at the setting at fault.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from revolution_core.config import PluginSelection, RevolutionConfig
from revolution_core.errors import ConfigError, PluginError, Problem
from revolution_core.plugins import Registry, unknown_plugin_message
from revolution_core.stages import RunContext, ZoneSource


@dataclass(frozen=True)
class PlannedZone:
    name: str
    source: str
    schema_producer: str
    source_options: BaseModel
    schema_options: BaseModel
    generators: dict[str, BaseModel]


@dataclass
class RunPlan:
    zones: dict[str, PlannedZone] = field(default_factory=dict)
    generator_options: dict[str, BaseModel] = field(default_factory=dict)
    archivers: dict[str, BaseModel] = field(default_factory=dict)
    sync_targets: dict[str, BaseModel] = field(default_factory=dict)


def _options(
    registry: Registry,
    stage: str,
    name: str,
    raw: dict[str, Any],
    where: str,
    problems: list[Problem],
    options_at: str | None = None,
    keys: set[str] | None = None,
) -> BaseModel | None:
    """The plugin's validated `Options`; an unknown name is reported at `where`, bad options at
    `options_at` (default `<where>.options`), keeping only errors about `keys` when given (the others
    were reported where they were written)."""
    try:
        cls = registry.get(stage, name)
    except PluginError as exc:
        problems.append(Problem(where, str(exc)))
        return None
    try:
        return cls.Options.model_validate(raw)
    except ValidationError as exc:
        from revolution_core.config import problems_from_validation

        prefix = options_at or f"{where}.options"
        problems.extend(problems_from_validation(exc, prefix, fields=list(cls.Options.model_fields), keys=keys))
        return None


def _choose_source(registry: Registry, config: RevolutionConfig, zone: str, problems: list[Problem]) -> str | None:
    zone_config = config.zones[zone]
    if zone_config.source:
        return zone_config.source
    for name in registry.names("zone_sources"):
        cls = registry.get("zone_sources", name)
        if issubclass(cls, ZoneSource) and cls.accepts(zone_config):
            return name
    loaded = ", ".join(registry.names("zone_sources")) or "none"
    problems.append(
        Problem(
            f"zones.{zone}",
            "no zone source serves this zone: give it `apps` (a Django zone, needs the django plugin) or "
            f"`openapi_file` (an OpenAPI document); zone sources loaded: {loaded}",
        )
    )
    return None


def build_plan(
    config: RevolutionConfig, registry: Registry, zones: list[str] | None = None, generators: list[str] | None = None
) -> RunPlan:
    """Resolve which plugins run for which zone, with validated options, or raise `ConfigError`."""
    problems: list[Problem] = [Problem("plugins", message) for message in registry.problems]
    for i, name in enumerate(zones or []):
        if name not in config.zones:
            problems.append(Problem(f"--zones[{i}]", f"unknown zone '{name}'; configured: {', '.join(config.zones)}"))
    for i, name in enumerate(generators or []):
        if name not in registry.names("generators"):
            problems.append(
                Problem(f"--generators[{i}]", unknown_plugin_message("generators", name, registry.names("generators")))
            )
    plan = RunPlan()
    for key in config.plugin_options:
        if not any(key in registry.names(stage) for stage in registry.classes):
            problems.append(Problem(f"plugin_options.{key}", "names no loaded plugin; see `revolution plugins`"))

    for zone_name, zone_config in config.zones.items():
        where = f"zones.{zone_name}"
        source = _choose_source(registry, config, zone_name, problems)
        producer = zone_config.schema_producer
        if source and not producer and source in registry.names("zone_sources"):
            producer = getattr(registry.get("zone_sources", source), "default_schema_producer", "") or None
        source_options = (
            _options(registry, "zone_sources", source, zone_config.source_options, f"{where}.source", problems)
            if source
            else None
        )
        schema_options = None
        if producer:
            schema_options = _options(
                registry, "schema_producers", producer, zone_config.schema_options, f"{where}.schema_producer", problems
            )
        elif source:
            problems.append(Problem(f"{where}.schema_producer", f"zone source '{source}' names no default; set one"))
        chosen: dict[str, BaseModel] = {}
        own = zone_config.generators is not None
        for i, selection in enumerate(config.zone_generators(zone_name)):
            at = f"{where}.generators[{i}]" if own else f"generators[{i}]"
            merged = config.options_for(selection.name, selection)
            opts = _options(registry, "generators", selection.name, merged, at, problems, keys=set(selection.options))
            if opts is not None:
                chosen[selection.name] = opts
        if source_options is not None and schema_options is not None and source and producer:
            plan.zones[zone_name] = PlannedZone(zone_name, source, producer, source_options, schema_options, chosen)

    used = {s.name for zone in config.zones for s in config.zone_generators(zone)} | set(config.plugin_options)
    for name in sorted(used & set(registry.names("generators"))):
        opts = _options(
            registry,
            "generators",
            name,
            config.options_for(name),
            f"plugin_options.{name}",
            problems,
            options_at=f"plugin_options.{name}",
        )
        if opts is not None:
            plan.generator_options[name] = opts
    _stage_list(registry, config, "archivers", config.archivers, plan.archivers, problems)
    _stage_list(registry, config, "sync_targets", config.selected_sync_targets(), plan.sync_targets, problems)
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)))  # run-wide defaults are checked once per zone
    return plan


def _stage_list(
    registry: Registry,
    config: RevolutionConfig,
    stage: str,
    selections: list[PluginSelection],
    into: dict[str, BaseModel],
    problems: list[Problem],
) -> None:
    for i, selection in enumerate(selections):
        opts = _options(
            registry, stage, selection.name, config.options_for(selection.name, selection), f"{stage}[{i}]", problems
        )
        if opts is not None:
            into[selection.name] = opts


def validate_zones(
    config: RevolutionConfig,
    registry: Registry,
    plan: RunPlan,
    zones: list[str] | None = None,
    ctx: RunContext | None = None,
) -> dict[str, ZoneSource]:
    """Ask each zone source about its zones; raise `ConfigError` with every problem of every source.
    Returns the source instances by name, ready to resolve the zones."""
    ctx = ctx or RunContext(config=config)
    selected = zones or list(config.zones)
    sources: dict[str, ZoneSource] = {}
    problems: list[Problem] = []
    for source_name in dict.fromkeys(plan.zones[name].source for name in selected):
        source = registry.create("zone_sources", source_name)
        assert isinstance(source, ZoneSource)
        sources[source_name] = source
        names = [name for name in selected if plan.zones[name].source == source_name]
        problems.extend(source.validate({name: config.zones[name] for name in names}, ctx))
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)), source="zone configuration")
    return sources
