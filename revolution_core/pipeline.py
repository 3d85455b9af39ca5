"""The pipeline: zones -> one schema per zone -> every selected generator (in parallel) ->
whole-run files -> archivers -> sync targets.

Each plugin is called by the pipeline itself, so any failure is attributed to its stage, plugin
and zone. A failing zone or plugin does not stop the others (unless `fail_fast`); every output is
staged and swapped in atomically, so a failure leaves the last good output untouched.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import threading
import time
import traceback
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from revolution_core import interrupts
from revolution_core.config import RevolutionConfig
from revolution_core.errors import ConfigError, RevolutionError, StageError
from revolution_core.faults import OutputDirs, OutputFault, explain
from revolution_core.generation import GeneratorStage, existing_client, packages_of, stored_schema, with_package
from revolution_core.models import (
    GeneratedClient,
    PackageOutput,
    Release,
    RunOutputs,
    RunReport,
    SchemaArtifact,
    SchemaFile,
    Status,
    StepResult,
    Zone,
    ZoneArtifacts,
)
from revolution_core.outputs import SchemaManifest, project_lock, write_bytes_atomic
from revolution_core.plan import RunPlan, build_plan, validate_zones, zone_specs
from revolution_core.plugins import Registry, plain_hookimpls
from revolution_core.preflight import check_outputs, output_dirs
from revolution_core.release import ReleaseState, ZoneSchema, advance, initial_version, release_line
from revolution_core.stages import (
    Archiver,
    Generator,
    RunContext,
    SchemaProducer,
    StagePlugin,
    SyncTarget,
    ZoneSource,
)
from revolution_core.transaction import heal


class Reporter(Protocol):
    """How the pipeline tells the user what it is doing (rich progress, plain lines or nothing)."""

    def step_started(self, stage: str, plugin: str, zone: str | None) -> None: ...

    def step_finished(self, step: StepResult) -> None: ...

    def message(self, text: str) -> None: ...


class SilentReporter:
    def step_started(self, stage: str, plugin: str, zone: str | None) -> None:
        pass

    def step_finished(self, step: StepResult) -> None:
        pass

    def message(self, text: str) -> None:
        pass


@dataclass
class RunOptions:
    """What one run does; the CLI and `manage.py revolution` fill it from their flags."""

    zones: list[str] | None = None
    generators: list[str] | None = None
    clean: bool = False
    force: bool = False
    max_workers: int | None = None
    fail_fast: bool = False
    archive: bool = True
    sync: bool = True
    wait: bool = True
    strict: bool = False
    schemas_only: bool = False
    # `revolution check` runs into temporary outputs: no project lock, no event hooks.
    lock: bool = True
    events: bool = True
    # Zones whose schema inputs are known unchanged since the last successful run (see
    # `revolution_core.fingerprint`): their schema files are reused when intact instead of produced again.
    reuse_schemas: frozenset[str] = frozenset()


def default_workers() -> int:
    return max(2, min(8, os.cpu_count() or 2))


@dataclass
class RunSteps:
    """One run's record of steps, and the one way plugins are called (so failures are attributed).
    Generator stages call it from their threads."""

    pipeline: Pipeline
    fail_fast: bool
    output_dirs: OutputDirs = field(default_factory=OutputDirs)
    events: bool = True
    steps: list[StepResult] = field(default_factory=list)
    failed_zones: set[str] = field(default_factory=set)
    stop: bool = False
    stage: str = "start"
    causes: dict[tuple[str, ...], str] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, step: StepResult, quiet: bool = False) -> None:
        """Keep a step and show it (`quiet`: kept for the report only, e.g. an error the caller prints).
        Once the run is interrupted, nothing more is shown, and a failure is what the interruption did."""
        if interrupts.cancelled():
            quiet = True
            if step.status == "failed":
                step = replace(step, status="skipped", error="interrupted")
        with self._lock:
            self.steps.append(step)
            if step.status == "failed":
                if step.zone:
                    self.failed_zones.add(step.zone)
                self.stop = self.stop or self.fail_fast
        if not quiet:
            self.pipeline.reporter.step_finished(step)

    def started(self, stage: str, plugin: str, zone: str | None) -> None:
        self.pipeline.reporter.step_started(stage, plugin, zone)

    def call(
        self, stage: str, plugin: str, zone: str | None, fn: Callable[[], Any], announce: bool = True
    ) -> tuple[bool, Any, float]:
        """Run one plugin call; a failure becomes a `failed` step naming stage, plugin and zone.
        `announce=False` for calls that record no step of their own when they succeed."""
        if announce:
            self.started(stage, plugin, zone)
        start = time.perf_counter()
        try:
            return True, fn(), time.perf_counter() - start
        except Exception as exc:
            error = self.error_text(StageError(stage, plugin, zone, exc), exc)
            self.record(StepResult(stage, plugin, zone, "failed", time.perf_counter() - start, error=error))
            return False, None, time.perf_counter() - start

    def error_text(self, error: StageError, cause: BaseException, where: Path | None = None) -> str:
        """The one-paragraph message; with `--debug`, followed by the plugin's traceback. A filesystem fault
        in an output directory is explained (which setting points there, the fix) once per cause: the
        next zones it hits refer to the first. `where`: the directory being written, for an `OSError`
        that names no file."""
        fault = cause if isinstance(cause, OutputFault) else (
            explain(cause, self.output_dirs, where=where) if isinstance(cause, OSError) else None)
        if fault is not None:
            scope = f"zone '{error.zone}'" if error.zone else "the whole run"
            with self._lock:
                first = self.causes.setdefault(fault.key, f"{error.plugin} · {scope}")
            if first != f"{error.plugin} · {scope}":
                return f"{error.stage} plugin '{error.plugin}' failed for {scope}: the same problem as {first} (above)"
            error = StageError(error.stage, error.plugin, error.zone, fault)
        if not self.pipeline.config.debug or cause.__traceback__ is None:
            return str(error)
        return f"{error}\n{''.join(traceback.format_exception(cause)).rstrip()}"

    def notify(self, hook: str, **kwargs: Any) -> None:
        """Call each observer of an event hook in its own try: a broken observer is reported as a failed
        step (the run exits non-zero) but stops neither the other observers nor the run."""
        if not self.events:
            return
        pm = self.pipeline.registry.pm
        for impl in plain_hookimpls(pm, hook):
            plugin = pm.get_name(impl.plugin) or "?"
            arguments = {name: kwargs[name] for name in impl.argnames if name in kwargs}
            self.call(f"event hook {hook} of", plugin, None, partial(impl.function, **arguments), announce=False)

    def rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.pipeline.config.project_root).as_posix()
        except ValueError:
            return str(path)

    def has_failures(self) -> bool:
        return any(step.status == "failed" for step in self.steps)


class Pipeline:
    """Runs the stages for one configuration with the plugins of one registry."""

    def __init__(self, config: RevolutionConfig, registry: Registry, reporter: Reporter | None = None) -> None:
        self.config = config
        self.registry = registry
        self.reporter = reporter or SilentReporter()
        # Per zone produced in the last run: the files its schema was built from (None: unknown).
        self.zone_inputs: dict[str, tuple[Path, ...] | None] = {}

    def run(self, options: RunOptions | None = None) -> RunReport:
        """Run the stages. Raises `ConfigError` (before or at the start), `OutputFault` (an output directory
        that cannot be written, before anything is written) and `interrupts.RunInterrupted` (SIGINT or
        SIGTERM: the run stopped at a safe point; it carries the report of what was completed)."""
        options = options or RunOptions()
        started = time.perf_counter()
        plan = build_plan(self.config, self.registry, options.zones, options.generators)
        selected = options.zones or list(self.config.zones)
        ctx = RunContext(
            config=self.config,
            max_workers=options.max_workers or self.config.max_workers or default_workers(),
            force=options.force or options.clean,
            debug=self.config.debug,
            log=self.reporter.message,
        )
        self._plugins: dict[tuple[str, str], StagePlugin] = {}
        if options.schemas_only:
            stages: dict[str, list[str]] = {}
        else:
            wanted = set(options.generators or plan.generator_options)
            stages = {"generators": sorted({name for zone in selected for name in plan.zones[zone].generators
                                            if name in wanted}),
                      "archivers": list(plan.archivers) if options.archive else [],
                      "sync_targets": list(plan.sync_targets) if options.sync else []}
        dirs = output_dirs(self.config, {(stage, name): self._plugin(plan, stage, name)
                                         for stage, names in stages.items() for name in names}, ctx, options.lock)
        check_outputs(dirs, shown=self.config.project_root)
        steps = RunSteps(self, options.fail_fast, dirs, events=options.events)
        interrupted: KeyboardInterrupt | None = None
        try:
            with self._locked(options, dirs):
                self._heal(plan, ctx)
                steps.notify("revolution_run_started", config=self.config, zones=selected)
                try:
                    self._stages(plan, selected, ctx, steps, options)
                except ConfigError as exc:  # found after the start (zone validation): a failed step, then raised
                    steps.record(StepResult("zone source", "configuration", None, "failed", error=str(exc)),
                                 quiet=True)
                    raise
                except KeyboardInterrupt as exc:
                    interrupts.cancel(interrupts.signal_of(exc))
                    interrupted = exc
                finally:  # like pytest's sessionfinish: run_finished always follows run_started
                    report = RunReport(tuple(selected), tuple(steps.steps), time.perf_counter() - started,
                                       ctx.release)
                    steps.notify("revolution_run_finished", report=report)
        except KeyboardInterrupt as exc:  # while waiting for the lock or healing
            interrupted = exc
        report = RunReport(tuple(selected), tuple(steps.steps), time.perf_counter() - started, ctx.release)
        if interrupted is not None:
            raise interrupts.RunInterrupted(interrupts.signal_of(interrupted), report, steps.stage) from None
        return report

    def _plugin(self, plan: RunPlan, stage: str, name: str) -> StagePlugin:
        """The run's one instance of a plugin (created on first use)."""
        key = (stage, name)
        if key not in self._plugins:
            self._plugins[key] = plan.create(self.registry, stage, name)
        return self._plugins[key]

    @contextlib.contextmanager
    def _locked(self, options: RunOptions, dirs: OutputDirs) -> Iterator[None]:
        """The project lock (unless `options.lock` is off); a lock file that cannot be created is explained
        like any output fault."""
        if not options.lock:
            yield
            return
        with contextlib.ExitStack() as stack:
            try:
                stack.enter_context(project_lock(self.config.project_root, options.wait, self.reporter.message))
            except OSError as exc:
                raise explain(exc, dirs) or exc from None
            yield

    def _heal(self, plan: RunPlan, ctx: RunContext) -> None:
        """What an interrupted or killed run left half-done in the core's outputs is put right first."""
        for root in (self.config.schemas_dir, self.config.clients_dir):
            try:
                heal(root, ctx.log)
            except OSError as exc:
                ctx.log(f"could not clean up after an interrupted run in {root}: {exc}")

    def _stages(self, plan: RunPlan, selected: list[str], ctx: RunContext, steps: RunSteps,
                options: RunOptions) -> None:
        self._yaml = YamlWriter(self.config.schemas_dir)
        try:
            self._stage_all(plan, selected, ctx, steps, options)
        finally:  # every YAML copy is on disk (or its failure recorded) before the run ends, however it ends
            self._finish_yaml(steps)

    def _finish_yaml(self, steps: RunSteps) -> None:
        """Wait for the YAML copies; a zone whose copy could not be written fails (its JSON is written, the
        manifest still names the previous files, so the next run writes both again)."""
        for zone, name, exc in self._yaml.finish():
            error = steps.error_text(StageError("schema producer", name, zone, exc), exc)
            steps.record(StepResult("schema producer", name, zone, "failed", error=error))

    def _stage_all(self, plan: RunPlan, selected: list[str], ctx: RunContext, steps: RunSteps,
                   options: RunOptions) -> None:
        self._stage(steps, "zone source", selected)
        zones = self._resolve_zones(plan, selected, ctx, steps)
        self._stage(steps, "schema producer", [zone.name for zone in zones])
        schemas = self._produce_schemas(plan, zones, ctx, steps, options.strict, options.reuse_schemas)
        if options.schemas_only:
            self._finish_yaml(steps)
            self._clean_schemas(steps, options)
            return
        self._stage(steps, "generator", list(schemas))
        clients = self._generate(plan, zones, schemas, ctx, steps, options)
        self._finish_yaml(steps)  # the archives and the monorepo take the YAML files too
        packages = packages_of(self.config.clients_dir, plan)
        artifacts = [
            ZoneArtifacts(zone, schemas[zone.name], tuple(with_package(c, packages) for c in clients[zone.name]))
            for zone in zones
            if zone.name in schemas and zone.name not in steps.failed_zones
        ]
        if options.archive and artifacts and plan.archivers:
            self._stage(steps, "archiver", [a.zone.name for a in artifacts])
            self._archive(plan, artifacts, ctx, steps)
        if options.sync and plan.sync_targets:
            self._stage(steps, "sync target", [a.zone.name for a in artifacts])
            self._sync(plan, artifacts, packages, schemas, ctx, steps)
        self._clean_schemas(steps, options)

    def _stage(self, steps: RunSteps, stage: str, zones: list[str]) -> None:
        """A stage begins: remembered for the interruption message, and told to observers."""
        interrupts.check()
        steps.stage = stage
        steps.notify("revolution_stage_started", stage=stage, zones=zones)

    def _clean_schemas(self, steps: RunSteps, options: RunOptions) -> None:
        """`--clean`, after a run without failures: the schema files of zones no longer configured go,
        only those a run recorded and that still hold the recorded bytes."""
        if not options.clean or steps.has_failures():
            return
        manifest = SchemaManifest(self.config.schemas_dir)
        removed = []
        for zone in sorted(set(manifest.zones) - set(self.config.zones)):
            for path in manifest.owned_files(zone):
                path.unlink()
                removed.append(steps.rel(path))
            manifest.forget(zone)
        if removed:
            manifest.save()
            self.reporter.message(f"--clean removed the schemas of zones no longer configured: {', '.join(removed)}")

    # -- stage 1 --

    def _resolve_zones(self, plan: RunPlan, selected: list[str], ctx: RunContext, steps: RunSteps) -> list[Zone]:
        validate_zones(self.config, self.registry, plan, selected, ctx)
        resolved: dict[str, Zone] = {}
        for source_name, specs in zone_specs(self.config, plan, selected).items():
            source = self._plugin(plan, "zone_sources", source_name)
            assert isinstance(source, ZoneSource)
            ok, zones, _ = steps.call("zone source", source_name, None, partial(source.resolve, specs, ctx))
            if ok:
                resolved.update((zone.name, zone) for zone in zones)
            else:
                steps.failed_zones.update(specs)
        return [resolved[name] for name in selected if name in resolved]

    # -- stage 2 --

    def _produce_schemas(
        self, plan: RunPlan, zones: list[Zone], ctx: RunContext, steps: RunSteps, strict: bool,
        reuse: frozenset[str] = frozenset(),
    ) -> dict[str, SchemaArtifact]:
        """Produce every zone's document, then record the release (version, changelog) against the schemas
        the previous run wrote, then write the new schema files."""
        produced: list[tuple[Zone, str, Any, tuple[str, ...], float]] = []
        producers: dict[str, SchemaProducer] = {}
        reused: dict[str, SchemaArtifact] = {}
        for zone in zones:  # inputs unchanged since the last run (revolution_core.fingerprint): as on disk
            artifact = self._reused_schema(zone) if zone.name in reuse and not ctx.force else None
            if artifact is not None:
                reused[zone.name] = artifact
                outputs = tuple(steps.rel(path) for path in artifact.files)
                steps.record(StepResult("schema producer", zone.schema_producer, zone.name, "unchanged", 0.0, outputs))
        zones = [zone for zone in zones if zone.name not in reused]
        for zone in zones:
            name = zone.schema_producer
            if steps.stop:
                steps.record(StepResult("schema producer", name, zone.name, "skipped"))
                continue
            if name not in producers:
                producer = self._plugin(plan, "schema_producers", name)
                assert isinstance(producer, SchemaProducer)
                same = [z for z in zones if z.schema_producer == name]
                ok, _, _ = steps.call(
                    "schema producer", name, None, partial(producer.prepare, same, ctx), announce=False
                )
                if not ok:
                    steps.failed_zones.update(z.name for z in same)
                producers[name] = producer
            if zone.name in steps.failed_zones:
                continue
            options = plan.zones[zone.name].schema_options
            ok, result, seconds = steps.call(
                "schema producer", name, zone.name, partial(producers[name].produce, zone, options, ctx)
            )
            if not ok:
                continue
            self.zone_inputs[zone.name] = result.inputs
            warnings = tuple(result.warnings)
            if strict and warnings:
                reason = f"{len(warnings)} warning(s) with --strict: " + "; ".join(warnings)
                error = str(StageError("schema producer", name, zone.name, reason))
                steps.record(
                    StepResult("schema producer", name, zone.name, "failed", seconds, error=error, warnings=warnings)
                )
                continue
            produced.append((zone, name, result.document, warnings, seconds))
        encoded = {zone.name: schema_json(document) for zone, _, document, _, _ in produced}
        ctx.release = self._release([(zone, document, encoded[zone.name]) for zone, _, document, _, _ in produced])
        schemas: dict[str, SchemaArtifact] = dict(reused)
        for zone, name, document, warnings, seconds in produced:
            try:
                with interrupts.shielded():  # the JSON file whole, or the previous one
                    schemas[zone.name] = self._write_schema(zone, name, document, encoded.pop(zone.name), warnings)
            except OSError as exc:
                error = steps.error_text(StageError("schema producer", name, zone.name, exc), exc)
                steps.record(
                    StepResult("schema producer", name, zone.name, "failed", seconds, error=error, warnings=warnings)
                )
                continue
            outputs = tuple(steps.rel(path) for path in schemas[zone.name].files)
            steps.record(StepResult("schema producer", name, zone.name, "ok", seconds, outputs, warnings=warnings))
            steps.notify("revolution_schema_produced", zone=zone, schema=schemas[zone.name])
        release = ctx.release
        if release is not None and release.bumped and release.latest:
            for zone_changes in release.latest.zones:
                self.reporter.message(release_line(zone_changes))
            self.reporter.message(f"Clients' version: {release.version} ({release.latest.level}; see CHANGELOG.md)")
        return schemas

    def _release(self, produced: list[tuple[Zone, Any, bytes]]) -> Release | None:
        """Compare each new schema with the one on disk (the previous run's), bump the version and save the
        release state before any schema is overwritten (see `revolution_core.release`). None only while no
        zone ever produced a schema."""
        folder = self.config.schemas_dir
        state = ReleaseState.load(folder)
        if not produced:
            return Release(state.version, tuple(state.history)) if state.version else None
        pending = []
        for zone, document, as_json in produced:
            digest = hashlib.sha256(as_json).hexdigest()
            baseline, baseline_sha = read_schema(folder / f"{zone.name}.json", digest, document)
            pending.append(ZoneSchema(zone.name, document, digest, baseline, baseline_sha))
        release = advance(state, pending, initial_version(self.config.project_version))
        try:
            write_bytes_atomic(state.path, state.to_bytes())
        except OSError as exc:
            raise RevolutionError(
                f"could not write {state.path}: {exc}; check that `output.schemas_dir` is a writable directory"
            ) from None
        return release

    def _reused_schema(self, zone: Zone) -> SchemaArtifact | None:
        """The zone's schema as the last run wrote it, if both files are intact."""
        folder = self.config.schemas_dir
        entry = SchemaManifest(folder).zones.get(zone.name)
        digest = entry.get("json") if isinstance(entry, dict) else None
        if not isinstance(digest, str):
            return None
        if not SchemaManifest(folder).is_fresh(zone.name, digest, folder / f"{zone.name}.json",
                                               folder / f"{zone.name}.yaml"):
            return None
        return stored_schema(folder, zone.name)

    def _write_schema(self, zone: Zone, producer: str, document: Any, as_json: bytes,
                      warnings: tuple[str, ...]) -> SchemaArtifact:
        """Write `{zone}.json` now and `{zone}.yaml` in the background (see `YamlWriter`). When the JSON bytes
        match the last run's and both files are intact, nothing is rewritten."""
        folder = self.config.schemas_dir
        yaml_path, json_path = folder / f"{zone.name}.yaml", folder / f"{zone.name}.json"
        digest = hashlib.sha256(as_json).hexdigest()
        if not SchemaManifest(folder).is_fresh(zone.name, digest, json_path, yaml_path):
            write_bytes_atomic(json_path, as_json)
            self._yaml.submit(zone.name, producer, document, digest)
        return SchemaArtifact(zone.name, document, digest, (yaml_path, json_path), warnings)

    # -- stage 3 --

    def _generate(
        self,
        plan: RunPlan,
        zones: list[Zone],
        schemas: dict[str, SchemaArtifact],
        ctx: RunContext,
        steps: RunSteps,
        options: RunOptions,
    ) -> dict[str, list[GeneratedClient]]:
        """Each generator in its own thread (TypeScript's node process overlaps Python's in-process work).
        A zone's clients of generators this run skipped (`--generators`) are taken as they are on disk,
        so archives always hold the whole zone."""
        wanted = set(options.generators or [])
        by_generator: dict[str, list[Zone]] = defaultdict(list)
        for zone in zones:
            for name in plan.zones[zone.name].generators:
                if (not wanted or name in wanted) and zone.name in schemas:
                    by_generator[name].append(zone)
        clients: dict[str, list[GeneratedClient]] = defaultdict(list)
        if by_generator:
            workers = max(1, min(ctx.max_workers, len(by_generator)))
            pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="revolution-generator")
            try:
                futures = {
                    name: pool.submit(self._run_generator, name, zs, plan, schemas, ctx, steps, options.clean)
                    for name, zs in sorted(by_generator.items())
                }
                wait(futures.values())
            except KeyboardInterrupt as exc:  # the workers stop at their next safe point; wait for them
                interrupts.cancel(interrupts.signal_of(exc))
                raise
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
            for name, future in futures.items():
                problem = future.exception()
                if problem is not None and not isinstance(problem, Exception):
                    raise problem  # an interruption (or a worker killed some other way) ends the run
                if problem is not None:  # a plugin failing outside generate(): version(), zone_path(), ...
                    for zone in by_generator[name]:
                        error = steps.error_text(StageError("generator", name, zone.name, problem), problem)
                        steps.record(StepResult("generator", name, zone.name, "failed", error=error))
                    continue
                for client in future.result():
                    clients[client.zone].append(client)
        for zone in zones:
            have = {client.generator for client in clients[zone.name]}
            for name in plan.zones[zone.name].generators:
                if name not in have and wanted and name not in wanted:
                    kept = existing_client(self.config.clients_dir / name, name, zone.name)
                    if kept is not None:
                        clients[zone.name].append(kept)
        return clients

    def _run_generator(
        self,
        name: str,
        zones: list[Zone],
        plan: RunPlan,
        schemas: dict[str, SchemaArtifact],
        ctx: RunContext,
        steps: RunSteps,
        clean: bool,
    ) -> list[GeneratedClient]:
        generator = self._plugin(plan, "generators", name)
        assert isinstance(generator, Generator)
        stage = GeneratorStage(generator, self.config.clients_dir / name, plan, ctx, steps)
        return stage.run(zones, schemas, clean)

    # -- stages 4 and 5 --

    def _archive(self, plan: RunPlan, artifacts: list[ZoneArtifacts], ctx: RunContext, steps: RunSteps) -> None:
        if not artifacts:
            return
        for name in plan.archivers:
            if steps.stop:
                return
            archiver = self._plugin(plan, "archivers", name)
            assert isinstance(archiver, Archiver)
            _, results, seconds = steps.call("archiver", name, None, partial(archiver.archive, artifacts, ctx))
            for result in results or []:
                status: Status = "ok" if result.created else "unchanged"
                outputs = (steps.rel(result.path),) if result.path else ()
                steps.record(StepResult("archiver", name, result.zone, status, seconds / len(results), outputs))

    def _sync(self, plan: RunPlan, artifacts: list[ZoneArtifacts], packages: dict[str, PackageOutput],
              schemas: dict[str, SchemaArtifact], ctx: RunContext, steps: RunSteps) -> None:
        if not plan.sync_targets:
            return
        if steps.has_failures() or not artifacts:
            for name in plan.sync_targets:
                reason = "skipped because an earlier step failed" if artifacts else "skipped: no zone succeeded"
                steps.record(StepResult("sync target", name, None, "skipped", error=reason))
            return
        outputs = RunOutputs(tuple(artifacts), packages, self._schema_files(schemas))
        for name in plan.sync_targets:
            target = self._plugin(plan, "sync_targets", name)
            assert isinstance(target, SyncTarget)
            ok, results, seconds = steps.call("sync target", name, None, partial(target.sync, outputs, ctx))
            if ok:
                paths = tuple(steps.rel(r.path) for r in results or [])
                status: Status = "ok" if any(r.changed for r in results or []) or not results else "unchanged"
                steps.record(StepResult("sync target", name, None, status, seconds, paths))

    def _schema_files(self, schemas: dict[str, SchemaArtifact]) -> dict[str, SchemaFile]:
        """Every configured zone's schema: this run's, else the one on disk from an earlier run."""
        files: dict[str, SchemaFile] = {}
        for zone in self.config.zones:
            artifact = schemas.get(zone) or stored_schema(self.config.schemas_dir, zone)
            if artifact is not None:
                files[zone] = SchemaFile(zone, artifact.sha256, artifact.files)
        return files

