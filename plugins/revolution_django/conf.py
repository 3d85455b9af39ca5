"""The Django plugin's own settings: the zone fields it reads (`apps`, `public`, `auth_required`,
`permissions`, `path_prefix`), its run-wide options (`api_prefix`), and reading the run configuration
from `settings.DJANGO_REVOLUTION` (a `RevolutionConfig` built with `get_revolution_config(...)`, or a
plain dict validated the same way)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationError

from revolution_core.config import RevolutionConfig, ZoneConfig, parse_config, problems_from_validation
from revolution_core.errors import ConfigError, Problem, RevolutionError
from revolution_django.urlentries import UrlEntry, parse_path_prefix, parse_url_entry

DEBUG_ENV = "DJANGO_REVOLUTION_DEBUG"
SETTING = "DJANGO_REVOLUTION"
SOURCE = "django"


class DjangoZoneFields(BaseModel):
    """A Django zone's fields (the original Django Revolution's `ZoneConfig` arguments plus ours). A zone takes
    its routes from any mix of `apps`, `urls` and `paths` (see `revolution_django.urlentries`)."""

    apps: list[str] = Field(default_factory=list, description="Django apps whose `urls` modules the zone serves")
    urls: list[Annotated[UrlEntry, BeforeValidator(parse_url_entry)]] = Field(
        default_factory=list, description="urlconf modules mounted under the zone prefix, each optionally under a "
        "sub-prefix: 'djoser.urls', ('knox/', 'knox.urls')")
    paths: list[Annotated[str, BeforeValidator(parse_path_prefix)]] = Field(
        default_factory=list, description="path prefixes of ROOT_URLCONF whose routes form the zone, served where "
        "they are: '/api/auth/'")
    public: bool = Field(False, description="a public zone's docs and schema are open to anonymous users")
    auth_required: bool = Field(True, description="every operation of the zone requires authentication")
    permissions: list[str] | None = Field(None, description="dotted DRF permission classes for the docs views")
    path_prefix: str | None = Field(None, description="URL segment under api_prefix (default: the zone's name)")


class DjangoZoneOptions(DjangoZoneFields):
    """`DjangoZoneFields` as the zone source validates them: anything else is a located mistake."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class DjangoOptions(BaseModel):
    """`plugin_options={"django": {"api_prefix": "api"}}` (or `get_revolution_config(api_prefix=...)`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    api_prefix: str = Field("api", description="URL prefix every zone is mounted under by add_revolution_urls")
    verify: dict[str, Any] = Field(default_factory=dict, description="`revolution verify` settings (docs/verify.md)")


ZONE_KEYS = frozenset(DjangoZoneFields.model_fields)


def env_debug() -> bool:
    return os.environ.get(DEBUG_ENV, "").strip().lower() in {"1", "true", "yes", "on"}


def accepts_fields(fields: Mapping[str, Any]) -> bool:
    """A zone with Django fields; also one with no source fields at all, so that validation reports it as
    empty (with the fix) instead of 'no zone source serves this zone'."""
    return bool(set(fields) & ZONE_KEYS) or not fields


def is_django_zone(zone: ZoneConfig) -> bool:
    if zone.source:
        return zone.source == SOURCE
    return accepts_fields(zone.source_fields())


def django_options(config: RevolutionConfig) -> DjangoOptions:
    raw = {k: v for k, v in config.plugin_options.get(SOURCE, {}).items() if k in DjangoOptions.model_fields}
    try:
        return DjangoOptions.model_validate(raw)
    except ValidationError as exc:
        problems = problems_from_validation(exc, f"plugin_options.{SOURCE}")
        raise ConfigError(problems, source=f"settings.{SETTING}") from None


def zone_fields(config: RevolutionConfig, name: str) -> DjangoZoneOptions:
    """One Django zone's validated fields (`plugin_options["django"]` giving defaults), as the zone source
    sees them; a mistake is a located `ConfigError`."""
    defaults = {k: v for k, v in config.plugin_options.get(SOURCE, {}).items() if k in ZONE_KEYS}
    try:
        return DjangoZoneOptions.model_validate(defaults | config.zones[name].source_fields())
    except ValidationError as exc:
        raise ConfigError(problems_from_validation(exc, f"zones.{name}", fields=sorted(ZONE_KEYS)),
                          source=f"settings.{SETTING}") from None


def django_zones(config: RevolutionConfig) -> dict[str, DjangoZoneOptions]:
    """Every zone this plugin serves, with its fields; all field mistakes at once as one `ConfigError`."""
    zones: dict[str, DjangoZoneOptions] = {}
    problems: list[Problem] = []
    for name, zone in config.zones.items():
        if not is_django_zone(zone):
            continue
        try:
            zones[name] = zone_fields(config, name)
        except ConfigError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ConfigError(problems, source=f"settings.{SETTING}")
    return zones


def django_zone_names(config: RevolutionConfig) -> list[str]:
    """Zones served by this plugin: explicit `source="django"`, or no source and Django fields (or none)."""
    return [name for name, zone in config.zones.items() if is_django_zone(zone)]


def zone_prefix(api_prefix: str, zone_name: str, zone: DjangoZoneFields) -> str:
    """`api/public/`: the URL prefix of a zone, without a leading slash."""
    parts = [api_prefix.strip("/"), (zone.path_prefix if zone.path_prefix is not None else zone_name).strip("/")]
    joined = "/".join(part for part in parts if part)
    return f"{joined}/" if joined else ""


def settings_config() -> RevolutionConfig:
    """The configuration in Django settings; `DJANGO_REVOLUTION_DEBUG=1` turns debug on."""
    from django.conf import settings

    value = getattr(settings, SETTING, None)
    if value is None:
        raise ConfigError(Problem(f"settings.{SETTING}", (
            "is not set: add `DJANGO_REVOLUTION = get_revolution_config(project_root=BASE_DIR, "
            "zones={'public': ZoneConfig(apps=['myapp'])})` to your settings (import them with "
            "`from revolution_django import ZoneConfig, get_revolution_config`)")), source="Django settings")
    if isinstance(value, RevolutionConfig):
        config = value
    elif isinstance(value, dict):
        config = parse_settings_dict(value, default_root=Path(getattr(settings, "BASE_DIR", Path.cwd())))
    else:
        raise RevolutionError(
            f"settings.DJANGO_REVOLUTION is a {type(value).__name__}; build it with get_revolution_config(...) "
            "or write a dict with `project_root` and `zones`"
        )
    if env_debug() and not config.debug:
        config = config.model_copy(update={"debug": True})
    return config


def parse_settings_dict(data: dict[str, Any], default_root: Path) -> RevolutionConfig:
    """Validate a dict configuration written for the original tool or for us: the original's top-level
    `api_prefix` and `monorepo` go to the plugins that own them."""
    from revolution_django.app_config import settings_data

    return parse_config(settings_data({"project_root": default_root, **data}), source=f"settings.{SETTING}",
                        fields=setting_names())


def setting_names() -> list[str]:
    """What `get_revolution_config(...)` / a DJANGO_REVOLUTION dict accepts, for did-you-mean."""
    from revolution_core.config import config_fields

    return sorted({*config_fields(), "api_prefix", "monorepo"})
