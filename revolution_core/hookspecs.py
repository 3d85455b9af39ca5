"""The hooks a `revolution` plugin may implement.

Stage hooks register classes (see `revolution_core.stages`, which documents their lifecycle); the
configuration selects them by name. Event hooks let a plugin observe a run. Every hook is prefixed
`revolution_`. Arguments are only ever added, never removed: an implementation may accept fewer than
the spec lists.

The core calls the implementations of every hook except `revolution_load_config` one by one, so that a
failure is reported against the plugin that raised it; those hooks cannot be wrappers
(`wrapper=True`/`hookwrapper=True` is reported as a plugin problem when the plugin loads).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pluggy

if TYPE_CHECKING:
    from revolution_core.config import RevolutionConfig
    from revolution_core.fingerprint import InputDeclaration
    from revolution_core.models import GeneratedClient, RunReport, SchemaArtifact, Zone
    from revolution_core.stages import Archiver, Generator, SchemaProducer, SyncTarget, ZoneSource

PROJECT_NAME = "revolution"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# -- stage registration (each hook's results are concatenated over all plugins) --


@hookspec
def revolution_register_zone_sources() -> list[type[ZoneSource]]:
    """Return `ZoneSource` subclasses; a source turns configured zones into `Zone`s (stage 1).

    Called once when the plugin registry is built. A class's `ZoneOptions` declares the zone fields it
    reads; zones that name no `source` go to the source that declares their fields."""


@hookspec
def revolution_register_schema_producers() -> list[type[SchemaProducer]]:
    """Return `SchemaProducer` subclasses; a producer makes one OpenAPI document per zone (stage 2).

    Called once when the plugin registry is built."""


@hookspec
def revolution_register_generators() -> list[type[Generator]]:
    """Return `Generator` subclasses; a generator writes a client per zone and whole-run files (stage 3).

    Called once when the plugin registry is built. A class with `default = True` runs for zones that
    select no generators."""


@hookspec
def revolution_register_archivers() -> list[type[Archiver]]:
    """Return `Archiver` subclasses; an archiver packages each successful zone (stage 4).

    Called once when the plugin registry is built."""


@hookspec
def revolution_register_sync_targets() -> list[type[SyncTarget]]:
    """Return `SyncTarget` subclasses; a sync target copies packages elsewhere, e.g. into a workspace (stage 5).

    Called once when the plugin registry is built."""


@hookspec
def revolution_register_commands() -> list[Any]:
    """Return `click` commands (or groups) to add to the `revolution` CLI, e.g. `revolution archive`.

    Called when the CLI looks up a command it does not define itself, and for `revolution --help`. A
    command receives the project with `@revolution_core.commands.pass_project` (a `ProjectContext`:
    the registry, the configuration, a `RunContext`). A name the core already uses is refused."""


# -- configuration --


@hookspec(firstresult=True)
def revolution_load_config(project_root: Path) -> RevolutionConfig | None:
    """Find the configuration of the project at `project_root` when it has no `[tool.revolution]` table
    nor `revolution.toml` (e.g. in a web framework's settings).

    firstresult: stops at the first non-None answer; return None when the project is not yours."""


@hookspec
def revolution_fingerprint_inputs(config: RevolutionConfig) -> InputDeclaration | None:
    """What a run of this project depends on that the plugin knows of, besides the configuration: the
    project's source trees, files, environment variables and executables (see
    `revolution_core.fingerprint.InputDeclaration`). Called after a successful run; the next `revolution
    run` compares them, with every plugin's code and the installed distributions, before it loads any
    plugin, and finishes at once when nothing changed. Declare too much rather than too little: a
    missing input makes a run skip work it should have done.

    Every plugin's answer counts (None: nothing to add)."""


@hookspec
def revolution_preload() -> None:
    """Import the heavy libraries this plugin's stages will need, ahead of a run: `revolution watch` calls it
    once per session in the process every run is forked from, so that a save is turned into clients sooner.
    It may also warm them up (generate a small throw-away output), as long as that changes no later output.

    Must not import the user's project code nor read its settings (that code may change before the run);
    a failure is ignored. Returns nothing."""


# -- events (observers: return values are ignored; a raising observer fails the run, not the others) --


@hookspec
def revolution_run_started(config: RevolutionConfig, zones: list[str]) -> None:
    """A run holds the project lock and is about to check and resolve `zones` (names, in config order).
    Always followed by exactly one `revolution_run_finished`, whatever happens next."""


@hookspec
def revolution_stage_started(stage: str, zones: list[str]) -> None:
    """A stage begins in the main thread: `stage` is "zone source", "schema producer", "generator",
    "archiver" or "sync target"; `zones` are the zones it works on (names)."""


@hookspec
def revolution_schema_produced(zone: Zone, schema: SchemaArtifact) -> None:
    """`zone`'s schema was produced and written (`schema.files`, `schema.sha256`)."""


@hookspec
def revolution_client_generated(zone: Zone, client: GeneratedClient) -> None:
    """`zone`'s client of one generator is in place (status `ok` if generated now, `unchanged` if the
    cache held). Called from the generator's worker thread: observers must be thread-safe."""


@hookspec
def revolution_run_finished(report: RunReport) -> None:
    """A run that called `revolution_run_started` ended, successfully or not (`report.ok` tells which;
    a configuration error found after the start is a failed step of the report)."""
