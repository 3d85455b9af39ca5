"""The `archive` archiver: after a successful run, one zip per zone in history and as latest,
skipped when nothing changed, pruned to the newest `keep`; and the `revolution archive` commands."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from revolution_core import hookimpl
from revolution_core.models import ArchiveResult, ZoneArtifacts
from revolution_core.stages import Archiver, RunContext


class ArchiveOptions(BaseModel):
    """`plugin_options={"archive": {"keep": 20, "directory": "openapi/archive"}}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    keep: int = Field(default=10, ge=1, description="archives kept per zone in files/ (latest/ is always kept)")
    directory: str = Field(default="openapi/archive", description="where archives go, relative to the project root")


class ZoneArchiver(Archiver):
    name = "archive"
    Options = ArchiveOptions
    default = True

    def output_dirs(self, ctx: RunContext) -> Mapping[str, Path]:
        assert isinstance(self.options, ArchiveOptions)
        return {"plugin_options.archive.directory": ctx.project_root / self.options.directory}

    def archive(self, zones: Sequence[ZoneArtifacts], ctx: RunContext) -> list[ArchiveResult]:
        from revolution_archive import packing
        from revolution_archive.store import ArchiveStore, utc_now
        from revolution_core.transaction import heal

        options = self.options
        assert isinstance(options, ArchiveOptions)
        store = ArchiveStore(ctx.project_root / options.directory)
        heal(store.root, ctx.log)  # temporary files of a run killed while writing an archive
        moment = utc_now()
        results = []
        for artifacts in zones:
            zone = artifacts.zone.name
            own = packing.collect(artifacts, ctx.config.project_version, with_package=False)  # what decides
            if store.latest_fingerprint(zone) == own.fingerprint():
                results.append(ArchiveResult(zone, store.latest(zone), False, "unchanged since the latest archive"))
                continue
            contents = packing.collect(artifacts, ctx.config.project_version)
            path, stamp = store.write(zone, contents, moment)
            removed = store.prune(zone, options.keep)
            detail = f"archived as {stamp}" + (f"; removed {len(removed)} older" if removed else "")
            results.append(ArchiveResult(zone, path, True, detail))
        return results


@hookimpl
def revolution_register_archivers() -> list[type[Archiver]]:
    return [ZoneArchiver]


@hookimpl
def revolution_register_commands() -> list[Any]:
    from revolution_archive.commands import archive

    return [archive]
