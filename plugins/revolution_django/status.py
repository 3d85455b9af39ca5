"""`manage.py revolution --status`: per zone, where its routes come from, how many routes and operations it
has now, when its schema file was last written (and whether it still matches), and its latest archive.

Nothing here reads another plugin's files: operation counts come from drf-spectacular in this process, the
schema file is the pipeline's published output (`openapi/schemas/<zone>.json`), and archives are listed
through each configured archiver's own `list` command (the Archiver stage interface)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from revolution_core.config import RevolutionConfig, ZoneConfig
from revolution_core.errors import RevolutionError

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


@dataclass(frozen=True)
class ZoneStatus:
    zone: str
    source: str  # "urls: djoser.urls, knox/ knox.urls; paths: /api/"
    routes: int | None
    operations: int | None
    schema_written: str | None  # UTC, ISO 8601, when the schema file last changed
    schema_current: bool | None  # the file equals what would be generated now
    archive: str | None  # latest archive stamp
    archives: int
    problem: str | None = None


def describe_forms(zone: ZoneConfig) -> str:
    from revolution_django.zones import zone_paths, zone_urls

    parts = []
    if zone.apps:
        parts.append("apps: " + ", ".join(zone.apps))
    if zone_urls(zone):
        parts.append("urls: " + ", ".join(f"{e.prefix}{' ' if e.prefix else ''}{e.name}" for e in zone_urls(zone)))
    if zone_paths(zone):
        parts.append("paths: " + ", ".join(zone_paths(zone)))
    if zone.openapi_file:
        parts.append(f"openapi_file: {zone.openapi_file}")
    return "; ".join(parts) or "(nothing)"


def zone_statuses(config: RevolutionConfig, registry: Any, zones: list[str]) -> list[ZoneStatus]:
    from revolution_django.conf import is_django_zone
    from revolution_django.zones import DynamicZoneManager

    manager = DynamicZoneManager(config)
    archives = _archives(config, registry)
    rows = []
    for zone in zones:
        zone_config = config.zones[zone]
        routes = operations = None
        problem = None
        document: dict[str, Any] | None = None
        if is_django_zone(zone_config):
            try:
                routes = len([r for r in manager.routes(zone) if not r.is_format_suffix])
                document = _document(config, zone, manager)
                operations = sum(1 for item in document.get("paths", {}).values() for method in item
                                 if method in METHODS)
            except RevolutionError as exc:
                problem = str(exc)
        written, current = _schema_file(config, zone, document)
        stamps = archives.get(zone, [])
        rows.append(ZoneStatus(zone, describe_forms(zone_config), routes, operations, written, current,
                               stamps[0] if stamps else None, len(stamps), problem))
    return rows


def _document(config: RevolutionConfig, zone: str, manager: Any) -> dict[str, Any]:
    from revolution_django.schema import SpectacularOptions, build_document

    options = SpectacularOptions.model_validate(config.zones[zone].schema_options)
    document, _ = build_document(config, zone, manager.get_zone_module(zone), options)
    return document


def _schema_file(config: RevolutionConfig, zone: str, document: dict[str, Any] | None) -> tuple[str | None,
                                                                                            bool | None]:
    path = config.schemas_dir / f"{zone}.json"
    try:
        stat = path.stat()
        stored = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None, None
    written = datetime.fromtimestamp(stat.st_mtime, UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
    if document is None:
        return written, None
    return written, stored == json.loads(json.dumps(document, default=str))


def _archives(config: RevolutionConfig, registry: Any) -> dict[str, list[str]]:
    """Zone -> archive stamps, newest first, from each archiver's `list` command."""
    from revolution_core.stages import Archiver, RunContext

    found: dict[str, list[str]] = {}
    for selection in config.archivers:
        try:
            plugin = registry.create("archivers", selection.name)
        except Exception:  # a disabled or unknown archiver: `--validate-zones` reports it
            continue
        if not isinstance(plugin, Archiver):
            continue
        handler = plugin.commands().get("list")
        if handler is None:
            continue
        try:
            rows = handler(RunContext(config=config), None)
        except RevolutionError:
            continue
        for row in rows or []:
            if isinstance(row, dict) and "zone" in row and "stamp" in row:
                found.setdefault(str(row["zone"]), []).append(str(row["stamp"]))
    return found
