"""Generator `typescript`: per-zone clients from @hey-api/openapi-ts (one node process for every zone
of a run) and the consolidated `clients/typescript/` package with the `API` class."""

from __future__ import annotations

import json
import os
import tempfile
import weakref
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from revolution_core import hookimpl
from revolution_core.errors import RevolutionError
from revolution_core.models import GenerationJob, ZoneOutput
from revolution_core.outputs import source_fingerprint
from revolution_core.stages import Generator, RunContext
from revolution_typescript.options import TypeScriptOptions, TypeScriptZoneOptions

HERE = Path(__file__).parent


def openapi_ts_config(job: GenerationJob, input_path: str, run_options: TypeScriptOptions) -> dict[str, Any]:
    """One openapi-ts config per zone, with defaults that suit drf-spectacular schemas."""
    options = job.options
    assert isinstance(options, TypeScriptZoneOptions)
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
        "plugins": options.openapi_ts_plugins(run_options.client),
        "logs": {"level": "silent", "file": False},
        "interactive": False,
    }


class TypeScriptGenerator(Generator):
    """Typed fetch (or axios) clients per zone plus one npm package that binds them to an `API` class."""

    name = "typescript"
    Options = TypeScriptOptions
    ZoneOptions = TypeScriptZoneOptions
    default = True

    @property
    def run_options(self) -> TypeScriptOptions:
        assert isinstance(self.options, TypeScriptOptions)
        return self.options

    def version(self) -> str:
        from revolution_typescript.toolchain import pinned_versions

        pins = pinned_versions()
        own = source_fingerprint(*_own_sources())
        return (f"{super().version()}+openapi-ts.{pins.get('@hey-api/openapi-ts', '?')}"
                f".typescript.{pins.get('typescript', '?')}.{own}")

    def output_dirs(self, ctx: RunContext) -> Mapping[str, Path]:
        """The toolchain cache, when this run will install into it (a complete install is only read)."""
        from revolution_typescript.toolchain import CACHE_ENV, cache_root, needs_install

        options = self.run_options
        if not needs_install(options.node_cache_dir):
            return {}
        setting = "plugin_options.typescript.node_cache_dir" if options.node_cache_dir or not os.environ.get(
            CACHE_ENV) else CACHE_ENV
        return {setting: cache_root(options.node_cache_dir)}

    def generate(self, jobs: Sequence[GenerationJob], ctx: RunContext) -> Mapping[str, BaseException]:
        from revolution_typescript.bindings import write_query_bindings
        from revolution_typescript.layout import point_at_shared_runtime, take_runtime
        from revolution_typescript.security import FILE, security_module
        from revolution_typescript.toolchain import ensure_toolchain

        options = self.run_options
        toolchain = self._toolchain = ensure_toolchain(options.node, options.node_cache_dir, log=ctx.log)
        failures = self._run_openapi_ts(toolchain, jobs, ctx)
        for job in jobs:
            if job.zone.name in failures:
                continue
            (job.out_dir / FILE).write_text(security_module(job.schema.document, options.token_keyword),
                                            encoding="utf-8")
            runtime = take_runtime(job.out_dir)
            point_at_shared_runtime(job.out_dir, job.relative_path)
            assert isinstance(job.options, TypeScriptZoneOptions)
            try:
                write_query_bindings(job.zone.name, job.out_dir, job.relative_path, job.options)
            except RevolutionError as exc:
                failures[job.zone.name] = exc
                continue
            if runtime:  # the same bytes for every zone: kept with the toolchain for finalize()
                toolchain.keep_runtime(options.client, runtime)
        return failures

    def _through_session_worker(self, toolchain: Any, folder: Path, entries: list[dict[str, Any]],
                                ctx: RunContext) -> dict[str, str] | None:
        """In a `revolution watch` session: the session's persistent node worker, openapi-ts loaded once for
        every run of the session (None: not in a session, or the worker is not available)."""
        from revolution_core.watch import current_session
        from revolution_typescript.worker import WorkerUnavailable, run_jobs

        session = current_session()
        if session is None:
            return None
        try:
            return run_jobs(toolchain.node, toolchain.directory, session.directory, session.pid, folder, entries)
        except WorkerUnavailable as exc:
            ctx.log(f"typescript: the watch session's node worker is not available ({exc}); one node process")
            return None

    def _build_request(self, toolchain: Any, ctx: RunContext) -> Any:
        """How the dist/ build is asked for: in a `revolution watch` session, the session's node worker
        (TypeScript loaded and warm); else, or when the worker is not available, this run's node process."""
        from revolution_core.watch import current_session
        from revolution_typescript.worker import WorkerUnavailable, build

        session = current_session()

        def request(payload: Mapping[str, Any]) -> Mapping[str, Any]:
            if session is not None:
                try:
                    return build(toolchain.node, toolchain.directory, session.directory, session.pid, payload)
                except WorkerUnavailable as exc:
                    ctx.log(f"typescript: the watch session's node worker did not build dist/ ({exc}); "
                            "one node process")
            reply: Mapping[str, Any] = self._driver(toolchain).request(payload)
            return reply

        return request

    def _driver(self, toolchain: Any, heap_mb: int | None = None) -> Any:
        """The node process of the current step (openapi-ts, or the dist/ build), started on first use."""
        driver = getattr(self, "_node", None)
        if driver is None or not driver.alive:
            driver = toolchain.start_driver(heap_mb)
            self._node = driver
            weakref.finalize(self, driver.close)  # also when finalize() never comes (every zone failed)
        return driver

    def _close_driver(self) -> None:
        driver = getattr(self, "_node", None)
        if driver is not None:
            driver.close()
            self._node = None

    def _generate_in_driver(self, toolchain: Any, request: dict[str, Any], largest: int) -> dict[str, Any]:
        """openapi-ts in a node process whose heap is capped from the largest schema (see `heap_limit`); if
        a schema needs more, once again without the cap. The process ends with the step: the dist/ build
        starts with a fresh heap (`finalize`)."""
        from revolution_typescript.toolchain import DriverFailed, heap_limit

        try:
            for heap_mb in (heap_limit(largest), None):
                try:
                    reply: dict[str, Any] = self._driver(toolchain, heap_mb).request(request)
                    return reply
                except DriverFailed:
                    driver = getattr(self, "_node", None)
                    if heap_mb is None or driver is None or not driver.out_of_memory():
                        raise
                    self._close_driver()
            raise AssertionError("unreachable")
        finally:
            self._close_driver()

    def _run_openapi_ts(self, toolchain: Any, jobs: Sequence[GenerationJob],
                        ctx: RunContext) -> dict[str, BaseException]:
        from revolution_typescript.toolchain import DriverFailed

        with tempfile.TemporaryDirectory(prefix="revolution-typescript-") as tmp:
            folder = Path(tmp)
            entries = []
            for job in jobs:
                spec = folder / f"{job.zone.name}.json"
                if not _link_schema_file(job, spec):
                    spec.write_text(json.dumps(job.schema.document, ensure_ascii=False), encoding="utf-8")
                entries.append({"zone": job.zone.name,
                                "config": openapi_ts_config(job, f"./{spec.name}", self.run_options)})
            reported = self._through_session_worker(toolchain, folder, entries, ctx)
            if reported is None:
                (folder / "jobs.json").write_text(json.dumps(entries), encoding="utf-8")
                ctx.log(f"typescript: @hey-api/openapi-ts for {len(jobs)} zone(s) in one node process")
                largest = max((_schema_size(job) for job in jobs), default=0)
                try:
                    reply = self._generate_in_driver(
                        toolchain, {"op": "generate", "jobs": str(folder / "jobs.json"), "cwd": str(folder)}, largest)
                except DriverFailed as exc:
                    raise RevolutionError(
                        f"@hey-api/openapi-ts failed: {exc}. Run with --debug for details, or delete the toolchain "
                        "cache directory if it was damaged."
                    ) from None
                reported = dict(reply.get("failures", {}))
        return {zone: RevolutionError(tool_reason(str(message), folder)) for zone, message in reported.items()}

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> Mapping[str, bytes]:
        """The package's whole-run files and its dist/, built (or taken from the last build, when the
        sources are the same) before anything is written."""
        from revolution_typescript import build
        from revolution_typescript.package import render_package
        from revolution_typescript.toolchain import ensure_toolchain, kept_runtime, pinned_versions, tidy_cache

        options = self.run_options
        tidy_cache(options.node_cache_dir)  # a run with nothing to generate still removes killed installs
        root = ctx.config.clients_dir / self.name
        runtime = kept_runtime(options.client, options.node_cache_dir) or _runtime_on_disk(root)
        if runtime is None:
            raise RevolutionError(
                f"the shared client runtime is missing from {root / '_runtime'}; run again with --force to "
                "regenerate the TypeScript clients"
            )
        try:
            files = render_package(zones, options, ctx, runtime)
            typescript = pinned_versions().get("typescript", "?")
            inputs = build.compiler_inputs(zones, root, files)
            key = build.sources_key(inputs, self.version())  # the pinned tools and this plugin's own code
            dist = build.cached_dist(root, key)
            if dist is None:  # the node process of generate() when there was one, else a new one
                toolchain = getattr(self, "_toolchain", None) or ensure_toolchain(
                    options.node, options.node_cache_dir, log=ctx.log)
                zone_keys = build.zone_keys(inputs, [z.relative_path.as_posix() for z in zones], self.version())
                reused = build.reusable_dist(root, zone_keys)
                if reused[0]:
                    ctx.log(f"typescript: dist/ of {len(reused[0])} unchanged zone(s) kept from the last build")
                dist = build.compile_dist(self._build_request(toolchain, ctx), inputs, key, typescript,
                                          zone_keys, reused)
        finally:
            self._close_driver()
        return {**files, **dist}


