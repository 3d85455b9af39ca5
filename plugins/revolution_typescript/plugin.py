"""Generator `typescript`: per-zone clients from @hey-api/openapi-ts (one node process for every zone
of a run) and the consolidated `clients/typescript/` package with the `API` class."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from revolution_core import hookimpl
from revolution_core.errors import RevolutionError
from revolution_core.models import GenerationJob, ZoneOutput
from revolution_core.outputs import source_fingerprint
from revolution_core.stages import Generator, RunContext
from revolution_typescript.options import TypeScriptOptions

HERE = Path(__file__).parent


def openapi_ts_config(job: GenerationJob, input_path: str) -> dict[str, Any]:
    """One openapi-ts config per zone, with defaults that suit drf-spectacular schemas."""
    options = job.options
    assert isinstance(options, TypeScriptOptions)
    return {
        "input": input_path,  # relative paths need the leading ./ (else a registry shorthand)
        "output": {
            "path": str(job.out_dir),
            "clean": True,
            "module": {"extension": ".js"},  # runs under node ESM and every bundler
            "tsConfigPath": None,  # never let a tsconfig found on disk change the output
        },
        # drf-spectacular already splits Request/response components: no `*Writable` duplicates
        "parser": {"transforms": {"readWrite": False}},
        "plugins": options.openapi_ts_plugins(),
        "logs": {"level": "silent", "file": False},
        "interactive": False,
    }


class TypeScriptGenerator(Generator):
    """Typed fetch (or axios) clients per zone plus one npm package that binds them to an `API` class."""

    name = "typescript"
    Options = TypeScriptOptions

    def __init__(self) -> None:
        self._runtime: dict[str, bytes] | None = None

    def version(self) -> str:
        from revolution_typescript.toolchain import pinned_versions

        pins = pinned_versions()
        own = source_fingerprint(*_own_sources())
        return (f"{super().version()}+openapi-ts.{pins.get('@hey-api/openapi-ts', '?')}"
                f".typescript.{pins.get('typescript', '?')}.{own}")

    def generate(self, jobs: Sequence[GenerationJob], ctx: RunContext) -> Mapping[str, BaseException]:
        from revolution_typescript.layout import point_at_shared_runtime, take_runtime
        from revolution_typescript.toolchain import ensure_toolchain

        options = [job.options for job in jobs]
        _same_client(options, [job.zone.name for job in jobs])
        first = options[0]
        assert isinstance(first, TypeScriptOptions)
        toolchain = ensure_toolchain(first.node, first.node_cache_dir)
        failures = self._run_openapi_ts(toolchain, jobs, ctx)
        for job in jobs:
            if job.zone.name in failures:
                continue
            runtime = take_runtime(job.out_dir)
            point_at_shared_runtime(job.out_dir, job.relative_path)
            if self._runtime is None and runtime:
                self._runtime = runtime
        return failures

    def _run_openapi_ts(self, toolchain: Any, jobs: Sequence[GenerationJob],
                        ctx: RunContext) -> dict[str, BaseException]:
        with tempfile.TemporaryDirectory(prefix="revolution-typescript-") as tmp:
            folder = Path(tmp)
            entries = []
            for job in jobs:
                spec = folder / f"{job.zone.name}.json"
                spec.write_text(json.dumps(job.schema.document, ensure_ascii=False), encoding="utf-8")
                entries.append({"zone": job.zone.name, "config": openapi_ts_config(job, f"./{spec.name}")})
            (folder / "jobs.json").write_text(json.dumps(entries), encoding="utf-8")
            result_file = folder / "result.json"
            ctx.log(f"typescript: @hey-api/openapi-ts for {len(jobs)} zone(s) in one node process")
            done = toolchain.run_driver(folder / "jobs.json", result_file, cwd=folder)
            if done.returncode != 0 or not result_file.is_file():
                raise RevolutionError(
                    f"@hey-api/openapi-ts failed (node exit {done.returncode}): "
                    f"{(done.stderr or done.stdout).strip()[-800:] or 'no output'}. Run with --debug for details, "
                    "or delete the toolchain cache directory if it was damaged."
                )
            reported = json.loads(result_file.read_text(encoding="utf-8")).get("failures", {})
        return {
            zone: RevolutionError(f"@hey-api/openapi-ts could not generate a client from the zone's schema: {message}")
            for zone, message in reported.items()
        }

    def finalize(self, zones: Sequence[ZoneOutput], options: BaseModel, ctx: RunContext) -> Mapping[str, bytes]:
        from revolution_typescript.package import render_package

        assert isinstance(options, TypeScriptOptions)
        per_zone = [output.options if isinstance(output.options, TypeScriptOptions) else options for output in zones]
        _same_client(per_zone, [output.zone.name for output in zones])
        root = ctx.config.clients_dir / self.name
        runtime = self._runtime or _runtime_on_disk(root)
        if runtime is None:
            raise RevolutionError(
                f"the shared client runtime is missing from {root / '_runtime'}; run again with --force to "
                "regenerate the TypeScript clients"
            )
        return render_package(zones, options, per_zone, ctx, runtime)


def _same_client(options: Sequence[BaseModel], zones: Sequence[str]) -> None:
    chosen = {zone: getattr(o, "client", "fetch") for zone, o in zip(zones, options, strict=True)}
    if len(set(chosen.values())) > 1:
        listed = ", ".join(f"{zone}={client}" for zone, client in sorted(chosen.items()))
        raise RevolutionError(
            f"the typescript zones use different `client` options ({listed}); they share one client runtime, "
            "so set `client` once in plugin_options.typescript instead of per zone"
        )


def _runtime_on_disk(root: Path) -> dict[str, bytes] | None:
    folder = root / "_runtime"
    if not folder.is_dir():
        return None
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    return files or None


def _own_sources() -> list[Path]:
    """Files whose change must regenerate clients (they shape the output): part of `version()`."""
    names = ["plugin.py", "layout.py", "options.py", "node/driver.mjs", "node/package-lock.json"]
    return [HERE / name for name in names]


@hookimpl
def revolution_register_generators() -> list[type[Generator]]:
    return [TypeScriptGenerator]
