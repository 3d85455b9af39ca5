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

    def create(self, stage: str, name: str) -> StagePlugin:
        cls = self.get(stage, name)
        instance = cls()
        instance._distribution_version = self.distribution_version(cls)  # type: ignore[attr-defined]
        return instance

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

    _collect_stage_classes(registry)
    _check_hook_names(registry)
    return registry


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
        hook = getattr(registry.pm.hook, f"revolution_register_{stage}")
        by_name: dict[str, type[StagePlugin]] = {}
        for impl in hook.get_hookimpls():
            plugin_name = registry.pm.get_name(impl.plugin) or "?"
            try:
                classes = list(impl.function() or [])
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
