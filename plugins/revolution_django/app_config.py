"""The seed's `django_revolution.app_config` import path, kept so that old settings files need only
their package name changed (`from revolution_django.app_config import ZoneConfig, get_revolution_config`)."""

from revolution_core.config import MonorepoConfig, RevolutionConfig, ZoneConfig, get_revolution_config

__all__ = ["MonorepoConfig", "RevolutionConfig", "ZoneConfig", "get_revolution_config"]
