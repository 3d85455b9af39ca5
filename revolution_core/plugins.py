"""Build the plugin manager: load each `revolution` entry point in its own try, honour the
allow/deny lists, and collect the stage classes plugins register (checked for duplicate names).
"""

from __future__ import annotations

import difflib
import os
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib.metadata import EntryPoint, entry_points
from typing import Any

import pluggy
from pydantic import BaseModel

from revolution_core import hookspecs
from revolution_core.errors import PluginError
from revolution_core.stages import STAGE_CLASSES, StagePlugin

ENTRY_POINT_GROUP = "revolution"
ALLOW_ENV = "REVOLUTION_PLUGINS"
DENY_ENV = "REVOLUTION_DISABLE_PLUGINS"


@dataclass(frozen=True)
class LoadedPlugin:
    """An entry point as loaded (or not): what `revolution plugins` lists."""

    name: str
    distribution: str
    version: str
    module: str
    error: str | None = None
    disabled: bool = False
    details: str | None = None


@dataclass
class Registry:
    """Stage classes by stage and name, plus what loaded and what did not."""

    pm: pluggy.PluginManager
    loaded: list[LoadedPlugin] = field(default_factory=list)
    classes: dict[str, dict[str, type[StagePlugin]]] = field(default_factory=dict)
    owners: dict[type[StagePlugin], str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def names(self, stage: str) -> list[str]:
        return sorted(self.classes.get(stage, {}))

    def get(self, stage: str, name: str) -> type[StagePlugin]:
        """The class registered as `name`; a clear error listing the alternatives otherwise."""
        try:
            return self.classes[stage][name]
        except KeyError:
            disabled = {plugin.name for plugin in self.loaded if plugin.disabled}
            if name in disabled:
                raise PluginError(
                    f"{STAGE_NOUNS.get(stage, stage)} '{name}' is disabled (--disable-plugins, {DENY_ENV} or "
                    f"{ALLOW_ENV}); enable it, or stop selecting it"
                    + (" (use --no-archive to skip archiving)" if stage == "archivers" else "")
                ) from None
            raise PluginError(unknown_plugin_message(stage, name, self.names(stage))) from None

    def create(self, stage: str, name: str, options: BaseModel | None = None) -> StagePlugin:
        """An instance for one run, holding its run-wide `options` (validated by the plan)."""
        cls = self.get(stage, name)
        return cls(options, distribution_version=self.distribution_version(cls))

    def distribution_version(self, cls: type[StagePlugin]) -> str:
        owner = self.owners.get(cls)
        for plugin in self.loaded:
            if plugin.name == owner:
                return plugin.version
        return "0"


def unknown_plugin_message(stage: str, name: str, available: Iterable[str]) -> str:
    noun = STAGE_NOUNS.get(stage, stage)
    names = list(available)
    close = difflib.get_close_matches(name, names, n=1)
    hint = f"did you mean '{close[0]}'? " if close else ""
    return (
        f"unknown {noun} '{name}'; {hint}available: {', '.join(names) or 'none'}; "
        f"to add one, install a revolution-{name} package (or check `revolution plugins` for load errors)"
    )


STAGE_NOUNS = {
    "zone_sources": "zone source",
    "schema_producers": "schema producer",
    "generators": "generator",
    "archivers": "archiver",
    "sync_targets": "sync target",
}


def _split(value: str | None) -> set[str]:
    return {item.strip() for item in (value or "").split(",") if item.strip()}


def build_registry(
    extra_plugins: Iterable[Any] = (),
    *,
    load_entry_points: bool = True,
    allow: Iterable[str] | None = None,
    deny: Iterable[str] = (),
) -> Registry:
    """Load plugins and collect their stage classes.

    `allow`/`deny` name entry points (or `extra_plugins` names); they add to the environment's
    `REVOLUTION_PLUGINS` (allowlist) and `REVOLUTION_DISABLE_PLUGINS` (blocklist).
    """
    pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    pm.add_hookspecs(hookspecs)
    registry = Registry(pm=pm)
    allowed = set(allow or ()) | _split(os.environ.get(ALLOW_ENV))
    denied = set(deny) | _split(os.environ.get(DENY_ENV))

    if load_entry_points:
        for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda ep: ep.name):
            registry.loaded.append(_load_entry_point(pm, ep, allowed, denied))
    for plugin in extra_plugins:
        name = getattr(plugin, "__name__", type(plugin).__name__)
        if name in denied or (allowed and name not in allowed):
            continue
        pm.register(plugin, name=name)
        registry.loaded.append(LoadedPlugin(name, "(registered in code)", "0", name))

    _check_hook_names(registry)
    _reject_wrappers(registry)
    _collect_stage_classes(registry)
    return registry


# Hooks the core calls implementation by implementation (to attribute failures and collect results): a
# wrapper would only be called, never driven, so it is refused rather than silently ignored.
CALLED_ONE_BY_ONE = frozenset(
    {*(f"revolution_register_{stage}" for stage in STAGE_CLASSES), "revolution_register_commands",
     "revolution_fingerprint_inputs", "revolution_preload", "revolution_run_started", "revolution_schema_produced",
     "revolution_client_generated", "revolution_run_finished"}
)


