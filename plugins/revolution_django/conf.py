"""Read the run configuration from `settings.DJANGO_REVOLUTION` (a `RevolutionConfig` built with
`get_revolution_config(...)`, or a plain dict validated the same way)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from revolution_core.config import RevolutionConfig, ZoneConfig, parse_config
from revolution_core.errors import ConfigError, RevolutionError

DEBUG_ENV = "DJANGO_REVOLUTION_DEBUG"
SETTING = "DJANGO_REVOLUTION"


def env_debug() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def settings_config() -> RevolutionConfig:
    """The configuration in Django settings; `DJANGO_REVOLUTION_DEBUG=1` turns debug on."""
    from django.conf import settings

    value = getattr(settings, SETTING, None)
    if value is None:
        raise RevolutionError(
            "settings.DJANGO_REVOLUTION is not set: add `DJANGO_REVOLUTION = get_revolution_config("
            "project_root=BASE_DIR, zones={'public': ZoneConfig(apps=['myapp'])})` to your settings "
            "(import them with `from revolution_django import ZoneConfig, get_revolution_config`)"
        )
    if isinstance(value, RevolutionConfig):
        config = value
    elif isinstance(value, dict):
        config = parse_settings_dict(value, default_root=Path(getattr(settings, "BASE_DIR", Path.cwd())))
    else:
        raise RevolutionError(
            f"settings.DJANGO_REVOLUTION is a {type(value).__name__}; build it with get_revolution_config(...) "
            "or write a dict with `project_root` and `zones`"
        )
    if env_debug() and not config.debug:
        config = config.model_copy(update={"debug": True})
    return config


def parse_settings_dict(data: dict[str, Any], default_root: Path) -> RevolutionConfig:
    """Validate a dict configuration (zones with `urls`/`paths` use this plugin's `ZoneConfig`). If it is
    invalid, the Django checks of the zones that did parse are added to the same report, so that every
    problem shows at once."""
    from pydantic import ValidationError

    from revolution_core.config import problems_from_validation
    from revolution_django.app_config import django_zone

    data = {"project_root": default_root, **data}
    raw_zones = data.get("zones")
    problems: list[Any] = []
    zones: dict[str, ZoneConfig] = {}
    if isinstance(raw_zones, dict):
        converted: dict[str, Any] = {}
        for name, raw in raw_zones.items():
            try:
                converted[name] = django_zone(raw)
            except ValidationError as exc:
                problems.extend(problems_from_validation(exc, prefix=f"zones.{name}"))
                continue
            if isinstance(converted[name], ZoneConfig):
                zones[str(name)] = converted[name]
        data["zones"] = converted
    try:
        config = parse_config(data, source="settings.DJANGO_REVOLUTION")
    except ConfigError as exc:
        problems = [*problems, *exc.problems]
    else:
        if not problems:
            return config
    for name, raw in (raw_zones.items() if isinstance(raw_zones, dict) else []):
        if str(name) not in zones and isinstance(raw, dict) and not any(p.location.startswith(f"zones.{name}")
                                                                       for p in problems):
            try:
                zones[str(name)] = ZoneConfig.model_validate(raw)
            except Exception:  # already reported by parse_config
                continue
    if zones:
        from revolution_django.validation import validate_zone_configuration

        # Not the project's URLs: this may run while ROOT_URLCONF is being imported (add_revolution_urls).
        extra = validate_zone_configuration(zones, api_prefix=str(data.get("api_prefix", "api")), project_urls=False)
        if any("not a safe slug" in p.message for p in extra):  # ours name every zone, not just the first
            problems = [p for p in problems if not (p.location == "zones" and "not a safe slug" in p.message)]
        known = {(p.location, p.message) for p in problems}
        problems.extend(p for p in extra if (p.location, p.message) not in known)
    raise ConfigError(problems, source="settings.DJANGO_REVOLUTION") from None


def django_zone_names(config: RevolutionConfig) -> list[str]:
    """Zones served by this plugin: explicit `source="django"`, or no source and no `openapi_file`."""
    return [name for name, zone in config.zones.items() if is_django_zone(zone)]


def is_django_zone(zone: ZoneConfig) -> bool:
    if zone.source:
        return zone.source == "django"
    return accepts_zone(zone)


def accepts_zone(zone: ZoneConfig) -> bool:
    """Zones with `apps`, `urls` or `paths`; also zones with nothing at all (no openapi_file, no source_options),
    so that validation reports them as empty instead of 'no zone source serves this zone'."""
    if zone.openapi_file:
        return False
    return bool(zone.apps or getattr(zone, "urls", None) or getattr(zone, "paths", None)) or not zone.source_options


def zone_prefix(api_prefix: str, zone_name: str, zone: ZoneConfig) -> str:
    """`api/public/`: the URL prefix of a zone, without a leading slash."""
    parts = [api_prefix.strip("/"), (zone.path_prefix if zone.path_prefix is not None else zone_name).strip("/")]
    joined = "/".join(part for part in parts if part)
    return f"{joined}/" if joined else ""
