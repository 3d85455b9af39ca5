"""The configuration API of settings files (`from revolution_django import ZoneConfig, get_revolution_config`),
also under the seed's `django_revolution.app_config` import path, kept so that old settings files need only
their package name changed (`from revolution_django.app_config import ZoneConfig, get_revolution_config`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from revolution_core import config as _core
from revolution_core.config import MonorepoConfig, RevolutionConfig, ZoneConfig
from revolution_core.errors import ConfigError


def get_revolution_config(
    project_root: Path | str,
    zones: dict[str, ZoneConfig | dict[str, Any]],
    debug: bool = False,
    monorepo: MonorepoConfig | list[MonorepoConfig] | None = None,
    **settings: Any,
) -> RevolutionConfig | dict[str, Any]:
    """The core's `get_revolution_config` for settings.py: a valid configuration is a `RevolutionConfig`.
    An invalid one is kept as the plain dict `settings.DJANGO_REVOLUTION` may also be, so that importing
    the settings never fails on it (a traceback out of every manage.py command, `migrate` included):
    `manage.py revolution`, `revolution run` and `manage.py check` report each problem, with the Django
    checks of the zones, in one located message."""
    try:
        return _core.get_revolution_config(project_root, zones, debug, monorepo, **settings)
    except ConfigError:
        return {"project_root": Path(project_root), "zones": zones, "debug": debug, "monorepo": monorepo, **settings}


__all__ = ["MonorepoConfig", "RevolutionConfig", "ZoneConfig", "get_revolution_config"]