def schema_json(document: Any) -> bytes:
    """The bytes of `{zone}.json`: what its SHA-256 (cache keys, release state) is taken over."""
    return (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def read_schema(path: Path, digest: str, document: Any) -> tuple[Any, str | None]:
    """The document a previous run wrote to `path` and the SHA-256 of its bytes; (None, None) if there is none
    or it is not JSON (then the zone counts as new). Unchanged bytes are not parsed again: they are `document`."""
    try:
        data = path.read_bytes()
        previous = hashlib.sha256(data).hexdigest()
        return (document if previous == digest else json.loads(data)), previous
    except (OSError, ValueError):
        return None, None


class YamlWriter:
    """`{zone}.yaml`, dumped on a thread of its own while the run goes on: generators read the JSON file, and
    the YAML dump (PyYAML's representer is pure Python: seconds on a large schema) then overlaps their work.
    Zones are written one after the other, each file atomically, then recorded in the schema manifest; the
    run waits for all of them before archiving (`finish`). The document is read, never changed, by the
    stages that share it meanwhile."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._pool: ThreadPoolExecutor | None = None
        self._pending: list[tuple[str, str, Any]] = []

    def submit(self, zone: str, producer: str, document: Any, json_sha256: str) -> None:
        if self._pool is None:
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="revolution-yaml")
        self._pending.append((zone, producer, self._pool.submit(self._write, zone, document, json_sha256)))

    def _write(self, zone: str, document: Any, json_sha256: str) -> None:
        import yaml

        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        as_yaml = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=120)
        yaml_path = self.folder / f"{zone}.yaml"
        write_bytes_atomic(yaml_path, as_yaml.encode("utf-8"))
        SchemaManifest(self.folder).record(zone, json_sha256, yaml_path)

    def finish(self) -> list[tuple[str, str, BaseException]]:
        """Wait for every copy; the (zone, producer, error) of those that could not be written."""
        failed = []
        for zone, producer, future in self._pending:
            problem = future.exception()
            if problem is not None:
                failed.append((zone, producer, problem))
        self._pending.clear()
        if self._pool is not None:
            self._pool.shutdown(wait=True)
            self._pool = None
        return failed