def _results(impl: pluggy.HookImpl) -> Iterable[Any]:
    """What a registration hook implementation returned (None counts as nothing)."""
    result: Any = impl.function()
    return result or []


def plain_hookimpls(pm: pluggy.PluginManager, hook: str) -> list[pluggy.HookImpl]:
    """The implementations of a hook the core calls one by one (wrappers were reported at load)."""
    return [impl for impl in getattr(pm.hook, hook).get_hookimpls() if not (impl.hookwrapper or impl.wrapper)]


def _reject_wrappers(registry: Registry) -> None:
    for name in sorted(CALLED_ONE_BY_ONE):
        for impl in getattr(registry.pm.hook, name).get_hookimpls():
            if impl.hookwrapper or impl.wrapper:
                plugin = registry.pm.get_name(impl.plugin) or "?"
                registry.problems.append(
                    f"plugin '{plugin}' declares {name} as a hook wrapper; the core calls each implementation "
                    f"of this hook on its own and reports its failures, so wrappers are not supported here: "
                    f"drop wrapper=True/hookwrapper=True and implement it as a plain hook"
                )


def _check_hook_names(registry: Registry) -> None:
    """A misspelled hook (`revolution_register_generator`) would otherwise be silently ignored."""
    try:
        registry.pm.check_pending()
    except pluggy.PluginValidationError as exc:
        registry.problems.append(f"{exc}; check the hook's spelling against revolution_core.hookspecs")


def _load_entry_point(pm: pluggy.PluginManager, ep: EntryPoint, allowed: set[str], denied: set[str]) -> LoadedPlugin:
    dist = ep.dist.name if ep.dist else "unknown"
    version = ep.dist.version if ep.dist else "0"
    if ep.name in denied or (allowed and ep.name not in allowed):
        return LoadedPlugin(ep.name, dist, version, ep.value, disabled=True)
    if pm.has_plugin(ep.name):
        return LoadedPlugin(ep.name, dist, version, ep.value, error=f"duplicate plugin name '{ep.name}'")
    try:
        module = ep.load()
        pm.register(module, name=ep.name)
    except Exception as exc:  # a broken plugin must never break the CLI
        message = f"{type(exc).__name__}: {exc}"
        return LoadedPlugin(ep.name, dist, version, ep.value, error=message, details=traceback.format_exc())
    return LoadedPlugin(ep.name, dist, version, ep.value)


def _collect_stage_classes(registry: Registry) -> None:
    for stage, base in STAGE_CLASSES.items():
        by_name: dict[str, type[StagePlugin]] = {}
        for impl in plain_hookimpls(registry.pm, f"revolution_register_{stage}"):
            plugin_name = registry.pm.get_name(impl.plugin) or "?"
            try:
                classes: list[Any] = list(_results(impl))
            except Exception as exc:
                registry.problems.append(
                    f"plugin '{plugin_name}' failed registering {stage}: {type(exc).__name__}: {exc} "
                    f"(revolution_register_{stage} must return a list of classes)"
                )
                continue
            for cls in classes:
                if not (isinstance(cls, type) and issubclass(cls, base) and cls.name):
                    registry.problems.append(
                        f"plugin '{plugin_name}' registered {cls!r} as a {STAGE_NOUNS[stage]}, but it is not a "
                        f"{base.__name__} subclass with a `name`"
                    )
                elif cls.name in by_name:
                    other = registry.owners[by_name[cls.name]]
                    registry.problems.append(
                        f"{STAGE_NOUNS[stage]} name '{cls.name}' is registered by both plugin '{other}' and "
                        f"plugin '{plugin_name}'; disable one with {DENY_ENV}={plugin_name}"
                    )
                else:
                    by_name[cls.name] = cls
                    registry.owners[cls] = plugin_name
        registry.classes[stage] = by_name


def collect_commands(registry: Registry, reserved: set[str]) -> dict[str, Any]:
    """The click commands plugins add to the CLI, by name. A failing hook or a name clash is recorded in
    `registry.problems` (and so reported), never raised."""
    import click

    found: dict[str, Any] = {}
    for impl in plain_hookimpls(registry.pm, "revolution_register_commands"):
        plugin = registry.pm.get_name(impl.plugin) or "?"
        try:
            commands: list[Any] = list(_results(impl))
        except Exception as exc:
            registry.problems.append(f"plugin '{plugin}' failed registering commands: {type(exc).__name__}: {exc}")
            continue
        for command in commands:
            if not isinstance(command, click.Command) or not command.name:
                registry.problems.append(
                    f"plugin '{plugin}' registered {command!r}, which is not a named click command")
            elif command.name in reserved or command.name in found:
                registry.problems.append(
                    f"plugin '{plugin}' registers the command '{command.name}', which already exists; rename it"
                )
            else:
                found[command.name] = command
    return found
