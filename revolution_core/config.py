"""The neutral configuration: what every project has, whatever its zone sources and generators.

Plugins own the rest. A zone source declares the zone fields it reads (the URL modules of a web framework's
zone, the document of a zone read from a file) in its `ZoneOptions` model; every stage plugin declares its
run-wide settings in `Options` (given in `plugin_options[<name>]`). `ZoneConfig` therefore keeps unknown
keys, and the plan validates them against the zone source that serves the zone (see `revolution_core.plan`),
so a typo is still a located error with a did-you-mean.
"""

from __future__ import annotations

import difflib
import keyword
import re
import tomllib
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from revolution_core.errors import ConfigError, Problem

ZONE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
CONFIG_FILENAMES = ("revolution.toml", "pyproject.toml")


def zone_name_problem(name: str) -> str | None:
    """The one zone-name rule: a zone name becomes a directory, a Python package and a TypeScript property."""
    if ZONE_NAME.match(name) and not keyword.iskeyword(name):
        return None
    return (
        f"zone name {name!r} is not a safe slug: use lowercase letters, digits and '_', starting with a letter, "
        f"at most 40 characters, and not a Python keyword (e.g. {slugify(name)!r}); it becomes a directory, "
        "a Python package and a TypeScript property"
    )


def slugify(name: str) -> str:
    slug = re.sub(r"[^a-z0-9_]+", "_", name.lower()).strip("_")
    if not slug or not slug[0].isalpha():
        slug = f"zone_{slug}"
    slug = slug[:40]
    return f"{slug[:35]}_zone" if keyword.iskeyword(slug) else slug


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class PluginSelection(_Frozen):
    """A stage plugin chosen by name, with options validated against the plugin's own models."""

    name: str
    options: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _from_name(cls, value: Any) -> Any:
        return {"name": value} if isinstance(value, str) else value


class GeneratorSelection(PluginSelection):
    """A client generator selected for a zone, by name or as `{"name": ..., "options": {...}}`.
    A zone's `options` are the generator's per-zone `ZoneOptions`."""


class ZoneConfig(BaseModel):
    """One API zone. Its name is the key of the `zones` dict, never a field.

    The fields here are the ones every zone has. Any other key belongs to the zone's source, which declares
    it and validates it (a source's plugin may also offer a typed `ZoneConfig` subclass with its fields).
    `generators=None` means the run-wide default.
    """

    model_config = ConfigDict(frozen=True, extra="allow")

    title: str = ""
    description: str = ""
    version: str = "v1"
    source: str | None = None
    schema_producer: str | None = None
    schema_options: dict[str, Any] = Field(default_factory=dict)
    generators: list[GeneratorSelection] | None = None

    @field_validator("version")
    @classmethod
    def _version_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be blank (e.g. 'v1')")
        return value

    def source_fields(self) -> dict[str, Any]:
        """The keys that belong to the zone's source: unknown keys, and the fields a subclass added (a
        source's typed `ZoneConfig`), as far as they were given."""
        own = set(ZoneConfig.model_fields)
        given = {name: getattr(self, name) for name in self.model_fields_set if name not in own}
        return given | dict(self.model_extra or {})


class OutputConfig(_Frozen):
    """Where the core writes, relative to the project root (absolute paths are kept as given). Plugins
    that write elsewhere (archives, say) own that setting in their options."""

    schemas_dir: str = "openapi/schemas"
    clients_dir: str = "clients"


class InputsConfig(_Frozen):
    """Extra inputs of a run that no plugin can see (read at import time by your code, say): when one of
    them changes, `revolution run` does the work again instead of reporting that nothing changed."""

    environment: list[str] = Field(default_factory=list, description="names of environment variables")
    files: list[str] = Field(
        default_factory=list, description="files or glob patterns (`**` allowed), relative to project_root"
    )


CORE_ZONE_FIELDS = frozenset(ZoneConfig.model_fields)
ZONE_NAMES_ERROR = "zone_names"


class CheckConfig(_Frozen):
    """`revolution check` defaults: `breaking=True` gates breaking changes as `--breaking` does, against
    `baseline_ref` (a git ref, e.g. "origin/main") when given."""

    breaking: bool = False
    baseline_ref: str | None = None


