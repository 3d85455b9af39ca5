"""Check a configuration against the loaded plugins and resolve it into a `RunPlan`.

Every problem is collected (not just the first), each located at the setting at fault. Each plugin's
settings are validated by the plugin's own models: run-wide `Options` from `plugin_options[<name>]`,
per-zone `ZoneOptions` from the zone (a zone source's fields, `schema_options`, a generator entry's
`options`), with `plugin_options[<name>]` giving defaults for the per-zone ones.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ValidationError

from revolution_core.config import (
    CORE_ZONE_FIELDS,
    GeneratorSelection,
    PluginSelection,
    RevolutionConfig,
    problems_from_validation,
    unknown_setting_message,
)
from revolution_core.errors import ConfigError, PluginError, Problem
from revolution_core.models import ZoneSpec
from revolution_core.plugins import STAGE_NOUNS, Registry, unknown_plugin_message
from revolution_core.stages import RunContext, StagePlugin, ZoneSource


@dataclass(frozen=True)
class PlannedZone:
    name: str
    source: str
    schema_producer: str
    source_options: BaseModel
    schema_options: BaseModel
    generators: dict[str, BaseModel]

    def spec(self, config: RevolutionConfig) -> ZoneSpec:
        return ZoneSpec(self.name, config.zones[self.name], self.source_options)


@dataclass
class RunPlan:
    """Which plugins run, with their validated options: `options[stage][name]` are a plugin's run-wide
    `Options`; each planned zone holds its per-zone ones."""

    zones: dict[str, PlannedZone] = field(default_factory=dict)
    options: dict[str, dict[str, BaseModel]] = field(default_factory=dict)

    @property
    def generator_options(self) -> dict[str, BaseModel]:
        return self.options.get("generators", {})

    @property
    def archivers(self) -> dict[str, BaseModel]:
        return self.options.get("archivers", {})

    @property
    def sync_targets(self) -> dict[str, BaseModel]:
        return self.options.get("sync_targets", {})

    def create(self, registry: Registry, stage: str, name: str) -> StagePlugin:
        """The plugin's instance for this run, holding its run-wide options."""
        return registry.create(stage, name, self.options.get(stage, {}).get(name))


def _keys(model: type[BaseModel]) -> set[str]:
    return {key for name, info in model.model_fields.items() for key in (name, info.alias) if key}


