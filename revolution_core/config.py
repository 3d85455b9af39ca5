"""Configuration models: what a user writes in settings.py, pyproject.toml or revolution.toml.

`ZoneConfig`, `MonorepoConfig` and `get_revolution_config` keep the names and arguments of the
original Django Revolution so that a settings file written for it needs only its import changed.
Plugin names are checked later, against the loaded plugins (see `revolution_core.plan`).
"""

from __future__ import annotations

import difflib
import keyword
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from revolution_core.errors import ConfigError, Problem

ZONE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CONFIG_FILENAMES = ("revolution.toml", "pyproject.toml")


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PluginSelection(_Frozen):
    """A stage plugin chosen by name, with options validated against the plugin's `Options` model."""

    name: str
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class GeneratorSelection(PluginSelection):
    """A client generator selected for a zone: `"typescript"` or `{"name": "python", "options": {...}}`."""


class ZoneConfig(_Frozen):
    """One API zone. Its name is the key of the `zones` dict, never a field.

    Django zones list `apps`; zones of any other API point `openapi_file` at an OpenAPI document.
    `generators=None` means the run-wide default (`RevolutionConfig.generators`).
    """

    apps: list[str] = Field(default_factory=list)
    title: str = ""
    description: str = ""
    public: bool = False
    auth_required: bool = True
    version: str = "v1"
    path_prefix: str | None = None
    permissions: list[str] | None = None
    openapi_file: str | None = None
    source: str | None = None
    schema_producer: str | None = None
    source_options: dict[str, Any] = Field(default_factory=dict)
    schema_options: dict[str, Any] = Field(default_factory=dict)
    generators: list[GeneratorSelection] | None = None

    @field_validator("version")
    @classmethod
    def _version_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank (e.g. 'v1')")
        return value


class MonorepoConfig(_Frozen):
    """One monorepo target the generated packages are synced into (the `monorepo` sync plugin)."""

    enabled: bool = True
    path: Path
    api_package_path: str = "packages/api"
    package_name: str | None = None
    include_python: bool = False
    python_package_path: str | None = None
    post_sync_command: str | None = None


class OutputConfig(_Frozen):
    """Where things are written, relative to the project root (absolute paths are kept as given)."""

    schemas_dir: str = "openapi/schemas"
    clients_dir: str = "clients"
    archive_dir: str = "openapi/archive"


class RevolutionConfig(_Frozen):
    """The whole-run configuration shared by every stage."""

    project_root: Path
    zones: dict[str, ZoneConfig]
    debug: bool = False
    project_version: str | None = None
    api_prefix: str = "api"
    output: OutputConfig = Field(default_factory=OutputConfig)
    generators: list[GeneratorSelection] = Field(
        default_factory=lambda: [GeneratorSelection(name="typescript"), GeneratorSelection(name="python")]
    )
    plugin_options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    archivers: list[PluginSelection] = Field(default_factory=lambda: [PluginSelection(name="archive")])
    sync_targets: list[PluginSelection] | None = None
    monorepo: list[MonorepoConfig] = Field(default_factory=list)
    max_workers: int | None = Field(default=None, ge=1)

    @field_validator("zones")
    @classmethod
    def _zone_names_are_slugs(cls, zones: dict[str, ZoneConfig]) -> dict[str, ZoneConfig]:
        if not zones:
            raise ValueError("define at least one zone, e.g. zones={'public': ZoneConfig(apps=['catalog'])}")
        bad = [name for name in zones if not ZONE_NAME.match(name) or keyword.iskeyword(name)]
        if bad:
            names = ", ".join(f"zone name {name!r}" for name in bad)
            raise ValueError(
                f"{names} {'is' if len(bad) == 1 else 'are'} not a safe slug: use lowercase letters, digits and "
                "'_', starting with a letter, at most 40 characters, and not a Python keyword "
                "(it becomes a directory, a Python package and a TypeScript property)"
            )
        return zones

    @field_validator("monorepo", mode="before")
    @classmethod
    def _one_or_many_targets(cls, value: Any) -> Any:
        if value is None:
            return []
        return value if isinstance(value, list | tuple) else [value]

    @property
    def schemas_dir(self) -> Path:
        return self.project_root / self.output.schemas_dir

    @property
    def clients_dir(self) -> Path:
        return self.project_root / self.output.clients_dir

    @property
    def archive_dir(self) -> Path:
        return self.project_root / self.output.archive_dir

    def selected_sync_targets(self) -> list[PluginSelection]:
        """Explicit `sync_targets` win; otherwise an enabled monorepo config turns on `monorepo`."""
        if self.sync_targets is not None:
            return list(self.sync_targets)
        if any(target.enabled for target in self.monorepo):
            return [PluginSelection(name="monorepo")]
        return []

    def zone_generators(self, zone: str) -> list[GeneratorSelection]:
        """The generators a zone runs: its own list, else the run-wide default."""
        own = self.zones[zone].generators
        return list(own if own is not None else self.generators)

    def options_for(self, plugin: str, selection: PluginSelection | None = None) -> dict[str, Any]:
        """Run-wide `plugin_options[plugin]` overlaid with a zone's own options for it."""
        merged = dict(self.plugin_options.get(plugin, {}))
        if selection is not None:
            merged.update(selection.options)
        return merged


