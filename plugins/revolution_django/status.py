"""`manage.py revolution --status`: per zone, where its routes come from, how many routes and operations it
has now, when its schema file was last written (and whether it still matches), and its latest archive.

Nothing here reads another plugin's files: operation counts come from drf-spectacular in this process, the
schema file is the core's published output (`<schemas_dir>/<zone>.json`), and archives are listed by each
selected archiver's own command (`revolution <archiver> list --json`, registered through the core's
`revolution_register_commands` hook), called in-process with this configuration."""

from __future__ import annotations

import contextlib
import io
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from revolution_core.config import RevolutionConfig
from revolution_core.errors import RevolutionError
from revolution_django.conf import DjangoZoneFields

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@dataclass(frozen=True)
class ZoneStatus:
    zone: str
    source: str  # "urls: djoser.urls, knox/ knox.urls; paths: /api/"
    routes: int | None
    operations: int | None
    schema_written: str | None  # UTC, when the schema file last changed
    schema_current: bool | None  # the file equals what would be generated now
    archive: str | None  # latest archive stamp
    archives: int
    problem: str | None = None


def describe_forms(zone: DjangoZoneFields) -> str:
    parts = []
    if zone.apps:
        parts.append("apps: " + ", ".join(zone.apps))
    if zone.urls:
        parts.append("urls: " + ", ".join(f"{e.prefix}{' ' if e.prefix else ''}{e.name}" for e in zone.urls))
    if zone.paths:
        parts.append("paths: " + ", ".join(zone.paths))
    return "; ".join(parts) or "(nothing)"


def zone_forms(config: RevolutionConfig, zone: str) -> str:
    """A zone's URL forms, or, for a zone of another source, its source fields."""
    from revolution_django.conf import DjangoZoneOptions, is_django_zone

    fields = config.zones[zone].source_fields()
    if is_django_zone(config.zones[zone]):
        try:
            return describe_forms(DjangoZoneOptions.model_validate(fields))
        except ValueError:
            pass
    return "; ".join(f"{key}: {value}" for key, value in sorted(fields.items())) or "(nothing)"


def zone_statuses(config: RevolutionConfig, registry: Any, zones: list[str]) -> list[ZoneStatus]:
    from revolution_django.zones import DynamicZoneManager

    manager = DynamicZoneManager(config)
    archives = _archives(config, registry)
    rows = []
    for zone in zones:
        routes = operations = None
        problem = None
        document: dict[str, Any] | None = None
        if zone in manager.zones:
            try:
                routes = len([r for r in manager.routes(zone) if not r.is_format_suffix])
                document = _document(config, zone, manager)
                operations = sum(1 for item in document.get("paths", {}).values() for method in item
                                 if method in METHODS)
            except RevolutionError as exc:
                problem = str(exc)
        written, current = _schema_file(config, zone, document)
        stamps = archives.get(zone, [])
        rows.append(ZoneStatus(zone, zone_forms(config, zone), routes, operations, written, current,
                               stamps[0] if stamps else None, len(stamps), problem))
    return rows


def _document(config: RevolutionConfig, zone: str, manager: Any) -> dict[str, Any]:
    from revolution_django.schema import SpectacularOptions, build_document

    options = SpectacularOptions.model_validate(config.zones[zone].schema_options)
    document, _ = build_document(config, zone, manager.get_zone_module(zone), options)
    return document


def _schema_file(config: RevolutionConfig, zone: str,
                 document: dict[str, Any] | None) -> tuple[str | None, bool | None]:
    path = config.schemas_dir / f"{zone}.json"
    try:
        stat = path.stat()
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    written = datetime.fromtimestamp(stat.st_mtime, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    if document is None:
        return written, None
    return written, bool(stored == json.loads(json.dumps(document, default=str)))


def _archives(config: RevolutionConfig, registry: Any) -> dict[str, list[str]]:
    """Zone -> archive stamps, newest first, from each selected archiver's `list --json` command."""
    import click

    from revolution_core.commands import ProjectContext
    from revolution_core.plan import build_plan
    from revolution_core.plugins import collect_commands

    try:
        archivers = list(build_plan(config, registry).archivers)
    except RevolutionError:
        return {}
    commands = collect_commands(registry, reserved=set())
    found: dict[str, list[str]] = {}
    for name in archivers:
        group = commands.get(name)
        listing = group.commands.get("list") if isinstance(group, click.Group) else None
        if listing is None:
            continue
        project = ProjectContext(project=config.project_root, config_file=None, _registry=registry, _config=config)
        out = io.StringIO()
        try:
            with contextlib.redirect_stdout(out):
                listing.main(["--json"], prog_name=f"revolution {name} list", obj=project, standalone_mode=False)
            rows = json.loads(out.getvalue() or "[]")
        except (click.ClickException, SystemExit, ValueError, RevolutionError):
            continue
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and "zone" in row and "stamp" in row:
                found.setdefault(str(row["zone"]), []).append(str(row["stamp"]))
    return found