class RevolutionConfig(_Frozen):
    """The whole-run configuration shared by every stage.

    `generators`, `archivers` and `sync_targets` left unset select the plugins that say they are on by
    default (the built-in TypeScript and Python generators and the archiver; a sync target once its
    options configure a target); `[]` selects none.
    """

    project_root: Path
    zones: dict[str, ZoneConfig]
    debug: bool = False
    project_version: str | None = None
    output: OutputConfig = Field(default_factory=OutputConfig)
    check: CheckConfig = Field(default_factory=CheckConfig)
    generators: list[GeneratorSelection] | None = None
    plugin_options: dict[str, dict[str, Any]] = Field(default_factory=dict)
    archivers: list[PluginSelection] | None = None
    sync_targets: list[PluginSelection] | None = None
    max_workers: int | None = Field(default=None, ge=1)
    inputs: InputsConfig = Field(default_factory=InputsConfig)

    @field_validator("zones")
    @classmethod
    def _zone_names_are_slugs(cls, zones: dict[str, ZoneConfig]) -> dict[str, ZoneConfig]:
        if not zones:
            raise ValueError("define at least one zone, e.g. zones={'<name>': ZoneConfig(...)}")
        problems = [problem for name in zones if (problem := zone_name_problem(name))]
        if problems:  # `parse_config` reports each at its zone
            raise PydanticCustomError(ZONE_NAMES_ERROR, "; ".join(problems))
        return zones

    @property
    def schemas_dir(self) -> Path:
        return self.project_root / self.output.schemas_dir

    @property
    def clients_dir(self) -> Path:
        return self.project_root / self.output.clients_dir

    def options_for(self, plugin: str, selection: PluginSelection | None = None) -> dict[str, Any]:
        """Run-wide `plugin_options[plugin]` overlaid with a selection's own options."""
        merged = dict(self.plugin_options.get(plugin, {}))
        if selection is not None:
            merged.update(selection.options)
        return merged


def parse_config(data: dict[str, Any], source: str, fields: list[str] | None = None) -> RevolutionConfig:
    """Validate raw data into a `RevolutionConfig`, turning pydantic errors into located problems.
    `fields` are the setting names the caller accepts (for the did-you-mean on a misspelt one)."""
    try:
        return RevolutionConfig.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation(exc, fields=fields or config_fields())
        if any(error["type"] == ZONE_NAMES_ERROR for error in exc.errors()):
            given = data.get("zones")
            zones: dict[Any, Any] = given if isinstance(given, dict) else {}
            named = [Problem(f"zones.{name}", problem) for name in zones if (problem := zone_name_problem(str(name)))]
            problems = named + [p for p in problems if p.location != "zones" or "not a safe slug" not in p.message]
        raise ConfigError(problems, source=source) from None


def problems_from_validation(
    exc: ValidationError, prefix: str = "", fields: list[str] | None = None, keys: set[str] | None = None
) -> list[Problem]:
    """`zones.admin.generators[1].options.package_name: ...` style locations from a pydantic error.

    `fields` are the valid names where the error occurred, for a did-you-mean on an unknown setting; with
    `keys`, only errors about those top-level keys are kept."""
    problems = []
    for error in exc.errors():
        loc = error["loc"]
        if keys is not None and (not loc or str(loc[0]) not in keys):
            continue
        location = prefix
        for part in loc:
            if isinstance(part, int):
                location += f"[{part}]"
            elif not _is_type_tag(part):
                location += f".{part}" if location else str(part)
        message = error["msg"].removeprefix("Value error, ")
        if error["type"] == "extra_forbidden":
            message = unknown_setting_message(str(loc[-1]), fields)
        problems.append(Problem(location, message))
    return problems


def _is_type_tag(part: str) -> bool:
    """pydantic names the union member or validator it tried in a location (`list[...]`, `function-after[...]`);
    users never write those."""
    return any(char in part for char in "[]()") or part in {"str", "int", "bool", "float", "dict", "list", "none"}


def unknown_setting_message(name: str, valid: list[str] | None) -> str:
    close = difflib.get_close_matches(name, valid or [], n=1)
    hint = f"did you mean '{close[0]}'?" if close else "check its spelling"
    listed = f" Valid settings here: {', '.join(sorted(valid))}." if valid else ""
    return f"unknown setting; {hint}{listed}"


def config_fields() -> list[str]:
    return sorted(RevolutionConfig.model_fields)


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
            Problem("zones", "missing: add a [tool.revolution.zones.<name>] table with the zone's fields"),
            source=str(path),
        )
    data = dict(data)
    root = Path(data.pop("project_root", ".")) if "project_root" in data else Path(".")
    data["project_root"] = (path.parent / root).resolve()
    if "project_version" not in data and path.name == "pyproject.toml":
        data["project_version"] = document.get("project", {}).get("version")
    return parse_config(data, source=str(path))
