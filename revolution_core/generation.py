"""Stage 3 for one generator: decide which zones are stale (content-hash cache), generate them in one
call into staging directories, swap the good ones into place, then write the whole-run files.

Split from `pipeline.py`, which owns the run as a whole; this module reports through its `Steps`.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from revolution_core.errors import StageError
from revolution_core.models import (
    GeneratedClient,
    GenerationJob,
    PackageOutput,
    SchemaArtifact,
    Status,
    StepResult,
    Zone,
    ZoneOutput,
    canonical_sha256,
)
from revolution_core.outputs import Manifest, discard, inside, staging_dir, swap_into_place, write_bytes_atomic
from revolution_core.stages import Generator, RunContext

if TYPE_CHECKING:
    from revolution_core.plan import RunPlan


class Steps(Protocol):
    """What the generator stage needs from the run (`pipeline.RunSteps`): record steps, call plugins
    with attribution, notify observers."""

    stop: bool

    def record(self, step: StepResult) -> None: ...

    def started(self, stage: str, plugin: str, zone: str | None) -> None: ...

    def call(
        self, stage: str, plugin: str, zone: str | None, fn: Callable[[], Any], announce: bool = True
    ) -> tuple[bool, Any, float]: ...

    def error_text(self, error: StageError, cause: BaseException) -> str: ...

    def notify(self, hook: str, **kwargs: Any) -> None: ...

    def rel(self, path: Path) -> str: ...


@dataclass
class StaleZone:
    """A zone this run must generate: its job, the cache key it will be recorded under, and its final place."""

    job: GenerationJob
    key: str
    target: Path


class GeneratorStage:
    """Runs one generator over the zones of a run that selected it."""

    def __init__(self, generator: Generator, root: Path, plan: RunPlan, ctx: RunContext, steps: Steps) -> None:
        self.generator = generator
        self.name = generator.name
        self.root = root
        self.plan = plan
        self.ctx = ctx
        self.steps = steps
        self.manifest = Manifest(root)
        self.version = generator.version()
        self.seconds = 0.0

    def run(self, zones: list[Zone], schemas: dict[str, SchemaArtifact], clean: bool) -> list[GeneratedClient]:
        if clean:
            self.clean_orphans()
        done: list[GeneratedClient] = []
        stale: list[StaleZone] = []
        try:
            for zone in zones:
                if self.steps.stop:
                    self.steps.record(StepResult("generator", self.name, zone.name, "skipped"))
                    continue
                planned = self.plan_zone(zone, schemas[zone.name])
                if isinstance(planned, StaleZone):
                    stale.append(planned)
                else:
                    done.append(planned)
            made = self.run_jobs(stale) if stale else []
            done += self.finalize(schemas, made)
        finally:  # an interrupted run must not leave staging directories behind
            for zone_to_make in stale:
                discard(zone_to_make.job.out_dir)
            self.manifest.save()
        return done

    def plan_zone(self, zone: Zone, schema: SchemaArtifact) -> StaleZone | GeneratedClient:
        """An unchanged zone with intact output is reported as such; any other becomes a job."""
        options = self.plan.zones[zone.name].generators[self.name]
        rel = self.generator.zone_path(zone, options)
        key = canonical_sha256(
            {
                "schema": schema.sha256,
                "generator": self.name,
                "version": self.version,
                "path": str(rel),
                "options": options.model_dump(mode="json"),
                "project": self.ctx.config.project_version,
            }
        )
        target = self.root / rel
        if not self.ctx.force and self.manifest.is_fresh(zone.name, key, target):
            client = self.client(zone.name, target, rel, "unchanged")
            self.steps.record(
                StepResult("generator", self.name, zone.name, "unchanged", 0.0, (self.steps.rel(target),))
            )
            self.steps.notify("revolution_client_generated", zone=zone, client=client)
            return client
        return StaleZone(GenerationJob(zone, schema, staging_dir(target), rel, options), key, target)

    def run_jobs(self, stale: list[StaleZone]) -> list[StaleZone]:
        """Generate the stale zones in one call; the ones that succeeded stay staged until `finalize`."""
        for item in stale:
            self.steps.started("generator", self.name, item.job.zone.name)
        start = time.perf_counter()
        try:
            failures = dict(self.generator.generate([item.job for item in stale], self.ctx))
        except Exception as exc:
            failures = {item.job.zone.name: exc for item in stale}
        self.seconds = (time.perf_counter() - start) / len(stale)  # one batched call: each zone gets its share
        made = []
        for item in stale:
            zone = item.job.zone
            error = failures.get(zone.name)
            if error is None and not any(item.job.out_dir.iterdir()):
                error = RuntimeError("it wrote no files")
            if error is not None:
                message = self.steps.error_text(StageError("generator", self.name, zone.name, error), error)
                self.steps.record(StepResult("generator", self.name, zone.name, "failed", self.seconds, error=message))
            else:
                made.append(item)
        return made

    def install(self, item: StaleZone) -> GeneratedClient:
        """Swap a generated zone into place once its package is complete."""
        zone = item.job.zone
        previous = self.manifest.zone_dir(zone.name)
        swap_into_place(item.job.out_dir, item.target)
        if previous is not None and previous != item.target.resolve():
            discard(previous)  # the zone moved (e.g. a renamed package): its old copy is stale
        self.manifest.record(zone.name, item.key, item.job.relative_path.as_posix(), item.target, self.version)
        client = self.client(zone.name, item.target, item.job.relative_path, "ok")
        self.steps.record(
            StepResult("generator", self.name, zone.name, "ok", self.seconds, (self.steps.rel(item.target),))
        )
        self.steps.notify("revolution_client_generated", zone=zone, client=client)
        return client

    def finalize(self, schemas: dict[str, SchemaArtifact], made: list[StaleZone]) -> list[GeneratedClient]:
        """Whole-run files from every zone that has this generator's output (not only this run's zones),
        computed BEFORE this run's zones are swapped in: the zones and the package files they belong with
        (an index, a compiled dist/) change together, or, when `finalize` fails, not at all. Files the
        generator no longer writes are removed."""
        staged = {item.job.zone.name: item for item in made}
        outputs = []
        for zone_name, planned in self.plan.zones.items():
            if self.name not in planned.generators:
                continue
            entry = self.manifest.zones.get(zone_name)
            item = staged.get(zone_name)
            if item is not None:
                relative, path = item.job.relative_path, item.job.out_dir
            else:
                folder = self.manifest.zone_dir(zone_name)
                if not entry or folder is None:
                    continue
                relative, path = PurePosixPath(entry["path"]), folder
            zone = Zone(zone_name, self.ctx.config.zones[zone_name], planned.source, planned.schema_producer,
                        options=planned.source_options)
            schema = schemas.get(zone_name) or stored_schema(self.ctx.config.schemas_dir, zone_name)
            outputs.append(ZoneOutput(zone, relative, schema, planned.generators[self.name], path))
        if not outputs:
            return []
        ok, files, seconds = self.steps.call(
            "generator", self.name, None, partial(self.generator.finalize, outputs, self.ctx)
        )
        if not ok:
            for item in made:  # the package failed (shown once, on its own step): keep the previous clients
                reason = f"kept the previous client: the {self.name} package step failed"
                self.steps.record(StepResult("generator", self.name, item.job.zone.name, "failed", self.seconds,
                                             error=reason))
            return []
        done = [self.install(item) for item in made]
        written = [rel for rel, data in sorted(files.items()) if write_bytes_atomic(self.root / rel, data)]
        for stale in sorted(set(self.manifest.package_files) - set(files)):
            leftover = inside(self.root, stale)
            if leftover is not None and leftover.is_file():
                leftover.unlink()
                written.append(stale)
        self.manifest.package_files = sorted(files)
        self.manifest.save()
        status: Status = "ok" if written else "unchanged"
        outputs_text = tuple(self.steps.rel(self.root / rel) for rel in sorted(files))
        self.steps.record(StepResult("generator", self.name, None, status, seconds, outputs_text))
        return done

    def clean_orphans(self) -> None:
        """`--clean`: remove outputs of zones that no longer select this generator."""
        for zone_name in list(self.manifest.zones):
            planned = self.plan.zones.get(zone_name)
            if planned is None or self.name not in planned.generators:
                folder = self.manifest.zone_dir(zone_name)
                if folder is not None:
                    discard(folder)
                self.manifest.forget(zone_name)

    def client(self, zone: str, target: Path, relative: PurePosixPath, status: Status) -> GeneratedClient:
        return GeneratedClient(zone, self.name, self.version, target, self.manifest.files(zone), status, relative)


def existing_client(root: Path, generator: str, zone: str) -> GeneratedClient | None:
    """A zone's client as the last run left it (for archives when `--generators` skipped its generator)."""
    manifest = Manifest(root)
    folder = manifest.zone_dir(zone)
    if folder is None:
        return None
    entry = manifest.zones[zone]
    relative = PurePosixPath(str(entry.get("path", zone)))
    return GeneratedClient(zone, generator, str(entry.get("version", "unknown")), folder, manifest.files(zone),
                           "unchanged", relative)


