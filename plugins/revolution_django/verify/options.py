"""`verify` settings: `plugin_options={"django": {"verify": {...}}}` in DJANGO_REVOLUTION.

Run-wide keys (seed, examples, budget, seed data, production marks) plus per-zone sections under `zones`
that may override the authentication and carry the zone's allow-list."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from revolution_core.config import RevolutionConfig, problems_from_validation
from revolution_core.errors import ConfigError, Problem

KINDS = ("undocumented_status", "response_mismatch", "undocumented_body", "content_type", "server_error")
Kind = Literal["undocumented_status", "response_mismatch", "undocumented_body", "content_type", "server_error"]
# Statuses DRF itself answers on any endpoint (authentication, permissions, lookups, methods, content
# negotiation, throttling). The generated clients raise their typed errors for them whether documented or not.
GENERIC_STATUSES = (401, 403, 404, 405, 406, 415, 429)
LOCATION = "plugin_options.django.verify"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AllowEntry(_Strict):
    """A known mismatch that does not fail the run: an operation (operationId or `METHOD /path`, `*` for
    all), a kind of problem (`*` for any) and optionally one status code."""

    operation: str
    kind: Kind | Literal["*"] = "*"
    status: int | None = None
    reason: str = ""

    def matches(self, operation_id: str, method_path: str, kind: str, status: int) -> bool:
        return (
            self.operation in {"*", operation_id, method_path}
            and self.kind in {"*", kind}
            and self.status in {None, status}
        )


class ZoneVerifyOptions(_Strict):
    """Per zone (`zones.<name>`); `auth`/`user` given here replace the run-wide ones for the zone."""

    auth: str | None = Field(None, description="dotted path: callable(zone) -> dict of request headers")
    user: str | None = Field(None, description="dotted path: callable(zone) -> user, turned into credentials")
    cases: str | None = Field(None, description="dotted path: callable(zone) -> {operation: [request, ...]}")
    allow: list[AllowEntry] = Field(default_factory=list)
    skip: list[str] = Field(default_factory=list, description="operations never called (operationId or METHOD /path)")
    examples: int | None = Field(None, ge=1, le=10_000)
    budget: float | None = Field(None, gt=0)


class VerifyOptions(_Strict):
    """Run-wide settings; `zones` holds the per-zone sections."""

    auth: str | None = None
    user: str | None = None
    cases: str | None = None
    setup: str | None = Field(None, description="dotted path: callable() run once in the test database (seed data)")
    fixtures: list[str] = Field(default_factory=list, description="Django fixtures loaded into the test database")
    examples: int = Field(25, ge=1, le=10_000, description="generated requests per operation")
    budget: float = Field(60.0, gt=0, description="seconds per zone")
    seed: int = 0
    generic_statuses: list[int] = Field(default_factory=lambda: list(GENERIC_STATUSES))
    fast_passwords: bool = Field(True, description="hash passwords with MD5 in the test database")
    production_databases: list[str] = Field(
        default_factory=list, description="`HOST/NAME` patterns (fnmatch) of databases verify must never touch"
    )
    zones: dict[str, ZoneVerifyOptions] = Field(default_factory=dict)

    def for_zone(self, zone: str) -> ZoneSettings:
        own = self.zones.get(zone) or ZoneVerifyOptions.model_validate({})
        auth, user = (own.auth, own.user) if (own.auth or own.user) else (self.auth, self.user)
        return ZoneSettings(
            zone=zone, auth=auth, user=user, cases=own.cases or self.cases, allow=list(own.allow), skip=list(own.skip),
            examples=own.examples or self.examples, budget=own.budget or self.budget,
        )


class ZoneSettings(BaseModel):
    """What one zone's verification runs with, run-wide defaults applied."""

    model_config = ConfigDict(frozen=True)

    zone: str
    auth: str | None
    user: str | None
    cases: str | None
    allow: list[AllowEntry]
    skip: list[str]
    examples: int
    budget: float


def verify_problems(config: RevolutionConfig) -> list[Problem]:
    """The mistakes in the `verify` settings (none when there are none), for zone validation."""
    try:
        load_verify_options(config)
    except ConfigError as exc:
        return list(exc.problems)
    return []


def load_verify_options(config: RevolutionConfig, overrides: dict[str, Any] | None = None) -> VerifyOptions:
    """The validated `verify` settings with command-line `overrides` (examples, budget, seed) applied;
    mistakes raise `ConfigError` located like `plugin_options.django.verify.zones.admin.allow[0].kind`."""
    raw = config.plugin_options.get("django", {}).get("verify", {})
    problems: list[Problem] = []
    if not isinstance(raw, dict):
        raise ConfigError(Problem(LOCATION, f"must be a dict of verify settings, not {type(raw).__name__}"))
    data = {**raw, **{key: value for key, value in (overrides or {}).items() if value is not None}}
    try:
        options = VerifyOptions.model_validate(data)
    except ValidationError as exc:
        fields = sorted({*VerifyOptions.model_fields, *ZoneVerifyOptions.model_fields, *AllowEntry.model_fields})
        raise ConfigError(problems_from_validation(exc, LOCATION, fields=fields)) from None
    for zone in options.zones:
        if zone not in config.zones:
            problems.append(Problem(f"{LOCATION}.zones.{zone}",
                                    f"names no configured zone; configured: {', '.join(config.zones)}"))
    if problems:
        raise ConfigError(problems)
    return options
