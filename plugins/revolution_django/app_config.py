"""The configuration API of settings files (`from revolution_django import ZoneConfig, get_revolution_config`).

`ZoneConfig` is the core's zone model plus the Django zone forms (see `revolution_django.urlentries`):
`apps=[...]` (each app's `urls`), `urls=[...]` (urlconf modules, optionally under a sub-prefix) and
`paths=[...]` (routes of the project's own ROOT_URLCONF under these prefixes, served where they are).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import BeforeValidator, ConfigDict, Field

from revolution_core import config as _core
from revolution_core.config import MonorepoConfig, RevolutionConfig
from revolution_core.errors import ConfigError
from revolution_django.urlentries import UrlEntry, parse_path_prefix, parse_url_entry

DJANGO_FIELDS = ("urls", "paths")


class ZoneConfig(_core.ZoneConfig):
    """A Django zone: `apps`, `urls` and `paths` may be combined; each route belongs to one zone."""

    model_config = ConfigDict(frozen=True, extra="forbid", arbitrary_types_allowed=True)

    urls: list[Annotated[UrlEntry, BeforeValidator(parse_url_entry)]] = Field(default_factory=list)
    paths: list[Annotated[str, BeforeValidator(parse_path_prefix)]] = Field(default_factory=list)


def django_zone(value: Any) -> Any:
    """A zone given as a dict with Django URL forms becomes this plugin's `ZoneConfig`; others pass through."""
    if isinstance(value, dict) and any(key in value for key in DJANGO_FIELDS):
        return ZoneConfig.model_validate(value)
    return value


def get_revolution_config(
    project_root: Path | str,
    zones: dict[str, Any],
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
        parsed = {name: django_zone(zone) for name, zone in zones.items()} if isinstance(zones, dict) else zones
        return _core.get_revolution_config(project_root, parsed, debug, monorepo, **settings)
    except (ConfigError, ValueError):
        return {"project_root": Path(project_root), "zones": zones, "debug": debug, "monorepo": monorepo, **settings}


__all__ = ["MonorepoConfig", "RevolutionConfig", "ZoneConfig", "get_revolution_config"]
