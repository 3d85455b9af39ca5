"""The original Django Revolution's import paths, kept so that its settings.py and urls.py work unchanged:
`from django_revolution.app_config import ZoneConfig, get_revolution_config`,
`from django_revolution.urls_integration import add_revolution_urls` and `'django_revolution'` in
INSTALLED_APPS (which provides `manage.py revolution`). Names and signatures only: everything here is
`revolution_django`'s implementation, re-exported. Importing it imports no Django."""

from __future__ import annotations

from revolution_django import RevolutionConfig, ZoneConfig, add_revolution_urls, get_revolution_config
from revolution_monorepo import MonorepoConfig

__all__ = ["MonorepoConfig", "RevolutionConfig", "ZoneConfig", "add_revolution_urls", "get_revolution_config"]
