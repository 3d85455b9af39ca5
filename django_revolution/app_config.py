"""`from django_revolution.app_config import ZoneConfig, MonorepoConfig, get_revolution_config`."""

from revolution_django.app_config import MonorepoConfig, RevolutionConfig, ZoneConfig, get_revolution_config

__all__ = ["MonorepoConfig", "RevolutionConfig", "ZoneConfig", "get_revolution_config"]
