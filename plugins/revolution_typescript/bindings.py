"""TanStack Query and zod, usable from the package: per zone a small module per TanStack flavour that
re-exports hey-api's options and binds them to an `API` instance, and the subpaths that export them.

hey-api's TanStack plugins write `<zone>/@tanstack/<package>.gen.ts`, whose functions call the SDK with
`options.client ?? client`, the zone's default client (base URL `/`, no tokens). `bindQueries(api)` hands
them the `API` instance's client instead, so queries get its base URL, headers, tokens and refresh.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from revolution_core.errors import RevolutionError
from revolution_core.packaging import generated_notice
from revolution_typescript.options import TypeScriptZoneOptions, tanstack_package

HEADER = f"// {generated_notice('typescript')}\n"


def wrapper_name(framework: str) -> str:
    """`react` -> `react-query` (the module `<zone>/react-query.ts` and the subpath `./<zone>/react-query`)."""
    return f"{framework}-query"


def zone_modules(options: TypeScriptZoneOptions) -> dict[str, str]:
    """Subpath under the zone -> its source file in the zone's folder, for package.json `exports`."""
    modules: dict[str, str] = {}
    if options.zod:
        modules["zod"] = "zod.gen.ts"
    for framework in options.frameworks():
        modules[wrapper_name(framework)] = f"{wrapper_name(framework)}.ts"
    return modules


def write_query_bindings(zone: str, zone_dir: Path, zone_path: PurePosixPath,
                         options: TypeScriptZoneOptions) -> None:
    """Write `<flavour>-query.ts` next to what hey-api generated for each chosen TanStack flavour."""
    up = "../" * len(zone_path.parts)
    for framework in options.frameworks():
        generated = f"@tanstack/{tanstack_package(framework).removeprefix('@tanstack/')}.gen"
        if not (zone_dir / f"{generated}.ts").is_file():
            raise RevolutionError(
                f"@hey-api/openapi-ts wrote no {generated}.ts for zone '{zone}' although tanstack_query includes "
                f"'{framework}'; check `extra_plugins` for a conflicting TanStack plugin configuration"
            )
        (zone_dir / f"{wrapper_name(framework)}.ts").write_text(
            query_module(zone, framework, generated, up), encoding="utf-8"
        )


def query_module(zone: str, framework: str, generated: str, up: str) -> str:
    return f"""{HEADER}import {{ bindClient, type BoundFunctions, type ClientSource }} from '{up}_api/bind.js';
import * as generated from './{generated}.js';

export * from './{generated}.js';

/** The TanStack Query ({framework}) helpers of zone `{zone}`, bound to an `API` instance: its base URL,
 * headers, tokens and refresh on 401. `const queries = bindQueries(api);` then e.g.
 * `queries.<operation>Options({{ query: {{ ... }} }})`, `queries.<operation>QueryKey(...)`,
 * `queries.<operation>Mutation()`. The unbound functions are exported too; pass them
 * `{{ client: api.getClient('{zone}') }}`. */
export function bindQueries(api: ClientSource): BoundFunctions<typeof generated> {{
  return bindClient(generated, api.getClient('{zone}'));
}}
"""
