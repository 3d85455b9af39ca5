"""Stage 3 for one generator: decide which zones are stale (content-hash cache), generate them in one
call into staging directories, swap the good ones into place, then write the whole-run files.

Split from `pipeline.py`, which owns the run as a whole; this module reports through its `Steps`.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from revolution_core import interrupts
from revolution_core.errors import RevolutionError, StageError
from revolution_core.faults import blocker, blocker_message
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
from revolution_core.outputs import Manifest, clean_relative, discard, inside, staging_dir, tree_hashes
from revolution_core.stages import Generator, RunContext
from revolution_core.transaction import Transaction

if TYPE_CHECKING:
    from revolution_core.plan import RunPlan


class Steps(Protocol):
    """What the generator stage needs from the run (`pipeline.RunSteps`): record steps, call plugins
    with attribution, notify observers."""

    stop: bool
    failed_zones: set[str]

    def record(self, step: StepResult) -> None: ...

    def started(self, stage: str, plugin: str, zone: str | None) -> None: ...

    def call(
        self, stage: str, plugin: str, zone: str | None, fn: Callable[[], Any], announce: bool = True
    ) -> tuple[bool, Any, float]: ...

    def error_text(self, error: StageError, cause: BaseException, where: Path | None = None) -> str: ...

    def notify(self, hook: str, **kwargs: Any) -> None: ...

    def rel(self, path: Path) -> str: ...


@dataclass
class StaleZone:
    """A zone this run must generate: its job, the cache key it will be recorded under, its final place,
    and (once generated) its files' hashes and its share of the generation time."""

    job: GenerationJob
    key: str
    target: Path
    files: dict[str, str] = field(default_factory=dict)
    seconds: float = 0.0


