"""`from django_revolution.app_config import ZoneConfig, MonorepoConfig, get_revolution_config`: the Django
plugin's configuration API, and the monorepo plugin's `MonorepoConfig` (a plugin of its own here)."""

from revolution_django.app_config import RevolutionConfig, ZoneConfig, get_revolution_config
from revolution_monorepo import MonorepoConfig

__all__ = ["MonorepoConfig", "RevolutionConfig", "ZoneConfig", "get_revolution_config"]
