"""The pipeline: zones -> one schema per zone -> every selected generator (in parallel) ->
whole-run files -> archivers -> sync targets.

Each plugin is called by the pipeline itself, so any failure is attributed to its stage, plugin
and zone. A failing zone or plugin does not stop the others (unless `fail_fast`); every output is
staged and swapped in atomically, so a failure leaves the last good output untouched.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
import traceback
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path, PurePosixPath
from typing import Any, Protocol

from revolution_core.config import RevolutionConfig
from revolution_core.errors import ConfigError, StageError
from revolution_core.models import (
    GeneratedClient,
    GenerationJob,
    RunOutputs,
    RunReport,
    SchemaArtifact,
    Status,
    StepResult,
    Zone,
    ZoneArtifacts,
    ZoneOutput,
    canonical_sha256,
)
from revolution_core.outputs import (
    Manifest,
    SchemaManifest,
    discard,
    iter_files,
    project_lock,
    staging_dir,
    swap_into_place,
    write_bytes_atomic,
)
from revolution_core.plan import RunPlan, build_plan
from revolution_core.plugins import Registry
from revolution_core.stages import Archiver, Generator, RunContext, SchemaProducer, SyncTarget, ZoneSource


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


@dataclass
class _State:
    steps: list[StepResult] = field(default_factory=list)
    failed_zones: set[str] = field(default_factory=set)
    fail_fast: bool = False
    stop: bool = False


def default_workers() -> int:
    return max(2, min(8, os.cpu_count() or 2))


class Pipeline:
    """Runs the stages for one configuration with the plugins of one registry."""

    def __init__(self, config: RevolutionConfig, registry: Registry, reporter: Reporter | None = None) -> None:
        self.config = config
        self.registry = registry
        self.reporter = reporter or SilentReporter()
        self.hook = registry.pm.hook

    # -- entry point --

    def run(self, options: RunOptions | None = None) -> RunReport:
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
        state = _State(fail_fast=options.fail_fast)
        with project_lock(self.config.project_root, options.wait, self.reporter.message):
            self.hook.revolution_run_started(config=self.config, zones=selected)
            zones = self._resolve_zones(plan, selected, ctx, state)
            schemas = self._produce_schemas(plan, zones, ctx, state, options.strict)
            clients: dict[str, list[GeneratedClient]] = defaultdict(list)
            if not options.schemas_only:
                self._generate(plan, zones, schemas, ctx, state, options, clients)
                artifacts = [
                    ZoneArtifacts(zone, schemas[zone.name], tuple(clients[zone.name]))
                    for zone in zones
                    if zone.name in schemas and zone.name not in state.failed_zones
                ]
                if options.archive:
                    self._archive(plan, artifacts, ctx, state)
                if options.sync:
                    self._sync(plan, artifacts, ctx, state)
        report = RunReport(zones=tuple(selected), steps=tuple(state.steps), seconds=time.perf_counter() - started)
        self.hook.revolution_run_finished(report=report)
        return report

    # -- bookkeeping --

    def _record(self, state: _State, step: StepResult) -> None:
        state.steps.append(step)
        if step.status == "failed":
            if step.zone:
                state.failed_zones.add(step.zone)
            state.stop = state.stop or state.fail_fast
        self.reporter.step_finished(step)

    def _call(
        self, state: _State, stage: str, plugin: str, zone: str | None, fn: Callable[[], Any]
    ) -> tuple[bool, Any, float]:
        """Run one plugin call; a failure becomes a `failed` step naming stage, plugin and zone."""
        self.reporter.step_started(stage, plugin, zone)
        start = time.perf_counter()
        try:
            return True, fn(), time.perf_counter() - start
        except Exception as exc:
            error = self._error_text(StageError(stage, plugin, zone, exc), exc)
            self._record(state, StepResult(stage, plugin, zone, "failed", time.perf_counter() - start, error=error))
            return False, None, time.perf_counter() - start

    def _error_text(self, error: StageError, cause: BaseException) -> str:
        """The one-paragraph message; with `--debug`, followed by the plugin's traceback."""
        if not self.config.debug or cause.__traceback__ is None:
            return str(error)
        return f"{error}\n{''.join(traceback.format_exception(cause)).rstrip()}"

    # -- stage 1 --

    def _resolve_zones(self, plan: RunPlan, selected: list[str], ctx: RunContext, state: _State) -> list[Zone]:
        by_source: dict[str, list[str]] = defaultdict(list)
        for name in selected:
            by_source[plan.zones[name].source].append(name)
        sources: dict[str, ZoneSource] = {}
        problems = []
        for source_name, names in by_source.items():
            source = self.registry.create("zone_sources", source_name)
            assert isinstance(source, ZoneSource)
            sources[source_name] = source
            problems.extend(source.validate({n: self.config.zones[n] for n in names}, ctx))
        if problems:
            raise ConfigError(problems, source="zone configuration")
        resolved: dict[str, Zone] = {}
        for source_name, names in by_source.items():
            source = sources[source_name]
            ok, zones, _ = self._call(
                state,
                "zone source",
                source_name,
                None,
                partial(source.resolve, {z: self.config.zones[z] for z in names}, ctx),
            )
            if ok:
                for zone in zones:
                    resolved[zone.name] = zone
            else:
                state.failed_zones.update(names)
        return [resolved[name] for name in selected if name in resolved]

    # -- stage 2 --

    def _produce_schemas(
        self, plan: RunPlan, zones: list[Zone], ctx: RunContext, state: _State, strict: bool
    ) -> dict[str, SchemaArtifact]:
        schemas: dict[str, SchemaArtifact] = {}
        producers: dict[str, SchemaProducer] = {}
        for zone in zones:
            if state.stop:
                self._record(state, StepResult("schema producer", zone.schema_producer, zone.name, "skipped"))
                continue
            name = zone.schema_producer
            if name not in producers:
                producer = self.registry.create("schema_producers", name)
                assert isinstance(producer, SchemaProducer)
                same = [z for z in zones if z.schema_producer == name]
                ok, _, _ = self._call(state, "schema producer", name, None, partial(producer.prepare, same, ctx))
                if not ok:
                    state.failed_zones.update(z.name for z in same)
                producers[name] = producer
            if zone.name in state.failed_zones:
                continue
            producer = producers[name]
            options = plan.zones[zone.name].schema_options
            ok, result, seconds = self._call(
                state, "schema producer", name, zone.name, partial(producer.produce, zone, options, ctx)
            )
            if not ok:
                continue
            warnings = tuple(result.warnings)
            if strict and warnings:
                message = StageError(
                    "schema producer",
                    name,
                    zone.name,
                    f"{len(warnings)} warning(s) with --strict: " + "; ".join(warnings),
                )
                self._record(
                    state,
                    StepResult(
                        "schema producer", name, zone.name, "failed", seconds, error=str(message), warnings=warnings
                    ),
                )
                continue
            artifact = self._write_schema(zone, result.document, warnings)
            schemas[zone.name] = artifact
            outputs = tuple(self._rel(path) for path in artifact.files)
            self._record(
                state, StepResult("schema producer", name, zone.name, "ok", seconds, outputs, warnings=warnings)
            )
            self.hook.revolution_schema_produced(zone=zone, schema=artifact)
        return schemas

    def _write_schema(self, zone: Zone, document: Any, warnings: tuple[str, ...]) -> SchemaArtifact:
        """Write `{zone}.json` and `{zone}.yaml`. When the JSON bytes match the last run's and both files are
        intact, nothing is rewritten: the YAML dump is the costliest part of a no-op run on large schemas."""
        folder = self.config.schemas_dir
        yaml_path, json_path = folder / f"{zone.name}.yaml", folder / f"{zone.name}.json"
        as_json = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
        digest = hashlib.sha256(as_json).hexdigest()
        manifest = SchemaManifest(folder)
        if not manifest.is_fresh(zone.name, digest, json_path, yaml_path):
            import yaml

            dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
            as_yaml = yaml.dump(document, Dumper=dumper, sort_keys=False, allow_unicode=True, width=120)
            write_bytes_atomic(yaml_path, as_yaml.encode("utf-8"))
            write_bytes_atomic(json_path, as_json)
            manifest.record(zone.name, digest, yaml_path)
        return SchemaArtifact(zone.name, document, digest, (yaml_path, json_path), warnings)

    # -- stage 3 --

    def _generate(
        self,
        plan: RunPlan,
        zones: list[Zone],
        schemas: dict[str, SchemaArtifact],
        ctx: RunContext,
        state: _State,
        options: RunOptions,
        clients: dict[str, list[GeneratedClient]],
    ) -> None:
        wanted = set(options.generators or [])
        by_generator: dict[str, list[Zone]] = defaultdict(list)
        for zone in zones:
            for name in plan.zones[zone.name].generators:
                if (not wanted or name in wanted) and zone.name in schemas:
                    by_generator[name].append(zone)
        if not by_generator:
            return
        with ThreadPoolExecutor(max_workers=max(1, min(ctx.max_workers, len(by_generator)))) as pool:
            futures = [
                pool.submit(self._run_generator, name, zs, plan, schemas, ctx, state, options)
                for name, zs in sorted(by_generator.items())
            ]
            for future in futures:
                for client in future.result():
                    clients[client.zone].append(client)

    def _run_generator(
        self,
        name: str,
        zones: list[Zone],
        plan: RunPlan,
        schemas: dict[str, SchemaArtifact],
        ctx: RunContext,
        state: _State,
        options: RunOptions,
    ) -> list[GeneratedClient]:
        generator = self.registry.create("generators", name)
        assert isinstance(generator, Generator)
        version = generator.version()
        root = self.config.clients_dir / name
        manifest = Manifest(root)
        if options.clean:
            self._clean_orphans(name, plan, root, manifest)
        jobs, keys, done = [], {}, []
        for zone in zones:
            if state.stop:
                self._record(state, StepResult("generator", name, zone.name, "skipped"))
                continue
            zone_options = plan.zones[zone.name].generators[name]
            rel = generator.zone_path(zone, zone_options)
            key = canonical_sha256(
                {
                    "schema": schemas[zone.name].sha256,
                    "generator": name,
                    "version": version,
                    "path": str(rel),
                    "options": zone_options.model_dump(mode="json"),
                    "project": self.config.project_version,
                }
            )
            target = root / rel
            if not ctx.force and manifest.is_fresh(zone.name, key, target):
                client = self._client(zone, name, version, target, "unchanged")
                self._record(state, StepResult("generator", name, zone.name, "unchanged", 0.0, (self._rel(target),)))
                self.hook.revolution_client_generated(zone=zone, client=client)
                done.append(client)
                continue
            keys[zone.name] = (key, rel, target)
            jobs.append(GenerationJob(zone, schemas[zone.name], staging_dir(target), rel, zone_options))
        if jobs:
            try:
                done += self._run_jobs(generator, version, jobs, keys, manifest, ctx, state)
            finally:  # an interrupted run must not leave staging directories behind
                for job in jobs:
                    discard(job.out_dir)
        manifest.save()
        self._finalize(name, generator, plan, schemas, root, manifest, ctx, state)
        return done

    def _run_jobs(
        self,
        generator: Generator,
        version: str,
        jobs: list[GenerationJob],
        keys: dict[str, tuple[str, PurePosixPath, Path]],
        manifest: Manifest,
        ctx: RunContext,
        state: _State,
    ) -> list[GeneratedClient]:
        """Generate the stale zones in one call, then swap in each zone that succeeded."""
        name = generator.name
        for job in jobs:
            self.reporter.step_started("generator", name, job.zone.name)
        start = time.perf_counter()
        try:
            failures = dict(generator.generate(jobs, ctx))
        except Exception as exc:
            failures = {job.zone.name: exc for job in jobs}
        seconds = time.perf_counter() - start
        done = []
        for job in jobs:
            zone_name = job.zone.name
            key, rel, target = keys[zone_name]
            error = failures.get(zone_name)
            if error is None and not any(job.out_dir.iterdir()):
                error = RuntimeError("it wrote no files")
            if error is not None:
                message = self._error_text(StageError("generator", name, zone_name, error), error)
                self._record(state, StepResult("generator", name, zone_name, "failed", seconds, error=message))
                continue
            swap_into_place(job.out_dir, target)
            manifest.record(zone_name, key, rel.as_posix(), target)
            client = self._client(job.zone, name, version, target, "ok")
            self._record(state, StepResult("generator", name, zone_name, "ok", seconds, (self._rel(target),)))
            self.hook.revolution_client_generated(zone=job.zone, client=client)
            done.append(client)
        return done

    def _finalize(
        self,
        name: str,
        generator: Generator,
        plan: RunPlan,
        schemas: dict[str, SchemaArtifact],
        root: Path,
        manifest: Manifest,
        ctx: RunContext,
        state: _State,
    ) -> None:
        outputs = []
        for zone_name, planned in plan.zones.items():
            entry = manifest.zones.get(zone_name)
            if name in planned.generators and entry and (root / entry["path"]).is_dir():
                zone = Zone(zone_name, self.config.zones[zone_name], planned.source, planned.schema_producer)
                outputs.append(
                    ZoneOutput(zone, PurePosixPath(entry["path"]), schemas.get(zone_name), planned.generators[name])
                )
        if not outputs:
            return
        ok, files, seconds = self._call(
            state, "generator", name, None, partial(generator.finalize, outputs, plan.generator_options[name], ctx)
        )
        if ok:
            written = [rel for rel, data in sorted(files.items()) if write_bytes_atomic(root / rel, data)]
            status: Status = "ok" if written else "unchanged"
            self._record(
                state,
                StepResult(
                    "generator", name, None, status, seconds, tuple(self._rel(root / rel) for rel in sorted(files))
                ),
            )

    def _clean_orphans(self, name: str, plan: RunPlan, root: Path, manifest: Manifest) -> None:
        """`--clean`: remove outputs of zones that no longer select this generator."""
        for zone_name, entry in list(manifest.zones.items()):
            planned = plan.zones.get(zone_name)
            if planned is None or name not in planned.generators:
                discard(root / entry.get("path", zone_name))
                manifest.forget(zone_name)

    def _client(self, zone: Zone, generator: str, version: str, target: Path, status: Any) -> GeneratedClient:
        files = tuple(path.relative_to(target).as_posix() for path in iter_files(target))
        return GeneratedClient(zone.name, generator, version, target, files, status)

    # -- stages 4 and 5 --

    def _archive(self, plan: RunPlan, artifacts: list[ZoneArtifacts], ctx: RunContext, state: _State) -> None:
        if not artifacts:
            return
        for name, options in plan.archivers.items():
            if state.stop:
                return
            archiver = self.registry.create("archivers", name)
            assert isinstance(archiver, Archiver)
            _, results, seconds = self._call(
                state, "archiver", name, None, partial(archiver.archive, artifacts, options, ctx)
            )
            for result in results or []:
                status: Status = "ok" if result.created else "unchanged"
                outputs = (self._rel(result.path),) if result.path else ()
                self._record(state, StepResult("archiver", name, result.zone, status, seconds, outputs))

    def _sync(self, plan: RunPlan, artifacts: list[ZoneArtifacts], ctx: RunContext, state: _State) -> None:
        if not plan.sync_targets:
            return
        if any(step.status == "failed" for step in state.steps) or not artifacts:
            for name in plan.sync_targets:
                self._record(
                    state,
                    StepResult("sync target", name, None, "skipped", error="skipped because an earlier step failed"),
                )
            return
        roots = {name: self.config.clients_dir / name for name in plan.generator_options}
        outputs = RunOutputs(tuple(artifacts), roots)
        for name, options in plan.sync_targets.items():
            target = self.registry.create("sync_targets", name)
            assert isinstance(target, SyncTarget)
            ok, results, seconds = self._call(
                state, "sync target", name, None, partial(target.sync, outputs, options, ctx)
            )
            if ok:
                self._record(
                    state,
                    StepResult("sync target", name, None, "ok", seconds, tuple(str(r.path) for r in results or [])),
                )

    def _rel(self, path: Path) -> str:
        try:
            return path.relative_to(self.config.project_root).as_posix()
        except ValueError:
            return str(path)