def package_output(root: Path, generator: str) -> PackageOutput | None:
    """A generator's package as its manifest records it: every zone's files and the whole-run files."""
    manifest = Manifest(root)
    files: list[str] = []
    for zone in sorted(manifest.zones):
        folder = manifest.zone_dir(zone)
        if folder is not None:
            prefix = folder.relative_to(root.resolve()).as_posix()
            files.extend(f"{prefix}/{name}" for name in manifest.files(zone))
    whole_run = tuple(f for f in manifest.package_files if inside(root, f) is not None and (root / f).is_file())
    if not files and not whole_run:
        return None
    return PackageOutput(generator, root, tuple(sorted({*files, *whole_run})), whole_run)


def packages_of(clients_dir: Path, plan: RunPlan) -> dict[str, PackageOutput]:
    """Every planned generator's package after the run (zones outside `--zones` included)."""
    found = {name: package_output(clients_dir / name, name) for name in sorted(plan.generator_options)}
    return {name: package for name, package in found.items() if package is not None}


def with_package(client: GeneratedClient, packages: dict[str, PackageOutput]) -> GeneratedClient:
    return replace(client, package=packages.get(client.generator))


def stored_schema(folder: Path, zone: str) -> SchemaArtifact | None:
    """The schema a zone outside this run was last generated from, as written to `{zone}.json`."""
    json_path, yaml_path = folder / f"{zone}.json", folder / f"{zone}.yaml"
    try:
        data = json_path.read_bytes()
        document = json.loads(data)
    except (OSError, ValueError):
        return None
    return SchemaArtifact(zone, document, hashlib.sha256(data).hexdigest(), (yaml_path, json_path))