def _schema_size(job: GenerationJob) -> int:
    """Bytes of the zone's schema JSON as the pipeline writes it (indented): what `heap_limit` is sized on."""
    source = next((p for p in job.schema.files if p.suffix == ".json"), None)
    try:
        if source is not None:
            return source.stat().st_size
    except OSError:
        pass
    return len(json.dumps(job.schema.document, indent=2, ensure_ascii=False).encode("utf-8"))


def _link_schema_file(job: GenerationJob, spec: Path) -> bool:
    """Point `spec` at the zone's schema JSON the pipeline wrote (no second dump of a large document)."""
    source = next((p for p in job.schema.files if p.suffix == ".json" and p.is_file()), None)
    if source is None:
        return False
    try:
        spec.symlink_to(source.resolve())
    except OSError:  # no symlinks here (some Windows set-ups): write a copy
        return False
    return True


def tool_reason(message: str, folder: Path) -> str:
    """openapi-ts's own reason for a zone, without the temporary folder the driver ran in."""
    reason = message.replace(f"{folder}/", "").replace(str(folder), ".")
    text = f"@hey-api/openapi-ts could not generate a client from the zone's schema: {reason}"
    if "Input file not found" in reason:
        text += (" (a $ref to another file: openapi-ts reads the zone's schema from a temporary folder, so every "
                 "$ref must point inside the document, `#/components/...`; bundle the schema into one file)")
    return text


def _runtime_on_disk(root: Path) -> dict[str, bytes] | None:
    folder = root / "_runtime"
    if not folder.is_dir():
        return None
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    return files or None


def _own_sources() -> list[Path]:
    """Files whose change must regenerate clients (they shape the output): part of `version()`."""
    from revolution_core import packaging, security

    names = ["plugin.py", "layout.py", "options.py", "security.py", "bindings.py", "build.py", "node/driver.mjs",
             "node/generate.mjs", "node/worker.mjs", "node/build.mjs",
             "node/package-lock.json"]
    return [*(HERE / name for name in names), Path(security.__file__), Path(packaging.__file__)]


@hookimpl
def revolution_register_generators() -> list[type[Generator]]:
    return [TypeScriptGenerator]


@hookimpl
def revolution_fingerprint_inputs(config: Any) -> Any:
    """The node that runs the generator (found on PATH, or where the settings say)."""
    from revolution_core.fingerprint import InputDeclaration
    from revolution_typescript.toolchain import CACHE_ENV, NODE_ENV

    node = config.plugin_options.get("typescript", {}).get("node") or "node"
    return InputDeclaration(environment=(NODE_ENV, CACHE_ENV), executables=(str(node),))
