"""The `archive` archiver: after a successful run, one zip per zone in history and as latest,
skipped when nothing changed, pruned to the newest `keep`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from revolution_core import hookimpl
from revolution_core.errors import RevolutionError
from revolution_core.models import ArchiveResult, ZoneArtifacts
from revolution_core.stages import Archiver, RunContext


class ArchiveOptions(BaseModel):
    """`plugin_options={"archive": {"keep": 20}}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    keep: int = Field(default=10, ge=1, description="archives kept per zone in files/ (latest/ is always kept)")


class ZoneArchiver(Archiver):
    name = "archive"
    Options = ArchiveOptions

    def archive(self, zones: Sequence[ZoneArtifacts], options: BaseModel, ctx: RunContext) -> list[ArchiveResult]:
        from revolution_archive import packing
        from revolution_archive.store import ArchiveStore, utc_now

        assert isinstance(options, ArchiveOptions)
        store = ArchiveStore(ctx.config.archive_dir)
        moment = utc_now()
        results = []
        for artifacts in zones:
            zone = artifacts.zone.name
            contents = packing.collect(artifacts, ctx.config.clients_dir, ctx.config.project_version)
            if store.latest_fingerprint(zone) == contents.fingerprint():
                results.append(ArchiveResult(zone, store.latest(zone), False, "unchanged since the latest archive"))
                continue
            path, stamp = store.write(zone, contents, moment)
            removed = store.prune(zone, options.keep)
            detail = f"archived as {stamp}" + (f"; removed {len(removed)} older" if removed else "")
            results.append(ArchiveResult(zone, path, True, detail))
        return results

    def commands(self) -> Mapping[str, Callable[..., Any]]:
        """Handlers for `revolution archive list [ZONE]`, `show ZONE [STAMP]`, `restore ZONE [STAMP]`."""
        return {"list": list_archives, "show": show_archive, "restore": restore_archive}


def list_archives(ctx: RunContext, zone: str | None = None) -> list[dict[str, Any]]:
    """One row per archive, newest first per zone: zone, stamp (UTC), latest, files, generators, schema
    (SHA-256 prefix), size."""
    from revolution_archive.store import ArchiveStore

    store = ArchiveStore(ctx.config.archive_dir)
    rows = store.rows(zone)
    if zone is not None and not rows and zone not in ctx.config.zones:
        raise RevolutionError(
            f"unknown zone '{zone}': configured zones are {', '.join(ctx.config.zones)}; "
            "`revolution archive list` without a zone lists every archive"
        )
    return rows


def show_archive(ctx: RunContext, zone: str, stamp: str | None = None) -> dict[str, Any]:
    """An archive's metadata (latest when `stamp` is None), plus its path and size."""
    from revolution_archive.store import ArchiveStore

    return ArchiveStore(ctx.config.archive_dir).show(zone, stamp)


def restore_archive(ctx: RunContext, zone: str, stamp: str | None = None) -> str:
    """Verify, then restore a zone's schema and clients; returns the message to print."""
    from revolution_archive.store import ArchiveStore
    from revolution_core.outputs import project_lock

    store = ArchiveStore(ctx.config.archive_dir)
    with project_lock(ctx.config.project_root, wait=True, say=ctx.log):  # never under a running generation
        return store.restore(zone, stamp, ctx.config.schemas_dir, ctx.config.clients_dir)


@hookimpl
def revolution_register_archivers() -> list[type[Archiver]]:
    return [ZoneArchiver]
