"""Django Revolution's Django face: zones from `settings.DJANGO_REVOLUTION`, drf-spectacular schemas,
`add_revolution_urls` and `manage.py revolution`.

Importing this package must stay cheap and safe inside settings.py: only configuration models are
imported here; everything touching Django is imported when first used.
"""

from __future__ import annotations

from typing import Any

from revolution_core.config import RevolutionConfig
from revolution_django.app_config import ZoneConfig, get_revolution_config


def add_revolution_urls(urlpatterns: list[Any], config: RevolutionConfig | None = None) -> list[Any]:
    """Mount every Django zone's API, schema and docs onto `urlpatterns` (see `urls_integration`)."""
    from revolution_django.urls_integration import add_revolution_urls as _add

    return _add(urlpatterns, config)


__all__ = ["RevolutionConfig", "ZoneConfig", "add_revolution_urls", "get_revolution_config"]