class _Planner:
    """Builds one `RunPlan`, collecting problems instead of stopping at the first."""

    def __init__(self, config: RevolutionConfig, registry: Registry) -> None:
        self.config = config
        self.registry = registry
        self.problems: list[Problem] = [Problem("plugins", message) for message in registry.problems]
        self.plan = RunPlan()

    def cls(self, stage: str, name: str, where: str) -> type[StagePlugin] | None:
        try:
            return self.registry.get(stage, name)
        except PluginError as exc:
            self.problems.append(Problem(where, str(exc)))
            return None

    def validate(self, model: type[BaseModel], layers: Sequence[tuple[str, Mapping[str, Any]]],
                 valid: list[str]) -> BaseModel | None:
        """Validate the merge of `layers` (later ones win); each error is located at the layer that gave
        the value at fault (a zone's own options, or the run-wide defaults in `plugin_options`)."""
        merged: dict[str, Any] = {}
        origin: dict[str, str] = {}
        for where, values in layers:
            merged.update(values)
            origin.update((key, where) for key in values)
        try:
            return model.model_validate(merged)
        except ValidationError as exc:
            last = layers[-1][0]
            keys = {str(error["loc"][0]) for error in exc.errors() if error["loc"]}
            for where in dict.fromkeys([last, *origin.values()]):
                mine = {key for key in keys if origin.get(key, last) == where}
                self.problems.extend(problems_from_validation(exc, where, fields=valid, keys=mine))
            self.problems.extend(Problem(last, error["msg"]) for error in exc.errors() if not error["loc"])
            return None

    def run_options(self, stage: str, name: str, selection: PluginSelection | None = None,
                    selection_at: str = "") -> BaseModel | None:
        """A plugin's `Options` from `plugin_options[name]` (keys of its `ZoneOptions` are per-zone defaults,
        checked with the zones), overlaid with a stage list entry's own options."""
        cls = self.registry.get(stage, name)
        own, zone = _keys(cls.Options), _keys(cls.ZoneOptions)
        raw = self.config.plugin_options.get(name, {})
        for key in raw:
            if key not in own | zone:
                self.problems.append(Problem(f"plugin_options.{name}.{key}",
                                             unknown_setting_message(key, sorted(own | zone))))
        layers: list[tuple[str, Mapping[str, Any]]] = [
            (f"plugin_options.{name}", {k: v for k, v in raw.items() if k in own})
        ]
        if selection is not None and selection.options:
            layers.append((f"{selection_at}.options", selection.options))
        options = self.validate(cls.Options, layers, sorted(own))
        if options is not None:
            self.plan.options.setdefault(stage, {})[name] = options
        return options

    def zone_options(self, stage: str, name: str, given: Mapping[str, Any], where: str,
                     also_valid: frozenset[str] = frozenset()) -> BaseModel | None:
        """A plugin's `ZoneOptions` for one zone: `plugin_options[name]` defaults overlaid with `given`; a
        run-wide key given per zone is pointed at where it belongs."""
        cls = self.registry.get(stage, name)
        own, zone = _keys(cls.Options), _keys(cls.ZoneOptions)
        for key in given:
            if key in own and key not in zone:
                self.problems.append(Problem(f"{where}.{key}", (
                    f"`{key}` is a run-wide setting of {STAGE_NOUNS[stage]} '{name}' (the same for every zone): "
                    f"set it in plugin_options.{name} instead")))
        defaults = {k: v for k, v in self.config.plugin_options.get(name, {}).items() if k in zone}
        per_zone = {k: v for k, v in given.items() if not (k in own and k not in zone)}
        layers = [(f"plugin_options.{name}", defaults), (where, per_zone)]
        return self.validate(cls.ZoneOptions, layers, sorted(zone | also_valid))

    def choose_source(self, zone: str, fields: Mapping[str, Any]) -> str | None:
        zone_config = self.config.zones[zone]
        if zone_config.source:
            return zone_config.source
        accepting = [
            name for name in self.registry.names("zone_sources")
            if issubclass(cls := self.registry.get("zone_sources", name), ZoneSource) and cls.accepts(fields)
        ]
        if len(accepting) == 1:
            return accepting[0]
        if len(accepting) > 1:
            self.problems.append(Problem(f"zones.{zone}.source", (
                f"several zone sources accept this zone ({', '.join(accepting)}); choose one with "
                f"source = '{accepting[0]}'")))
            return None
        known = sorted({key for name in self.registry.names("zone_sources")
                        for key in _keys(self.registry.get("zone_sources", name).ZoneOptions)} | CORE_ZONE_FIELDS)
        unknown = [key for key in fields if key not in known]
        for key in unknown:
            self.problems.append(Problem(f"zones.{zone}.{key}", unknown_setting_message(key, known)))
        if not unknown:
            self.problems.append(Problem(f"zones.{zone}", self._no_source_message()))
        return None

    def _no_source_message(self) -> str:
        offers = []
        for name in self.registry.names("zone_sources"):
            fields = sorted(self.registry.get("zone_sources", name).ZoneOptions.model_fields)
            offers.append(f"{', '.join(f'`{f}`' for f in fields)} (zone source '{name}')" if fields else name)
        listed = "; ".join(offers) or "none is loaded"
        return f"no zone source serves this zone: give it the fields of one of them: {listed}"

    def zone(self, zone_name: str) -> None:
        where = f"zones.{zone_name}"
        zone_config = self.config.zones[zone_name]
        fields = zone_config.source_fields()
        source = self.choose_source(zone_name, fields)
        source_cls = self.cls("zone_sources", source, f"{where}.source") if source else None
        source_options = None
        if source and source_cls is not None:
            if source not in self.plan.options.get("zone_sources", {}):
                self.run_options("zone_sources", source)
            source_options = self.zone_options("zone_sources", source, fields, where, CORE_ZONE_FIELDS)
        producer = zone_config.schema_producer
        if source_cls is not None and not producer:
            producer = getattr(source_cls, "default_schema_producer", "") or None
            if not producer:
                self.problems.append(Problem(f"{where}.schema_producer",
                                             f"zone source '{source}' names no default; set one"))
        schema_options = None
        if producer and self.cls("schema_producers", producer, f"{where}.schema_producer"):
            if producer not in self.plan.options.get("schema_producers", {}):
                self.run_options("schema_producers", producer)
            schema_options = self.zone_options("schema_producers", producer, zone_config.schema_options,
                                               f"{where}.schema_options")
        chosen: dict[str, BaseModel] = {}
        own = zone_config.generators is not None
        for i, selection in enumerate(self.generators(zone_name)):
            at = f"{where}.generators[{i}]" if own else f"generators[{i}]"
            if self.cls("generators", selection.name, at) is None:
                continue
            if selection.name not in self.plan.generator_options:
                self.run_options("generators", selection.name)
            options = self.zone_options("generators", selection.name, selection.options, f"{at}.options")
            if options is not None:
                chosen[selection.name] = options
        if source and producer and source_options is not None and schema_options is not None:
            self.plan.zones[zone_name] = PlannedZone(zone_name, source, producer, source_options, schema_options,
                                                     chosen)

    def generators(self, zone: str) -> list[GeneratorSelection]:
        """A zone's own list, else the run-wide `generators`, else every generator on by default."""
        own = self.config.zones[zone].generators
        if own is not None:
            return list(own)
        if self.config.generators is not None:
            return list(self.config.generators)
        return [GeneratorSelection(name=name) for name in self.defaults("generators")]

    def defaults(self, stage: str) -> list[str]:
        chosen = []
        for name in self.registry.names(stage):
            cls = self.registry.get(stage, name)
            raw = {k: v for k, v in self.config.plugin_options.get(name, {}).items() if k in _keys(cls.Options)}
            try:
                options = cls.Options.model_validate(raw)
            except ValidationError:
                options = None  # reported when the plugin is validated, if it is used at all
            if options is not None and cls.selected_by_default(options):
                chosen.append(name)
        return chosen

    def stage_list(self, stage: str, selections: list[PluginSelection] | None) -> None:
        if selections is None:
            selections = [PluginSelection(name=name) for name in self.defaults(stage)]
        for i, selection in enumerate(selections):
            at = f"{stage}[{i}]"
            if self.cls(stage, selection.name, at) is not None:
                self.run_options(stage, selection.name, selection, at)

    def unused_plugin_options(self) -> None:
        for key in self.config.plugin_options:
            if not any(key in self.registry.names(stage) for stage in self.registry.classes):
                self.problems.append(
                    Problem(f"plugin_options.{key}", "names no loaded plugin; see `revolution plugins`"))


