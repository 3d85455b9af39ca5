"""Options of the `python` generator: run-wide `PythonOptions` (`plugin_options["python"]`: one
distribution, one runtime) and per-zone `PythonZoneOptions` (a zone's
`generators: [{"name": "python", "options": {...}}]`, with defaults from `plugin_options["python"]`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from revolution_core.openapi import find_refresh_path
from revolution_core.packaging import DistributionName, Semver, python_module_name

ModelType = Literal["pydantic_v2.BaseModel", "pydantic_v2.dataclass", "dataclasses.dataclass", "typing.TypedDict"]
PythonTarget = Literal["3.11", "3.12", "3.13", "3.14"]


class PythonOptions(BaseModel):
    """The run-wide knobs of the generated distribution; unknown keys are mistakes (extra="forbid")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    package_name: DistributionName = Field("api-client", description="distribution name; module: '-' -> '_'")
    package_version: Semver | None = Field(
        None, description="fixes the version; by default it follows the API's changes by semver (see docs/releases.md)"
    )
    description: str | None = None
    refresh_path: str | None = Field(
        None,
        description=(
            "JWT refresh endpoint (e.g. /api/public/token/refresh/); default: the first POST path ending in "
            "`token/refresh/` in the zones' schemas (none: no refresh on 401); '' turns refreshing off"
        ),
    )
    token_keyword: str | None = Field(
        None,
        description=(
            "the keyword of `Authorization: <keyword> <key>` schemes (DRF TokenAuthentication, knox); default: "
            "what the schema's description says (drf-spectacular: 'Token'), else the key is sent as given"
        ),
    )
    target_python_version: PythonTarget = "3.11"
    formatter: Literal["ruff", "builtin", "black"] = Field(
        "ruff",
        description=(
            "ruff: every generated file passes `ruff check` and `ruff format --check` (ruff's defaults); "
            "builtin/black: only models.py is formatted, by datamodel-code-generator"
        ),
    )
    line_length: int = Field(100, ge=60, le=200)
    timeout: float = Field(30.0, gt=0, description="default request timeout of the generated clients, seconds")
    max_retries: int = Field(2, ge=0, le=10, description="retries of idempotent requests (429/502/503/504, I/O)")


    @field_validator("refresh_path")
    @classmethod
    def _absolute_path(cls, value: str | None) -> str | None:
        if value and not value.startswith("/"):
            raise ValueError(
                f"{value!r} must be a path starting with '/', e.g. '/api/public/token/refresh/' "
                "('' turns refreshing off)"
            )
        return value

    @property
    def module(self) -> str:
        return python_module_name(self.package_name)


class PythonZoneOptions(BaseModel):
    """How one zone's models are generated (datamodel-code-generator settings)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    output_model_type: ModelType = "pydantic_v2.BaseModel"
    strict_nullable: bool = True
    email_as_str: bool = Field(True, description="map format: email to str (EmailStr needs email-validator)")
    model_options: dict[str, Any] = Field(
        default_factory=dict, description="extra datamodel-code-generator options, passed to generate() as is"
    )


def refresh_path_for(option: str | None, documents: Iterable[Mapping[str, Any]]) -> str | None:
    """The refresh endpoint the clients use: the option when given ('' = off), else the core's rule over
    the documents (the operation marked as refresh, else simplejwt's `token/refresh/`), else none."""
    if option is not None:
        return option or None
    return find_refresh_path(documents)


module_name = python_module_name
