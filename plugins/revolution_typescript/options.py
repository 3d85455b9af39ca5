"""Options of the `typescript` generator: run-wide `TypeScriptOptions` (`plugin_options.typescript`: one
package, one HTTP client runtime) and per-zone `TypeScriptZoneOptions` (a zone's own
`{"name": "typescript", "options": {...}}`, with defaults from `plugin_options.typescript`)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from revolution_core.packaging import NpmName, Semver

Client = Literal["fetch", "axios"]
TanStack = Literal["react", "vue", "svelte", "solid", "preact", "angular"]
TANSTACK_PACKAGES = {"angular": "@tanstack/angular-query-experimental"}
# zod: datetimes with an offset (Django with USE_TZ and a TIME_ZONE other than UTC) and without one (USE_TZ off)
ZOD_PLUGIN: dict[str, Any] = {"name": "zod", "dates": {"offset": True, "local": True}}


class TypeScriptOptions(BaseModel):
    """The run-wide choices: the package, its HTTP client runtime (shared by every zone) and the toolchain."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    package_name: NpmName = Field(default="api-client", description="npm name of the consolidated package")
    package_version: Semver | None = Field(
        default=None,
        description="fixes the version; by default it follows the API's changes by semver (see docs/releases.md)",
    )
    refresh_path: str | None = Field(
        default=None,
        description=(
            "token refresh endpoint, joined to the base URL given to `new API(baseUrl)`; default: the first "
            "POST operation whose path ends in `token/refresh/` in any zone, else `token/refresh/`; "
            "'' disables refreshing"
        ),
    )
    token_keyword: str | None = Field(
        default=None,
        description=(
            "the keyword of `Authorization: <keyword> <key>` schemes (DRF TokenAuthentication, knox); default: "
            "what the schema's description says (drf-spectacular: 'Token'), else the key is sent as given"
        ),
    )
    client: Client = Field(default="fetch", description="the HTTP client runtime: fetch or axios (same for all zones)")
    node: str | None = Field(default=None, description="node executable (default: env REVOLUTION_NODE, then PATH)")
    node_cache_dir: str | None = Field(
        default=None,
        description="where the pinned toolchain is installed (default: env REVOLUTION_NODE_CACHE, then "
        "~/.cache/revolution/node); one sub-directory per lockfile",
    )

    def peer_dependencies(self) -> dict[str, str]:
        return {"axios": ">=1.6.0"} if self.client == "axios" else {}


class TypeScriptZoneOptions(BaseModel):
    """Per-zone choices: which openapi-ts plugins (zod, TanStack Query, enums, more) a zone's client gets."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    zod: bool = Field(default=False, description="generate zod schemas and validate responses with them")
    tanstack_query: TanStack | list[TanStack] | None = Field(
        default=None, description="generate TanStack Query options for a framework (or several)"
    )
    enums: Literal["types", "javascript"] = Field(default="types", description="'javascript' also emits enum objects")
    extra_plugins: list[str | dict[str, Any]] = Field(
        default_factory=list, description="more openapi-ts plugins, by name or as {name: ..., ...options}"
    )

    @field_validator("extra_plugins")
    @classmethod
    def _named(cls, value: list[str | dict[str, Any]]) -> list[str | dict[str, Any]]:
        for item in value:
            if isinstance(item, dict) and not isinstance(item.get("name"), str):
                raise ValueError("each plugin given as a table needs a `name`, e.g. {name = 'valibot'}")
        return value

    def openapi_ts_plugins(self, client: Client) -> list[str | dict[str, Any]]:
        """The openapi-ts `plugins` list these options stand for (order matters to openapi-ts)."""
        plugins: list[str | dict[str, Any]] = []
        plugins.append({"name": "@hey-api/typescript", "enums": "javascript"} if self.enums == "javascript"
                       else "@hey-api/typescript")
        # zod checks responses only: a request the types accept is the server's to judge
        plugins.append({"name": "@hey-api/sdk", "validator": {"request": False, "response": "zod"}} if self.zod
                       else "@hey-api/sdk")
        plugins.append(f"@hey-api/client-{client}")
        if self.zod:
            plugins.append(dict(ZOD_PLUGIN))
        plugins.extend(tanstack_package(framework) for framework in self.frameworks())
        plugins.extend(self.extra_plugins)
        return plugins

    def frameworks(self) -> list[TanStack]:
        """The TanStack Query flavours to generate, without repeats, in the order given."""
        chosen = [self.tanstack_query] if isinstance(self.tanstack_query, str) else self.tanstack_query or []
        return list(dict.fromkeys(chosen))

    def peer_dependencies(self) -> dict[str, str]:
        """npm packages the generated code imports, for the consolidated package.json."""
        deps: dict[str, str] = {}
        if self.zod:
            deps["zod"] = ">=4.0.0"  # the zod plugin emits zod 4 (z.int(), z.iso...)
        for framework in self.frameworks():
            deps[tanstack_package(framework)] = ">=5.0.0"
        return deps


def tanstack_package(framework: str) -> str:
    """The npm package (and openapi-ts plugin name) of a TanStack Query flavour."""
    return TANSTACK_PACKAGES.get(framework, f"@tanstack/{framework}-query")
