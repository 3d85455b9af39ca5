"""Base classes for the five stages. A plugin subclasses one, sets `name` (and `Options`),
and returns the class from the matching `revolution_register_*` hook.

Methods receive a `RunContext`; heavy imports belong inside the methods so that loading a plugin
stays cheap.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict

from revolution_core.config import RevolutionConfig, ZoneConfig
from revolution_core.errors import PluginError, Problem
from revolution_core.models import (
    ArchiveResult,
    GenerationJob,
    RunOutputs,
    SchemaResult,
    SyncResult,
    Zone,
    ZoneArtifacts,
    ZoneOutput,
)


class NoOptions(BaseModel):
    """The `Options` of a plugin that takes none: any key is a mistake."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass
class RunContext:
    """What every stage may read: the configuration, where outputs go, and how to tell the user."""

    config: RevolutionConfig
    max_workers: int = 1
    force: bool = False
    debug: bool = False
    log: Callable[[str], None] = field(default=lambda message: None)

    @property
    def project_root(self) -> Path:
        return self.config.project_root


class StagePlugin(ABC):  # noqa: B024 - abstract through its subclasses
    """Common to every stage class: a unique `name` and a pydantic `Options` model."""

    stage: ClassVar[str] = ""
    name: ClassVar[str] = ""
    Options: ClassVar[type[BaseModel]] = NoOptions

    def version(self) -> str:
        """A generator's version is part of its cache key and of archive metadata: override it to add what
        shapes the output beyond the distribution's version (a driven tool's version, `source_fingerprint`)."""
        return getattr(self, "_distribution_version", "0")


class ZoneSource(StagePlugin):
    """Turns zone configurations into resolved `Zone`s (stage 1)."""

    stage = "zone source"
    default_schema_producer: ClassVar[str] = ""

    @classmethod
    def accepts(cls, zone: ZoneConfig) -> bool:
        """Whether this source serves a zone that does not name its `source` explicitly."""
        return False

    def validate(self, zones: Mapping[str, ZoneConfig], ctx: RunContext) -> list[Problem]:
        """Every problem with these zones, all at once (locations like `zones.admin.apps[0]`)."""
        return []

    @abstractmethod
    def resolve(self, zones: Mapping[str, ZoneConfig], ctx: RunContext) -> list[Zone]:
        """Resolve zones; called only after `validate` found no problem."""


class SchemaProducer(StagePlugin):
    """Produces one OpenAPI document per zone (stage 2). Called from one thread, zone after zone."""

    stage = "schema producer"

    def prepare(self, zones: Sequence[Zone], ctx: RunContext) -> None:
        """One-time set-up before the first zone (e.g. `django.setup()`)."""

    @abstractmethod
    def produce(self, zone: Zone, options: BaseModel, ctx: RunContext) -> SchemaResult:
        """The zone's OpenAPI document; `options` is the zone's `schema_options` as `Options`."""


class Generator(StagePlugin):
    """Generates a client per zone (stage 3), plus whole-run files such as a consolidated package."""

    stage = "generator"

    def zone_path(self, zone: Zone, options: BaseModel) -> PurePosixPath:
        """Where a zone's client lives below the generator's root (`clients/<name>/`)."""
        return PurePosixPath(zone.name)

    def generate(self, jobs: Sequence[GenerationJob], ctx: RunContext) -> Mapping[str, BaseException]:
        """Write each job's client into `job.out_dir`. Returns the failures by zone name (empty when all
        succeeded); raising fails every job. Override to batch zones (e.g. one process for all)."""
        failures: dict[str, BaseException] = {}
        for job in jobs:
            try:
                self.generate_zone(job, ctx)
            except Exception as exc:  # attributed to the zone by the pipeline
                failures[job.zone.name] = exc
        return failures

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        """Generate one zone; the default `generate` calls it per job. Override one of the two."""
        raise PluginError(f"generator '{self.name}' overrides neither generate() nor generate_zone()")

    def finalize(self, zones: Sequence[ZoneOutput], options: BaseModel, ctx: RunContext) -> Mapping[str, bytes]:
        """Whole-run files (index, package metadata) relative to the generator's root, given every zone
        that has this generator's output. The pipeline writes only the files whose bytes changed."""
        return {}


class Archiver(StagePlugin):
    """Packages each successful zone's schema and clients (stage 4)."""

    stage = "archiver"

    @abstractmethod
    def archive(self, zones: Sequence[ZoneArtifacts], options: BaseModel, ctx: RunContext) -> list[ArchiveResult]:
        """Archive each zone; a zone with nothing new may return `created=False`."""

    def commands(self) -> Mapping[str, Callable[..., Any]]:
        """Optional `revolution archive <command>` handlers: list, show, restore."""
        return {}


class SyncTarget(StagePlugin):
    """Copies generated packages somewhere else, e.g. a monorepo (stage 5)."""

    stage = "sync target"

    @abstractmethod
    def sync(self, outputs: RunOutputs, options: BaseModel, ctx: RunContext) -> list[SyncResult]:
        """Copy the run's outputs to the target; raise a `RevolutionError` with a fix on failure."""


STAGE_CLASSES: dict[str, type[StagePlugin]] = {
    "zone_sources": ZoneSource,
    "schema_producers": SchemaProducer,
    "generators": Generator,
    "archivers": Archiver,
    "sync_targets": SyncTarget,
}
