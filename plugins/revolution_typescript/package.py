"""The consolidated package under `clients/typescript/`: package.json, tsconfig.json, index.ts with the
`API` class (one namespace per zone), our auth/error/storage modules and the shared client runtime.

Everything here is rendered from sorted, path-free data, so the same zones give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from revolution_core.errors import RevolutionError
from revolution_core.models import ZoneOutput
from revolution_core.openapi import find_refresh_path
from revolution_core.packaging import generated_notice
from revolution_core.release import changelog_markdown
from revolution_core.stages import RunContext
from revolution_typescript.bindings import zone_modules
from revolution_typescript.layout import RUNTIME_DIR
from revolution_typescript.options import TypeScriptOptions, TypeScriptZoneOptions
from revolution_typescript.security import credentials_interface, import_path, package_schemes

TEMPLATES = Path(__file__).parent / "templates"
API_DIR = "_api"
RESERVED_MEMBERS = {"constructor", "paginate"}
HEADER = f"// {generated_notice('typescript')}\n"


def render_package(zones: Sequence[ZoneOutput], options: TypeScriptOptions, ctx: RunContext,
                   runtime: Mapping[str, bytes]) -> dict[str, bytes]:
    """Whole-run files from the run-wide options (name, version, client) and each zone's own options."""
    for output in zones:
        if output.zone.name in RESERVED_MEMBERS:
            raise RevolutionError(
                f"zone '{output.zone.name}' cannot be a property of the TypeScript API class; rename the zone"
            )
    refresh_path = options.refresh_path if options.refresh_path is not None else detect_refresh_path(zones)
    files: dict[str, bytes] = {f"{RUNTIME_DIR}/{rel}": data for rel, data in runtime.items()}
    for name in ("auth.ts", "core.ts", "errors.ts", "storage.ts", "bind.ts", "validation.ts"):
        files[f"{API_DIR}/{name}"] = (TEMPLATES / name).read_bytes()
    files[f"{API_DIR}/transport.ts"] = (TEMPLATES / f"transport_{options.client}.ts").read_bytes()
    version = options.package_version or (ctx.release.version if ctx.release else None) or \
        ctx.config.project_version or "0.1.0"
    peers: dict[str, str] = dict(options.peer_dependencies())
    for output in zones:
        assert isinstance(output.options, TypeScriptZoneOptions)
        peers.update(output.options.peer_dependencies())
    files["package.json"] = _json(package_json(zones, options, version, peers))
    files["tsconfig.json"] = _json(TSCONFIG)
    schemes = package_schemes([o.schema.document for o in zones if o.schema], options.token_keyword)
    files["index.ts"] = index_ts(zones, refresh_path, credentials_interface(schemes)).encode("utf-8")
    files["README.md"] = readme(zones, options).encode("utf-8")
    if ctx.release is not None:
        files["CHANGELOG.md"] = changelog_markdown(ctx.release, options.package_name).encode("utf-8")
    return files


def detect_refresh_path(zones: Sequence[ZoneOutput]) -> str | None:
    """The zones' token refresh endpoint (the core's one rule, shared with every generator), else none."""
    return find_refresh_path(output.schema.document for output in zones if output.schema)


def _json(data: Any) -> bytes:
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _pascal(zone: str) -> str:
    return "".join(part.capitalize() for part in zone.split("_") if part) or "Zone"


def _zone_dir(output: ZoneOutput) -> str:
    return output.relative_path.as_posix()


def entry(source: str) -> dict[str, str]:
    """An `exports` entry for one module: its TypeScript source (the `source` condition, for bundlers and
    tsconfig `customConditions`), then the compiled declarations and JavaScript under dist/."""
    stem = source.removesuffix(".ts")
    return {"source": f"./{source}", "types": f"./dist/{stem}.d.ts", "import": f"./dist/{stem}.js"}


def package_json(zones: Sequence[ZoneOutput], options: TypeScriptOptions, version: str,
                 peers: Mapping[str, str]) -> dict[str, Any]:
    exports: dict[str, Any] = {".": entry("index.ts")}
    for output in zones:
        folder = _zone_dir(output)
        exports[f"./{folder}"] = entry(f"{folder}/index.ts")
        assert isinstance(output.options, TypeScriptZoneOptions)
        for subpath, source in zone_modules(output.options).items():
            exports[f"./{folder}/{subpath}"] = entry(f"{folder}/{source}")
        # every other module hey-api wrote, by its own name (`./public/@tanstack/react-query.gen`)
        exports[f"./{folder}/*"] = {"source": f"./{folder}/*.ts", "types": f"./dist/{folder}/*.d.ts",
                                    "import": f"./dist/{folder}/*.js"}
    exports["./package.json"] = "./package.json"
    names = ", ".join(output.zone.name for output in zones)
    data: dict[str, Any] = {
        "name": options.package_name,
        "version": version,
        "description": f"Typed API client (zones: {names}), generated by drf-revolution from OpenAPI schemas.",
        "type": "module",
        "main": "./dist/index.js",
        "types": "./dist/index.d.ts",
        "exports": exports,
        "files": ["dist", "**/*.ts"],
        "sideEffects": False,
        # dist/ is compiled by `revolution run` itself: no build (and no `prepare`) when the package is installed
        "scripts": {"typecheck": "tsc --noEmit -p tsconfig.json"},
    }
    if peers:
        data["peerDependencies"] = dict(sorted(peers.items()))
    from revolution_typescript.toolchain import pinned_versions

    data["devDependencies"] = {"typescript": pinned_versions().get("typescript", "5.9.3")}
    return data