def get_revolution_config(
    project_root: Path | str,
    zones: dict[str, ZoneConfig | dict[str, Any]],
    debug: bool = False,
    monorepo: MonorepoConfig | list[MonorepoConfig] | None = None,
    **settings: Any,
) -> RevolutionConfig:
    """Build and validate the configuration (the seed's `DJANGO_REVOLUTION = get_revolution_config(...)`).

    Extra keyword arguments are `RevolutionConfig` fields (`api_prefix`, `generators`, `plugin_options`,
    `output`, ...). Mistakes raise `ConfigError` naming each field at fault.
    """
    data = {"project_root": Path(project_root), "zones": zones, "debug": debug, "monorepo": monorepo}
    return parse_config(data | settings, source="get_revolution_config()")


def parse_config(data: dict[str, Any], source: str) -> RevolutionConfig:
    """Validate raw data into a `RevolutionConfig`, turning pydantic errors into located problems."""
    try:
        return RevolutionConfig.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(problems_from_validation(exc), source=source) from None


def problems_from_validation(
    exc: ValidationError, prefix: str = "", fields: list[str] | None = None, keys: set[str] | None = None
) -> list[Problem]:
    """`zones.admin.generators[1].options.package_name: ...` style locations from a pydantic error.

    `fields` are the valid names, for a did-you-mean on unknown settings (default: every config field);
    with `keys`, only errors about those top-level keys are kept."""
    known = fields if fields is not None else _config_fields()
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        if keys is not None and (not loc or str(loc[0]) not in keys):
            continue
        location = prefix
        for part in loc:
            if isinstance(part, int):
                location += f"[{part}]"
            elif part not in {"function-after[_from_name(), GeneratorSelection]", "str"}:
                location += f".{part}" if location else str(part)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            close = difflib.get_close_matches(str(loc[-1]), known, n=1)
            hint = f"did you mean '{close[0]}'?" if close else "check its spelling"
            listed = f" Valid settings here: {', '.join(sorted(fields))}." if fields is not None else ""
            message = f"unknown setting; {hint}{listed}"
        problems.append(Problem(location, message))
    return problems


def _config_fields() -> list[str]:
    models: list[type[BaseModel]] = [RevolutionConfig, ZoneConfig, MonorepoConfig, OutputConfig, PluginSelection]
    return sorted({name for model in models for name in model.model_fields})


def find_config_file(start: Path) -> Path | None:
    """The nearest `revolution.toml`, or `pyproject.toml` with a `[tool.revolution]` table, upwards."""
    for directory in (start, *start.parents):
        for filename in CONFIG_FILENAMES:
            candidate = directory / filename
            if candidate.is_file() and (filename == "revolution.toml" or _has_tool_table(candidate)):
                return candidate
    return None


def _has_tool_table(pyproject: Path) -> bool:
    text = pyproject.read_text(encoding="utf-8")
    if "revolution" not in text:  # cheap test first: most pyproject.toml files never mention us
        return False
    try:
        return isinstance(tomllib.loads(text).get("tool", {}).get("revolution"), dict)
    except tomllib.TOMLDecodeError:
        return True  # let load_config_file report the syntax error with the file's name


def load_config_file(path: Path) -> RevolutionConfig:
    """Read `[tool.revolution]` (pyproject.toml) or the top level (revolution.toml)."""
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(Problem(path.name, f"is not valid TOML: {exc}"), source=str(path)) from None
    data = document.get("tool", {}).get("revolution", {}) if path.name == "pyproject.toml" else document
    if not isinstance(data, dict) or "zones" not in data:
        raise ConfigError(
            Problem("zones", "missing: add a [tool.revolution.zones.<name>] table with openapi_file = ..."),
            source=str(path),
        )
    data = dict(data)
    root = Path(data.pop("project_root", ".")) if "project_root" in data else Path(".")
    data["project_root"] = (path.parent / root).resolve()
    if "project_version" not in data and path.name == "pyproject.toml":
        data["project_version"] = document.get("project", {}).get("version")
    return parse_config(data, source=str(path))
