"""Base classes of the five stages. A plugin subclasses one, sets `name` and its option models, and
returns the class from the matching `revolution_register_*` hook.

Lifecycle: for each run the pipeline creates ONE instance per selected plugin, passing the plugin's
validated run-wide `Options` (from `plugin_options[<name>]`); the instance lives for that run only.
Per-zone settings arrive with each zone as the plugin's `ZoneOptions`. Everything a stage needs crosses
as the neutral models of `revolution_core.models`: a plugin never reads another plugin's files or the
core's state files.

Raising: a `RevolutionError` (or a subclass) is shown as it is, attributed to stage, plugin and zone;
any other exception is shown with its type. A failure of one zone never stops the others (unless
`--fail-fast`). Import heavy dependencies inside methods so loading the plugin stays cheap.

Interruptions (Ctrl-C, SIGTERM): run external tools with `revolution_core.interrupts.run_process`, which
stops the tool's whole process group when the run is interrupted, and call `interrupts.check()` between
long steps; never catch `KeyboardInterrupt`. Files go to the staging directories and through
`write_bytes_atomic`, so an interruption never leaves anything half-written.

Example (a generator; the other stages follow the same pattern):

    class KotlinOptions(BaseModel):          # run-wide: plugin_options["kotlin"]
        model_config = ConfigDict(extra="forbid", frozen=True)
        package: str = "com.example.api"

    class KotlinZoneOptions(BaseModel):      # per zone: {"name": "kotlin", "options": {...}}
        model_config = ConfigDict(extra="forbid", frozen=True)
        coroutines: bool = True

    class KotlinGenerator(Generator):
        name = "kotlin"
        Options = KotlinOptions
        ZoneOptions = KotlinZoneOptions

        def generate_zone(self, job, ctx):
            (job.out_dir / "Api.kt").write_text(render(job.schema.document, self.options, job.options))
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from revolution_core import interrupts
from revolution_core.config import RevolutionConfig
from revolution_core.errors import PluginError, Problem
from revolution_core.models import (
    ArchiveResult,
    GenerationJob,
    Release,
    RunOutputs,
    SchemaResult,
    SyncResult,
    Zone,
    ZoneArtifacts,
    ZoneOutput,
    ZoneSpec,
)


class NoOptions(BaseModel):
    """The options of a plugin that takes none: any key is a mistake."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass
class RunContext:
    """What every stage may read: the configuration, where outputs go, and how to tell the user."""

    config: RevolutionConfig
    max_workers: int = 1
    force: bool = False
    debug: bool = False
    log: Callable[[str], None] = field(default=lambda message: None)
    # The clients' version and changelog after this run's schemas (set before generators run; None before).
    release: Release | None = None

    @property
    def project_root(self) -> Path:
        return self.config.project_root


class StagePlugin(ABC):  # noqa: B024 - abstract through its subclasses
    """Common to every stage class.

    - `name`: unique within the stage; what configuration selects.
    - `Options`: run-wide settings, validated from `plugin_options[name]` (extra="forbid" turns typos
      into located errors).
    - `ZoneOptions`: per-zone settings (for a zone source, the zone's own fields; for a
      schema producer, the zone's `schema_options`; for a generator, the zone's `generators` entry).
      `plugin_options[name]` may give defaults for them too.
    - `default`: selected when the configuration does not list this stage's plugins.
    """

    name: ClassVar[str] = ""
    Options: ClassVar[type[BaseModel]] = NoOptions
    ZoneOptions: ClassVar[type[BaseModel]] = NoOptions
    default: ClassVar[bool] = False

    def __init__(self, options: BaseModel | None = None, distribution_version: str = "0") -> None:
        self.options: BaseModel = options if options is not None else self.Options()
        self.distribution_version = distribution_version

    @classmethod
    def selected_by_default(cls, options: BaseModel) -> bool:
        """Whether the plugin runs when the configuration selects none of its stage explicitly; `options`
        are its run-wide options (a sync target may turn itself on once they name a target)."""
        return cls.default

    def output_dirs(self, ctx: RunContext) -> Mapping[str, Path]:
        """Directories this plugin writes to during a run, by the setting (or environment variable) that
        chooses each, e.g. `{"plugin_options.archive.directory": path}`. Before writing anything, the run
        checks that each is a writable directory (or can be created), and names the setting if not."""
        return {}

    def version(self) -> str:
        """Part of a generator's cache key and of archive metadata. Override it to add what shapes the
        output beyond the distribution's version (a driven tool's version, `source_fingerprint`)."""
        return self.distribution_version