TSCONFIG: dict[str, Any] = {
    "compilerOptions": {
        "target": "ES2022",
        "module": "NodeNext",
        "moduleResolution": "NodeNext",
        "lib": ["ES2022", "DOM", "DOM.Iterable"],
        "strict": True,
        "declaration": True,
        "outDir": "dist",
        "rootDir": ".",
        "skipLibCheck": True,
        "forceConsistentCasingInFileNames": True,
    },
    "include": ["**/*.ts"],
    "exclude": ["dist", "node_modules"],
}


def index_ts(zones: Sequence[ZoneOutput], refresh_path: str | None, credentials: Sequence[str]) -> str:
    lines = [HEADER, "import { APIBase, type APIOptions, type BoundZone } from './_api/core.js';"]
    for output in zones:
        lines.append(f"import * as zone_{output.zone.name} from './{_zone_dir(output)}/sdk.gen.js';")
        lines.append(f"import {{ security as security_{output.zone.name} }} from "
                     f"'{import_path(output.relative_path)}';")
    lines += [
        "",
        "export { APIError, type ClientError, ResponseValidationError, type ValidationIssue } from './_api/errors.js';",
        "export { MemoryTokenStorage, type TokenStorage } from './_api/storage.js';",
        "export type { APIOptions, BoundOperation, BoundZone, Page, ResponseData } from './_api/core.js';",
        "export type { BoundFunctions, ClientSource } from './_api/bind.js';",
        "export type { Credential, OperationSpec, SchemeSpec, ZoneSecurity } from './_api/auth.js';",
        "",
        *credentials,
    ]
    for output in zones:
        lines.append(f"export type * as {_pascal(output.zone.name)} from './{_zone_dir(output)}/types.gen.js';")
    lines += [
        "",
        "/** The refresh endpoint used unless `new API(url, { refreshPath })` says otherwise (null: none found). */",
        f"export const DEFAULT_REFRESH_PATH: string | null = {json.dumps(refresh_path)};",
        "",
        "/**",
        " * The API: one namespace per zone, e.g. "
        + (f"`api.{zones[0].zone.name}.<operation>(...)`" if zones else "`api.<zone>.<operation>(...)`") + ".",
        " * Calls resolve to the response body and throw `APIError` (status, parsed body) otherwise.",
        " */",
        "export default class API extends APIBase<Credentials> {",
    ]
    for output in zones:
        title = output.zone.title.replace("*/", "* /")
        lines.append(f"  /** {title} */")
        lines.append(f"  readonly '{output.zone.name}': BoundZone<typeof zone_{output.zone.name}>;")
    lines += [
        "",
        "  constructor(baseUrl: string, options: APIOptions = {}) {",
        "    super(baseUrl, { refreshPath: DEFAULT_REFRESH_PATH, ...options });",
    ]
    for output in zones:
        lines.append(f"    this['{output.zone.name}'] = this.bindZone(zone_{output.zone.name}, "
                     f"security_{output.zone.name}, '{output.zone.name}');")
    lines += ["  }", "}", "", "export { API };", ""]
    return "\n".join(lines)


def readme(zones: Sequence[ZoneOutput], options: TypeScriptOptions) -> str:
    first = zones[0].zone.name if zones else "public"
    notes = []
    for output in zones:
        assert isinstance(output.options, TypeScriptZoneOptions)
        for subpath in zone_modules(output.options):
            what = "zod schemas; responses are validated (`ResponseValidationError`)" if subpath == "zod" else (
                "TanStack Query options; `bindQueries(api)` binds them to your `API`")
            notes.append(f"- `{options.package_name}/{_zone_dir(output)}/{subpath}`: {what}")
    extras = ("\nSubpaths:\n\n" + "\n".join(notes) + "\n") if notes else ""
    listed = "\n".join(f"- `api.{o.zone.name}` ({o.zone.title}): `./{_zone_dir(o)}/`" for o in zones)
    return f"""# {options.package_name}

Generated by drf-revolution (typescript generator) from the OpenAPI schemas of these zones; do not edit,
regenerate with `revolution run`.

{listed}

```ts
import API, {{ APIError }} from '{options.package_name}';

const api = new API('https://api.example.com');
api.setToken(access, refresh);      // refreshed once on a 401, then the request is replayed
const page = await api.{first}.<operation>({{ query: {{ page: 1 }} }});  // the body; HTTP errors throw APIError
for await (const item of api.paginate(api.{first}.<listOperation>)) console.log(item);  // follows `next`
api.clearTokens();
```
{extras}
`dist/` (JavaScript and `.d.ts`) is compiled by the generator itself (TypeScript {pinned_typescript()}) at
every regeneration, so the package needs no build step: depend on it with `"file:..."`, a workspace or a
link. Types of a zone: `import type {{ ... }} from '{options.package_name}/{first}'`.
"""


def pinned_typescript() -> str:
    from revolution_typescript.toolchain import pinned_versions

    return pinned_versions().get("typescript", "5.9.3")
