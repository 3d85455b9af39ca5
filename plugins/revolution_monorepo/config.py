"""`MonorepoConfig`: one monorepo the generated packages are synced into. Users pass it as
`get_revolution_config(monorepo=MonorepoConfig(...))` (the original's argument) or list targets in
`plugin_options["monorepo"]["targets"]`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class MonorepoConfig(BaseModel):
    """One monorepo target (the original Django Revolution's `MonorepoConfig`, plus Python sync)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    enabled: bool = True
    path: Path
    api_package_path: str = "packages/api"
    package_name: str | None = None
    include_python: bool = False
    python_package_path: str | None = None
    post_sync_command: str | None = None


class MonorepoOptions(BaseModel):
    """`plugin_options={"monorepo": {"targets": [...], "post_sync_timeout": 900}}`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    targets: list[MonorepoConfig] = Field(default_factory=list, description="the monorepos to sync into")
    post_sync_timeout: float = Field(default=600, gt=0, description="seconds before the post-sync command is stopped")

    @field_validator("targets", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        if value is None:
            return []
        return value if isinstance(value, list | tuple) else [value]
