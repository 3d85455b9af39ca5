"""The hooks a `revolution` plugin may implement.

Stage hooks register classes (see `revolution_core.stages`); configuration selects them by name.
Event hooks let a plugin observe a run. Every hook is prefixed `revolution_`. Arguments are only ever
added, never removed: an implementation may accept fewer than the spec lists.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from revolution_core.config import RevolutionConfig
    from revolution_core.models import GeneratedClient, RunReport, SchemaArtifact, Zone
    from revolution_core.stages import Archiver, Generator, SchemaProducer, SyncTarget, ZoneSource

PROJECT_NAME = "revolution"
hookspec = pluggy.HookspecMarker(PROJECT_NAME)
hookimpl = pluggy.HookimplMarker(PROJECT_NAME)


# -- stage registration (each hook's results are concatenated over all plugins) --


@hookspec
def revolution_register_zone_sources() -> list[type[ZoneSource]]:
    """Return `ZoneSource` subclasses. A source turns `ZoneConfig`s into `Zone`s (stage 1)."""


@hookspec
def revolution_register_schema_producers() -> list[type[SchemaProducer]]:
    """Return `SchemaProducer` subclasses. A producer makes one OpenAPI document per zone (stage 2)."""


@hookspec
def revolution_register_generators() -> list[type[Generator]]:
    """Return `Generator` subclasses. A generator writes a client per zone and whole-run files (stage 3)."""


@hookspec
def revolution_register_archivers() -> list[type[Archiver]]:
    """Return `Archiver` subclasses. An archiver packages each successful zone (stage 4)."""


@hookspec
def revolution_register_sync_targets() -> list[type[SyncTarget]]:
    """Return `SyncTarget` subclasses. A sync target copies packages elsewhere, e.g. a monorepo (stage 5)."""


# -- configuration --


@hookspec(firstresult=True)
def revolution_load_config(project_root: Path) -> RevolutionConfig | None:
    """Find the configuration of the project at `project_root` when it has no `[tool.revolution]`
    table nor `revolution.toml` (e.g. a Django project's `settings.DJANGO_REVOLUTION`).

    firstresult: the first non-None answer wins; return None when the project is not yours.
    """


# -- events (observers; return values are ignored) --


@hookspec
def revolution_run_started(config: RevolutionConfig, zones: list[str]) -> None:
    """A run is about to produce schemas for `zones`."""


@hookspec
def revolution_schema_produced(zone: Zone, schema: SchemaArtifact) -> None:
    """A zone's schema was produced and written."""


@hookspec
def revolution_client_generated(zone: Zone, client: GeneratedClient) -> None:
    """A zone's client is in place (status `ok` if generated now, `unchanged` if the cache held).

    Called from the generator's worker thread: observers must be thread-safe."""


@hookspec
def revolution_run_finished(report: RunReport) -> None:
    """A run ended, successfully or not; `report.ok` tells which."""