def build_plan(
    config: RevolutionConfig, registry: Registry, zones: list[str] | None = None, generators: list[str] | None = None
) -> RunPlan:
    """Resolve which plugins run for which zone, with validated options, or raise `ConfigError`."""
    planner = _Planner(config, registry)
    for i, name in enumerate(zones or []):
        if name not in config.zones:
            planner.problems.append(
                Problem(f"--zones[{i}]", f"unknown zone '{name}'; configured: {', '.join(config.zones)}"))
    for i, name in enumerate(generators or []):
        if name not in registry.names("generators"):
            planner.problems.append(Problem(
                f"--generators[{i}]", unknown_plugin_message("generators", name, registry.names("generators"))))
    planner.unused_plugin_options()
    for zone_name in config.zones:
        planner.zone(zone_name)
    for name in sorted(set(config.plugin_options) & set(registry.names("generators"))):
        if name not in planner.plan.generator_options:
            planner.run_options("generators", name)
    planner.stage_list("archivers", config.archivers)
    planner.stage_list("sync_targets", config.sync_targets)
    if planner.problems:
        raise ConfigError(list(dict.fromkeys(planner.problems)))  # run-wide defaults are checked once per zone
    return planner.plan


def validate_zones(config: RevolutionConfig, registry: Registry, plan: RunPlan, zones: list[str] | None = None,
                   ctx: RunContext | None = None) -> None:
    """Ask each zone source about its zones; raise `ConfigError` with every problem of every source."""
    ctx = ctx or RunContext(config=config)
    problems: list[Problem] = []
    for source_name, specs in zone_specs(config, plan, zones).items():
        source = plan.create(registry, "zone_sources", source_name)
        assert isinstance(source, ZoneSource)
        problems.extend(source.validate(specs, ctx))
    if problems:
        raise ConfigError(list(dict.fromkeys(problems)), source="zone configuration")


def zone_specs(
    config: RevolutionConfig, plan: RunPlan, zones: list[str] | None = None
) -> dict[str, dict[str, ZoneSpec]]:
    """The selected zones grouped by their zone source, in configuration order."""
    grouped: dict[str, dict[str, ZoneSpec]] = {}
    for name in zones or list(config.zones):
        planned = plan.zones[name]
        grouped.setdefault(planned.source, {})[name] = planned.spec(config)
    return grouped
