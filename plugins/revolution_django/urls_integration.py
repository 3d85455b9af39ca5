"""`add_revolution_urls(urlpatterns)`: mount each Django zone's API under `/<api_prefix>/<zone>/`,
with `schema/`, `docs/` (Swagger UI) and `redoc/` next to it (the seed's URL integration)."""

from __future__ import annotations

from typing import Any

from revolution_core.config import RevolutionConfig

ASSETS_SEGMENT = "_revolution-docs"


def add_revolution_urls(urlpatterns: list[Any], config: RevolutionConfig | None = None) -> list[Any]:
    """Append every zone's URLs to `urlpatterns` (in place) and return it."""
    from django.urls import path

    from revolution_django.views import (
        ZoneRedocView,
        ZoneSchemaView,
        ZoneSwaggerView,
        docs_asset,
        zone_permission_classes,
    )
    from revolution_django.zones import DynamicZoneManager

    manager = DynamicZoneManager(config)
    config = manager.config
    _validate(manager)
    base = "/".join(part for part in [manager.api_prefix.strip("/"), ASSETS_SEGMENT] if part) + "/"
    assets_url = "/" + base
    for zone in manager.zone_names:
        _check_schema_options(config, zone)
        module = manager.get_zone_module(zone)
        prefix = manager.prefix(zone)
        urlpatterns.extend(module.urlpatterns)
        attrs = {
            "config": config,
            "zone": zone,
            "urlconf": module,
            "permission_classes": zone_permission_classes(manager.zones[zone]),
        }
        schema_url = f"/{prefix}schema/"
        urlpatterns.append(path(f"{prefix}schema/", ZoneSchemaView.as_view(**attrs), name=f"revolution-{zone}-schema"))
        docs = {**attrs, "schema_url": schema_url, "assets_url": assets_url}
        urlpatterns.append(path(f"{prefix}docs/", ZoneSwaggerView.as_view(**docs), name=f"revolution-{zone}-docs"))
        urlpatterns.append(path(f"{prefix}redoc/", ZoneRedocView.as_view(**docs), name=f"revolution-{zone}-redoc"))
    urlpatterns.append(path(f"{base}<str:name>", docs_asset, name="revolution-docs-asset"))
    return urlpatterns


def _check_schema_options(config: RevolutionConfig, zone: str) -> None:
    """The schema view validates the zone's options per request: fail at start-up instead, clearly."""
    from pydantic import ValidationError

    from revolution_core.config import problems_from_validation
    from revolution_core.errors import ConfigError
    from revolution_django.schema import SpectacularOptions

    try:
        SpectacularOptions.model_validate(config.zones[zone].schema_options)
    except ValidationError as exc:
        raise ConfigError(problems_from_validation(exc, prefix=f"zones.{zone}.schema_options"),
                          source="settings.DJANGO_REVOLUTION") from None


def _validate(manager: Any) -> None:
    """All zone problems in one error (an app's urls import error chained, with its traceback)."""
    from revolution_core.errors import ConfigError
    from revolution_django.zones import validate_zone_configuration

    errors: list[BaseException] = []
    problems = validate_zone_configuration(manager.config, detector=manager.detector, import_errors=errors)
    if problems:
        raise ConfigError(problems, source="Django Revolution zones (add_revolution_urls)") from (
            errors[0] if errors else None)
