"""Django Revolution's Django face: zones from `settings.DJANGO_REVOLUTION`, drf-spectacular schemas,
`add_revolution_urls` and `manage.py revolution`.

Importing this package must stay cheap and safe inside settings.py: only the config models are imported
here; everything touching Django is imported when first used. `ZoneConfig` is the core's zone model plus
the Django URL forms (`apps`, `urls`, `paths`).
"""

from __future__ import annotations

from typing import Any

from revolution_core.config import MonorepoConfig, RevolutionConfig
from revolution_django.app_config import ZoneConfig, get_revolution_config


def add_revolution_urls(urlpatterns: list[Any], config: RevolutionConfig | None = None) -> list[Any]:
    """Mount every Django zone's API, schema and docs onto `urlpatterns` (see `urls_integration`)."""
    from revolution_django.urls_integration import add_revolution_urls as _add

    return _add(urlpatterns, config)


__all__ = ["MonorepoConfig", "RevolutionConfig", "ZoneConfig", "add_revolution_urls", "get_revolution_config"]
