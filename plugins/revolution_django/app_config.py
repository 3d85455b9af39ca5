"""The configuration API of settings files, with the original Django Revolution's names and arguments:
`ZoneConfig(apps=..., public=..., auth_required=...)` and `get_revolution_config(project_root, zones,
debug=False, monorepo=None, **settings)`.

The core's configuration is neutral; this module maps the original's Django-flavoured arguments onto
the plugins that own them (`api_prefix` -> `plugin_options["django"]`, `monorepo` ->
`plugin_options["monorepo"]["targets"]`)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel

from revolution_core import config as _core
from revolution_core.config import RevolutionConfig
from revolution_core.errors import ConfigError
from revolution_django.conf import DjangoZoneFields


class ZoneConfig(_core.ZoneConfig, DjangoZoneFields):
    """A Django zone: its routes from `apps` (each app's `urls`), `urls` (urlconf modules, optionally under a
    sub-prefix) and `paths` (routes of ROOT_URLCONF under these prefixes, served where they are); `public`,
    `auth_required`, `permissions`, `path_prefix`; plus every neutral zone field (`title`, `version`, ...)."""


def settings_data(data: dict[str, Any]) -> dict[str, Any]:
    """Move the original's top-level `api_prefix` and `monorepo` into the owning plugins' options."""
    data = dict(data)
    plugin_options = {name: dict(values) for name, values in (data.get("plugin_options") or {}).items()}
    if "api_prefix" in data:
        plugin_options.setdefault("django", {})["api_prefix"] = data.pop("api_prefix")
    monorepo = data.pop("monorepo", None)
    if monorepo is not None:
        targets = monorepo if isinstance(monorepo, list | tuple) else [monorepo]
        plugin_options.setdefault("monorepo", {})["targets"] = [
            target.model_dump() if isinstance(target, BaseModel) else target for target in targets
        ]
    if plugin_options:
        data["plugin_options"] = plugin_options
    return data


def get_revolution_config(
    project_root: Path | str,
    zones: dict[str, _core.ZoneConfig | dict[str, Any]],
    debug: bool = False,
    monorepo: Any = None,
    **settings: Any,
) -> RevolutionConfig | dict[str, Any]:
    """Build the configuration for `DJANGO_REVOLUTION = get_revolution_config(...)`.

    Extra keyword arguments are `RevolutionConfig` fields (`generators`, `plugin_options`, `output`, ...) and
    the original's `api_prefix`. A valid configuration is a `RevolutionConfig`. An invalid one is kept as the
    plain dict `settings.DJANGO_REVOLUTION` may also be, so that importing the settings never fails on it (a
    traceback out of every manage.py command, `migrate` included): `manage.py revolution`, `revolution run`
    and `manage.py check` report each problem in one located message."""
    data = {"project_root": Path(project_root), "zones": zones, "debug": debug, "monorepo": monorepo, **settings}
    from revolution_django.conf import setting_names

    try:
        return _core.parse_config(settings_data(data), source="get_revolution_config()", fields=setting_names())
    except ConfigError:
        return {key: value for key, value in data.items() if value is not None or key != "monorepo"}


__all__ = ["RevolutionConfig", "ZoneConfig", "get_revolution_config"]