class GeneratorStage:
    """Runs one generator over the zones of a run that selected it; its output changes as one
    transaction (`revolution_core.transaction`)."""

    def __init__(self, generator: Generator, root: Path, plan: RunPlan, ctx: RunContext, steps: Steps) -> None:
        self.generator = generator
        self.name = generator.name
        self.root = root
        self.plan = plan
        self.ctx = ctx
        self.steps = steps
        self.manifest = Manifest(root, notice=ctx.log)
        self.version = generator.version()
        self.failed: set[str] = set()
        self.created_dirs: list[Path] = []

    def run(self, zones: list[Zone], schemas: dict[str, SchemaArtifact], clean: bool) -> list[GeneratedClient]:
        resolved = {zone.name: zone for zone in zones}
        desired = self.desired_paths(resolved)
        self.manifest.check_layout({zone: path.as_posix() for zone, path in desired.items()})
        done: list[GeneratedClient] = []
        stale: list[StaleZone] = []
        try:
            for zone in zones:
                if self.steps.stop:
                    self.steps.record(StepResult("generator", self.name, zone.name, "skipped"))
                    continue
                planned = self.plan_zone(zone, schemas[zone.name], desired[zone.name])
                if isinstance(planned, StaleZone):
                    stale.append(planned)
                elif planned is not None:
                    done.append(planned)
            generated = self.run_jobs(stale) if stale else []
            interrupts.check()
            done += self.commit(generated, desired, resolved, schemas, clean)
        finally:  # an interrupted or failed run leaves no staging directory, nor the empty folders made for them
            for zone_to_make in stale:
                if zone_to_make.job.out_dir.exists():
                    discard(zone_to_make.job.out_dir)
            for folder in sorted(set(self.created_dirs), key=lambda p: len(p.parts), reverse=True):
                with contextlib.suppress(OSError):
                    folder.rmdir()  # only if still empty
        return done

    def desired_paths(self, resolved: dict[str, Zone]) -> dict[str, PurePosixPath]:
        """Where every zone that selects this generator belongs (also zones outside `--zones`)."""
        return {name: self.generator.zone_path(zone, self.plan.zones[name].generators[self.name])
                for name, zone in self.zones_of_generator(resolved).items()}

    def zones_of_generator(self, resolved: dict[str, Zone]) -> dict[str, Zone]:
        found = {}
        for zone_name, planned in self.plan.zones.items():
            if self.name in planned.generators:
                found[zone_name] = resolved.get(zone_name) or Zone(
                    zone_name, self.ctx.config.zones[zone_name], planned.source, planned.schema_producer,
                    options=planned.source_options)
        return found

    def fail(self, zone: str, error: str, seconds: float = 0.0) -> None:
        self.failed.add(zone)
        self.steps.record(StepResult("generator", self.name, zone, "failed", seconds, error=error))

    def explained(self, zone: str | None, exc: BaseException, where: Path | None = None) -> str:
        return self.steps.error_text(StageError("generator", self.name, zone, exc), exc, where)

    def plan_zone(self, zone: Zone, schema: SchemaArtifact, rel: PurePosixPath) -> StaleZone | GeneratedClient | None:
        """An unchanged zone with intact output is reported as such; any other becomes a job, unless its
        previous output could not be replaced (then it fails now, before any work, and stays as it is)."""
        options = self.plan.zones[zone.name].generators[self.name]
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
        found = blocker(target)
        if found is not None:
            self.fail(zone.name, self.explained(zone.name, RevolutionError(blocker_message(
                target, found, self.setting(), self.steps.rel(target)))))
            return None
        self.created_dirs += [p for p in [target.parent, *target.parent.parents] if not p.exists()]
        try:
            out_dir = staging_dir(target)
        except OSError as exc:
            self.fail(zone.name, self.explained(zone.name, exc))
            return None
        return StaleZone(GenerationJob(zone, schema, out_dir, rel, options), key, target)

    def setting(self) -> str:
        return "output.clients_dir"

    def run_jobs(self, stale: list[StaleZone]) -> list[StaleZone]:
        """Generate the stale zones in one call; returns the ones that succeeded (not yet committed)."""
        interrupts.check()
        for item in stale:
            self.steps.started("generator", self.name, item.job.zone.name)
        start = time.perf_counter()
        try:
            failures = dict(self.generator.generate([item.job for item in stale], self.ctx))
        except Exception as exc:
            failures = {item.job.zone.name: exc for item in stale}
        seconds = (time.perf_counter() - start) / len(stale)  # one batched call: each zone gets its share
        interrupts.check()  # a tool stopped by the interruption did not fail
        generated = []
        for item in stale:
            zone = item.job.zone
            error = failures.get(zone.name)
            try:
                item.files = tree_hashes(item.job.out_dir) if error is None else {}
            except OSError as exc:
                error = exc
            if error is None and not item.files:
                error = RuntimeError("it wrote no files")
            if error is not None:
                self.fail(zone.name, self.explained(zone.name, error, item.job.out_dir), seconds)
                continue
            item.seconds = seconds
            generated.append(item)
        return generated

    def commit(self, generated: list[StaleZone], desired: dict[str, PurePosixPath], resolved: dict[str, Zone],
               schemas: dict[str, SchemaArtifact], clean: bool) -> list[GeneratedClient]:
        """Stage the whole-run files for the state after this run, then commit them together with every
        generated zone (and the removal of moved or orphaned outputs), or commit nothing."""
        blocked = self.blocked_move(generated, desired)
        if blocked:
            for item in generated:
                self.fail(item.job.zone.name, self.explained(item.job.zone.name, RevolutionError(blocked)))
            return []
        after = self.manifest.copy()
        txn = Transaction(after, notice=self.ctx.log)
        for item in generated:
            name = item.job.zone.name
            previous = self.manifest.zone_dir(name)
            txn.stage_tree(item.job.out_dir, item.target)
            after.record(name, item.key, item.job.relative_path.as_posix(), item.files, self.version)
            if previous is not None and previous != item.target.resolve():
                self.remove_on_commit(txn, name, previous, desired, "its old place")
        if clean and not (self.failed or self.steps.failed_zones):  # a removal applies only to a good run
            self.clean_orphans(txn, after, desired)
        try:
            ok, package_step = self.stage_whole_run_files(txn, after, generated, resolved, schemas)
            if not ok:
                txn.abort()
                for item in generated:
                    self.fail(item.job.zone.name, (
                        f"generator plugin '{self.name}' generated zone '{item.job.zone.name}', but its whole-run "
                        "step failed (see its error), and a zone is only applied together with it: the last good "
                        "output is kept"), item.seconds)
                return []
            if txn or after.serialize() != self.manifest.serialize():
                leftovers = txn.commit() if txn else self.save_manifest(after)
                for leftover in leftovers:
                    self.ctx.log(f"{self.name} generator: could not remove {leftover}; the next run tries again")
        except OSError as exc:
            txn.abort()
            message = self.explained(None, exc)
            self.steps.record(StepResult("generator", self.name, None, "failed", error=message))
            for item in generated:
                self.fail(item.job.zone.name, self.explained(item.job.zone.name, exc), item.seconds)
            return []
        self.manifest = after
        done = []
        for item in generated:
            zone = item.job.zone
            client = self.client(zone.name, item.target, item.job.relative_path, "ok")
            self.steps.record(StepResult("generator", self.name, zone.name, "ok", item.seconds,
                                         (self.steps.rel(item.target),)))
            self.steps.notify("revolution_client_generated", zone=zone, client=client)
            done.append(client)
        if package_step is not None:
            self.steps.record(package_step)
        return done

    def save_manifest(self, manifest: Manifest) -> list[str]:
        manifest.save()
        return []

    def blocked_move(self, generated: list[StaleZone], desired: dict[str, PurePosixPath]) -> str | None:
        """A zone that moves (a changed setting such as a package name) may move only if, after this run,
        every zone of the generator is at its new place: otherwise the package would be half here, half
        there. Then nothing is applied, and this says why."""
        committed = {item.job.zone.name for item in generated}
        moving = [item for item in generated
                  if (entry := self.manifest.zones.get(item.job.zone.name))
                  and self.manifest.zone_dir(item.job.zone.name) is not None
                  and entry["path"] != item.job.relative_path.as_posix()]
        if not moving:
            return None
        behind = [zone for zone, path in desired.items()
                  if zone not in committed and (entry := self.manifest.zones.get(zone))
                  and self.manifest.zone_dir(zone) is not None and entry["path"] != path.as_posix()]
        if not behind:
            return None
        first = moving[0]
        old = self.steps.rel(self.root / self.manifest.zones[first.job.zone.name]["path"])
        new = self.steps.rel(first.target)
        failed = self.failed | self.steps.failed_zones
        why = ", ".join(f"'{zone}' ({'failed' if zone in failed else 'not in this run'})" for zone in behind)
        return (f"not applied: this run moves the {self.name} output (e.g. {old} -> {new}, after a changed setting "
                f"such as the package name), and a move is applied only when every zone moves with it, but zone(s) "
                f"{why} did not. The last good output stays where it was; run every zone again once they succeed")

    def remove_on_commit(self, txn: Transaction, zone: str, folder: Path, desired: dict[str, PurePosixPath],
                         what: str) -> None:
        """Delete a zone's recorded tree with the commit, only if it holds what a run wrote and no zone of
        this run's layout lives in it."""
        relative = folder.relative_to(self.root.resolve()).as_posix()
        if any(relative == p.as_posix() or p.as_posix().startswith(relative + "/") or relative.startswith(
                p.as_posix() + "/") for p in desired.values()):
            return
        if self.manifest.owned_tree(zone) is None:
            self.ctx.log(f"{self.name} generator: {self.steps.rel(folder)} ({what} of zone '{zone}') is kept: its "
                         "files differ from what revolution recorded there")
            return
        txn.delete_later(folder)

    def clean_orphans(self, txn: Transaction, after: Manifest, desired: dict[str, PurePosixPath]) -> None:
        """`--clean`: remove outputs of zones that no longer select this generator, with the commit."""
        for zone_name in list(self.manifest.zones):
            if zone_name not in desired:
                folder = self.manifest.zone_dir(zone_name)
                if folder is not None:
                    self.remove_on_commit(txn, zone_name, folder, desired, "the output")
                after.forget(zone_name)

    def stage_whole_run_files(self, txn: Transaction, after: Manifest, generated: list[StaleZone],
                              resolved: dict[str, Zone], schemas: dict[str, SchemaArtifact]
                              ) -> tuple[bool, StepResult | None]:
        """`finalize()` over every zone that will have output after the commit; its files are staged, the
        ones it no longer returns are removed with the commit. Returns whether finalize succeeded, and its
        step (recorded once the commit is done)."""
        staged = {item.job.zone.name: item.job.out_dir for item in generated}
        outputs = []
        for zone_name, zone in self.zones_of_generator(resolved).items():
            entry = after.zones.get(zone_name)
            directory = staged.get(zone_name) or self.manifest.zone_dir(zone_name)
            if entry and directory is not None:
                schema = schemas.get(zone_name) or stored_schema(self.ctx.config.schemas_dir, zone_name)
                outputs.append(ZoneOutput(zone, PurePosixPath(entry["path"]), schema,
                                          self.plan.zones[zone_name].generators[self.name], directory))
        if not outputs:
            return True, None
        ok, files, seconds = self.steps.call(
            "generator", self.name, None, partial(self.generator.finalize, outputs, self.ctx)
        )
        if not ok:
            return False, None
        zone_paths = [entry["path"] for entry in after.zones.values()]
        changed = []
        for rel, data in sorted(files.items()):
            target = inside(self.root, rel) if clean_relative(rel) is not None else None
            if target is None or any(rel == p or rel.startswith(p + "/") for p in zone_paths):
                error = f"finalize() returned {rel!r}, which is not a path below {self.root} outside every zone"
                self.steps.record(StepResult("generator", self.name, None, "failed", seconds,
                                             error=self.explained(None, RevolutionError(error))))
                return False, None
            target = self.root / rel
            if not (target.is_file() and target.read_bytes() == data):
                txn.stage_file(target, data)
                changed.append(rel)
        for stale in sorted(set(after.package_files) - set(files)):
            path = self.manifest.owned_file(stale)
            if path is not None:
                txn.delete_later(path)
                changed.append(stale)
        after.package_files = {rel: hashlib.sha256(data).hexdigest() for rel, data in files.items()}
        status: Status = "ok" if changed else "unchanged"
        outputs_text = tuple(self.steps.rel(self.root / rel) for rel in sorted(files))
        return True, StepResult("generator", self.name, None, status, seconds, outputs_text)

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
