"""Options of the `python` generator (a zone's `generators: [{"name": "python", "options": {...}}]`,
or run-wide `plugin_options["python"]`)."""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

DISTRIBUTION_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9._-]*[A-Za-z0-9]$|^[A-Za-z]$")

ModelType = Literal["pydantic_v2.BaseModel", "pydantic_v2.dataclass", "dataclasses.dataclass", "typing.TypedDict"]
PythonTarget = Literal["3.11", "3.12", "3.13", "3.14"]


class PythonOptions(BaseModel):
    """Every knob of the generated distribution; unknown keys are mistakes (extra="forbid")."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    package_name: str = Field("api-client", description="distribution name; the module is it with '-' -> '_'")
    package_version: str | None = Field(None, description="defaults to the project's version, else 0.1.0")
    description: str | None = None
    refresh_path: str | None = Field(
        None,
        description=(
            "JWT refresh endpoint (e.g. /api/public/token/refresh/); default: the first POST path ending in "
            "`token/refresh/` in the zones' schemas (none: no refresh on 401); '' turns refreshing off"
        ),
    )
    output_model_type: ModelType = "pydantic_v2.BaseModel"
    target_python_version: PythonTarget = "3.11"
    strict_nullable: bool = True
    formatter: Literal["builtin", "black", "ruff"] = Field("builtin", description="builtin is ~2.5x faster")
    line_length: int = Field(100, ge=60, le=200)
    email_as_str: bool = Field(True, description="map format: email to str (EmailStr needs email-validator)")
    timeout: float = Field(30.0, gt=0, description="default request timeout of the generated clients, seconds")
    max_retries: int = Field(2, ge=0, le=10, description="retries of idempotent requests (429/502/503/504, I/O)")
    model_options: dict[str, Any] = Field(
        default_factory=dict, description="extra datamodel-code-generator options, passed to generate() as is"
    )

    @field_validator("package_name")
    @classmethod
    def _valid_distribution_name(cls, value: str) -> str:
        if not DISTRIBUTION_NAME.match(value):
            raise ValueError(
                f"{value!r} is not a valid distribution name: use letters, digits, '-', '_' or '.', "
                "starting with a letter (e.g. 'example-api-client')"
            )
        if keyword.iskeyword(module_name(value)):
            raise ValueError(f"{value!r} would make the module {module_name(value)!r}, a Python keyword")
        return value

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
        return module_name(self.package_name)


def refresh_path_for(option: str | None, documents: Iterable[Mapping[str, Any]]) -> str | None:
    """The refresh endpoint the clients use: the option when given ('' = off), else simplejwt's refresh view
    wherever the documents put it (the first POST path ending in `token/refresh/`), else none."""
    if option is not None:
        return option or None
    for document in documents:
        paths = document.get("paths") or {}
        for path in sorted(paths):
            if path.rstrip("/").endswith("token/refresh") and "post" in (paths[path] or {}):
                return str(path)
    return None


def module_name(distribution: str) -> str:
    """`example-api-client` -> `example_api_client` (the importable package)."""
    return re.sub(r"[-.]+", "_", distribution).lower()
