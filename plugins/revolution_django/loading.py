"""`settings.DJANGO_REVOLUTION` as the commands, checks and `revolution run` load it: when the settings
are invalid, the Django problems of the zones that did parse (an unknown app, say) join the same report,
so that every problem shows at once. Needs Django set up."""

from __future__ import annotations

from revolution_core.config import RevolutionConfig
from revolution_core.errors import ConfigError, Problem


def load_config() -> RevolutionConfig:
    from revolution_django.conf import settings_config

    try:
        return settings_config()
    except ConfigError as exc:
        extra = _zone_problems()
        known = set(exc.problems)
        raise ConfigError([*exc.problems, *(p for p in extra if p not in known)], source=exc.source) from None


def _zone_problems() -> list[Problem]:
    """The Django checks of the zones that parse on their own, from the raw setting."""
    from django.conf import settings
    from pydantic import ValidationError

    from revolution_django.app_config import ZoneConfig, settings_data
    from revolution_django.conf import SETTING, DjangoOptions, accepts_fields
    from revolution_django.zones import validate_zone_configuration

    raw = getattr(settings, SETTING, None)
    if not isinstance(raw, dict) or not isinstance(raw.get("zones"), dict):
        return []
    data = settings_data(raw)
    zones = {}
    for name, zone in raw["zones"].items():
        try:
            parsed = zone if isinstance(zone, ZoneConfig) else ZoneConfig.model_validate(
                zone.model_dump() if hasattr(zone, "model_dump") else zone)
        except (ValidationError, TypeError):
            continue  # already reported by the configuration's own validation
        if parsed.source in (None, "django") and accepts_fields(parsed.source_fields()):
            zones[str(name)] = parsed
    try:
        prefix = DjangoOptions.model_validate(
            {k: v for k, v in data.get("plugin_options", {}).get("django", {}).items() if k == "api_prefix"}
        ).api_prefix
    except ValidationError:
        prefix = "api"
    try:
        return validate_zone_configuration(zones, api_prefix=prefix)
    except ConfigError as exc:
        return list(exc.problems)