class ZoneSource(StagePlugin):
    """Turns zone configurations into resolved `Zone`s (stage 1).

    Called once per run: `validate` with every zone it serves, then (only if no problem was found)
    `resolve`. Each `ZoneSpec` carries the zone's neutral `ZoneConfig` and the source's validated
    `ZoneOptions` (its fields)."""

    default_schema_producer: ClassVar[str] = ""

    @classmethod
    def accepts(cls, fields: Mapping[str, Any]) -> bool:
        """Whether this source serves a zone that names no `source`, given the zone's source fields.
        Default: the zone sets at least one field this source declares in `ZoneOptions`."""
        return bool(set(fields) & set(cls.ZoneOptions.model_fields))

    def validate(self, zones: Mapping[str, ZoneSpec], ctx: RunContext) -> list[Problem]:
        """Every problem with these zones, all at once, each located (`zones.<zone>.<field>[<index>]`)."""
        return []

    @abstractmethod
    def resolve(self, zones: Mapping[str, ZoneSpec], ctx: RunContext) -> list[Zone]:
        """Resolve zones; called only after `validate` found no problem."""


class SchemaProducer(StagePlugin):
    """Produces one OpenAPI document per zone (stage 2): `prepare` once, then `produce` zone after zone,
    from one thread. The pipeline writes `{zone}.json` and `{zone}.yaml` and hashes them."""

    def prepare(self, zones: Sequence[Zone], ctx: RunContext) -> None:
        """One-time set-up before the first zone (e.g. starting the web framework the schemas come from)."""

    @abstractmethod
    def produce(self, zone: Zone, options: BaseModel, ctx: RunContext) -> SchemaResult:
        """The zone's OpenAPI document; `options` are the zone's `ZoneOptions` (from `schema_options`)."""


class Generator(StagePlugin):
    """Generates a client per zone (stage 3), plus whole-run files such as a consolidated package.

    Per run: `zone_path` for every zone, then ONE `generate` call with the stale zones (in a worker
    thread of its own: generators run in parallel), then `finalize` with every zone that has this
    generator's output. Output written by `generate` goes to staging directories; `finalize` runs while
    they are still staged (each `ZoneOutput.directory` says where a zone's files are now) and returns bytes.
    Only when `finalize` succeeds are the zones swapped into place and its files written (only those
    that changed), so a package's zones and whole-run files (an index, compiled output) change together;
    when it raises, every zone keeps its previous output."""

    def zone_path(self, zone: Zone, options: BaseModel) -> PurePosixPath:
        """Where a zone's client lives below the generator's root (`clients/<name>/`); `options` are the
        zone's `ZoneOptions`."""
        return PurePosixPath(zone.name)

    def generate(self, jobs: Sequence[GenerationJob], ctx: RunContext) -> Mapping[str, BaseException]:
        """Write each job's client into `job.out_dir`. Returns the failures by zone name (empty when all
        succeeded); raising fails every job. Override to batch zones (e.g. one process for all)."""
        failures: dict[str, BaseException] = {}
        for job in jobs:
            interrupts.check()  # Ctrl-C: stop between zones
            try:
                self.generate_zone(job, ctx)
            except Exception as exc:  # attributed to the zone by the pipeline
                failures[job.zone.name] = exc
        return failures

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        """Generate one zone; the default `generate` calls it per job. Override one of the two."""
        raise PluginError(f"generator '{self.name}' overrides neither generate() nor generate_zone()")

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> Mapping[str, bytes]:
        """Whole-run files (index, package metadata, compiled output) relative to the generator's root,
        given every zone that has this generator's output; read a zone's files from `zone.directory` (this
        run's zones are still staged). Files it stops returning are deleted."""
        return {}


class Archiver(StagePlugin):
    """Packages each successful zone's schema and clients (stage 4), once per run."""

    @abstractmethod
    def archive(self, zones: Sequence[ZoneArtifacts], ctx: RunContext) -> list[ArchiveResult]:
        """Archive each zone; a zone with nothing new may return `created=False`."""


class SyncTarget(StagePlugin):
    """Copies generated packages somewhere else, e.g. into a workspace (stage 5), once per successful run."""

    @abstractmethod
    def sync(self, outputs: RunOutputs, ctx: RunContext) -> list[SyncResult]:
        """Copy the run's outputs to the target; raise a `RevolutionError` with a fix on failure."""


STAGE_CLASSES: dict[str, type[StagePlugin]] = {
    "zone_sources": ZoneSource,
    "schema_producers": SchemaProducer,
    "generators": Generator,
    "archivers": Archiver,
    "sync_targets": SyncTarget,
}
