"""`add_revolution_urls(urlpatterns)`: mount each Django zone's `apps` and `urls` entries under
`/<api_prefix>/<zone>/`, with `schema/`, `docs/` (Swagger UI) and `redoc/` next to them (the seed's URL
integration). Zones cut from the project's own URLs (`paths`) get only the schema and docs views: their routes
are already served where the project's urls.py puts them.

It never raises on a zone mistake: urls.py is imported by every request and by `manage.py check`, which must
report the mistake as a system-check error rather than die with a traceback. A zone with a problem is left out
(nothing registered); `manage.py check`, `manage.py revolution` and `revolution run` report it.
"""

from __future__ import annotations

from typing import Any

from revolution_core.config import RevolutionConfig
from revolution_core.errors import RevolutionError

ASSETS_SEGMENT = "_revolution-docs"


def add_revolution_urls(urlpatterns: list[Any], config: RevolutionConfig | None = None) -> list[Any]:
    """Append every valid zone's URLs to `urlpatterns` (in place) and return it."""
    from revolution_django.zones import DynamicZoneManager

    try:
        manager = DynamicZoneManager(config)
    except RevolutionError:
        return urlpatterns  # an invalid DJANGO_REVOLUTION: the system checks report it
    urlpatterns.extend(revolution_urlpatterns(manager))
    return urlpatterns


def broken_zones(manager: Any) -> set[str]:
    """Zones with a problem that can be seen without the project's URLs (which are being imported now)."""
    from revolution_django.validation import validate_zone_configuration

    problems = validate_zone_configuration(manager.config, detector=manager.detector, project_urls=False)
    broken = {p.location.split(".")[1].split("[")[0] for p in problems if p.location.startswith("zones.")}
    for zone in manager.zone_names:
        try:
            _check_schema_options(manager.config, zone)
        except RevolutionError:
            broken.add(zone)
    return broken


def revolution_urlpatterns(manager: Any, skip: set[str] | None = None) -> list[Any]:
    """What add_revolution_urls appends: each zone's mounted entries, then its schema and docs views; every
    item marked (`revolution_zone`) so that zones cut from the project's URLs never take them in."""
    from django.urls import path

    from revolution_django.urltree import MARK
    from revolution_django.views import (
        ZoneRedocView,
        ZoneSchemaView,
        ZoneSwaggerView,
        docs_asset,
        zone_permission_classes,
    )

    config = manager.config
    skip = broken_zones(manager) if skip is None else skip
    base = "/".join(part for part in [manager.api_prefix.strip("/"), ASSETS_SEGMENT] if part) + "/"
    added: list[Any] = []
    for zone in manager.zone_names:
        if zone in skip:
            continue
        prefix = manager.prefix(zone)
        mounted = [mount.pattern for mount in manager.mounts(zone)]
        attrs = {
            "config": config,
            "zone": zone,
            "manager": manager,
            "permission_classes": zone_permission_classes(manager.zones[zone]),
        }
        docs = {**attrs, "schema_url": f"/{prefix}schema/", "assets_url": "/" + base}
        views = [
            path(f"{prefix}schema/", ZoneSchemaView.as_view(**attrs), name=f"revolution-{zone}-schema"),
            path(f"{prefix}docs/", ZoneSwaggerView.as_view(**docs), name=f"revolution-{zone}-docs"),
            path(f"{prefix}redoc/", ZoneRedocView.as_view(**docs), name=f"revolution-{zone}-redoc"),
        ]
        for item in [*mounted, *views]:
            setattr(item, MARK, zone)
            added.append(item)
    asset = path(f"{base}<str:name>", docs_asset, name="revolution-docs-asset")
    setattr(asset, MARK, "*")
    added.append(asset)
    return added


def _check_schema_options(config: RevolutionConfig, zone: str) -> None:
    """The schema view validates the zone's options per request: find a mistake at start-up instead."""
    from pydantic import ValidationError

    from revolution_core.config import problems_from_validation
    from revolution_core.errors import ConfigError
    from revolution_django.schema import SpectacularOptions

    try:
        SpectacularOptions.model_validate(config.zones[zone].schema_options)
    except ValidationError as exc:
        raise ConfigError(problems_from_validation(exc, prefix=f"zones.{zone}.schema_options"),
                          source="settings.DJANGO_REVOLUTION") from None
