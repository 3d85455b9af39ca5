"""`revolution archive list [ZONE] | show ZONE [STAMP] | restore ZONE [STAMP]`: click commands over plain
functions of a `RunContext` (which tests and other tools may call directly)."""

from __future__ import annotations

import json
from typing import Any

import click

from revolution_core.commands import ProjectContext, fail, make_console, pass_project
from revolution_core.errors import RevolutionError
from revolution_core.stages import RunContext


def store_for(ctx: RunContext) -> Any:
    """The project's archive store, where the archiver's options put it."""
    from revolution_archive.plugin import ArchiveOptions
    from revolution_archive.store import ArchiveStore

    raw = ctx.config.plugin_options.get("archive", {})
    options = ArchiveOptions.model_validate({k: v for k, v in raw.items() if k in ArchiveOptions.model_fields})
    return ArchiveStore(ctx.project_root / options.directory)


def list_archives(ctx: RunContext, zone: str | None = None) -> list[dict[str, Any]]:
    """One row per archive, newest first per zone: zone, stamp (UTC), latest, files, generators, schema
    (SHA-256 prefix), size."""
    rows: list[dict[str, Any]] = store_for(ctx).rows(zone)
    if zone is not None and not rows and zone not in ctx.config.zones:
        raise RevolutionError(
            f"unknown zone '{zone}': configured zones are {', '.join(ctx.config.zones)}; "
            "`revolution archive list` without a zone lists every archive"
        )
    return rows


def show_archive(ctx: RunContext, zone: str, stamp: str | None = None) -> dict[str, Any]:
    """An archive's metadata (latest when `stamp` is None), plus its path and size."""
    shown: dict[str, Any] = store_for(ctx).show(zone, stamp)
    return shown


def restore_archive(ctx: RunContext, zone: str, stamp: str | None = None, dry_run: bool = False) -> str:
    """Verify, then restore a zone's schema and clients (or, `dry_run`, list what that would change);
    returns the message to print."""
    from revolution_core.outputs import project_lock

    store = store_for(ctx)
    if dry_run:
        planned: str = store.restore(zone, stamp, ctx.config.schemas_dir, ctx.config.clients_dir, dry_run=True)
        return planned
    with project_lock(ctx.config.project_root, wait=True, say=ctx.log):  # never under a running generation
        message: str = store.restore(zone, stamp, ctx.config.schemas_dir, ctx.config.clients_dir)
        return message


@click.group()
def archive() -> None:
    """Inspect and restore archived schemas and clients."""


@archive.command("list")
@click.argument("zone", required=False)
@click.option("--json", "json_output", is_flag=True)
@pass_project
def list_command(project: ProjectContext, zone: str | None, json_output: bool) -> None:
    """List archives, newest first."""
    from revolution_core.console import table

    try:
        rows = list_archives(project.run_context(), zone)
    except RevolutionError as exc:
        fail(exc)
    if json_output:
        click.echo(json.dumps(rows, indent=2, default=str))
    elif not rows:
        click.echo("No archives yet.")
    else:
        columns = list(rows[0])
        make_console().print(table("Archives", columns, [[str(r.get(c, "")) for c in columns] for r in rows]))


@archive.command("show")
@click.argument("zone")
@click.argument("stamp", required=False)
@pass_project
def show_command(project: ProjectContext, zone: str, stamp: str | None) -> None:
    """Show an archive's metadata (the latest by default)."""
    try:
        click.echo(json.dumps(show_archive(project.run_context(), zone, stamp), indent=2, default=str))
    except RevolutionError as exc:
        fail(exc)


@archive.command("restore")
@click.argument("zone")
@click.argument("stamp", required=False)
@click.option("--dry-run", is_flag=True, help="Show the files it would create, change or remove; write nothing.")
@pass_project
def restore_command(project: ProjectContext, zone: str, stamp: str | None, dry_run: bool) -> None:
    """Restore a zone's schema and clients from an archive (hashes verified first)."""
    try:
        click.echo(restore_archive(project.run_context(), zone, stamp, dry_run))
    except RevolutionError as exc:
        fail(exc)
