"""Neutral, frozen data that crosses stage boundaries. No stage sees another's internals."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal

from pydantic import BaseModel

from revolution_core.config import GeneratorSelection, ZoneConfig

Status = Literal["ok", "unchanged", "failed", "skipped"]
Level = Literal["breaking", "addition", "change"]


@dataclass(frozen=True)
class ZoneSpec:
    """A configured zone as its zone source sees it: the neutral `config` and `options`, the source's own
    `ZoneOptions` validated from the zone's fields."""

    name: str
    config: ZoneConfig
    options: BaseModel


@dataclass(frozen=True)
class Zone:
    """A zone resolved by its zone source: ready for a schema producer.

    `options` are the source's validated zone fields; `extras` carries source-specific data for the
    producer the source chose (e.g. a URLconf name).
    """

    name: str
    config: ZoneConfig
    source: str
    schema_producer: str
    extras: Mapping[str, Any] = field(default_factory=dict)
    options: BaseModel | None = None

    @property
    def title(self) -> str:
        return self.config.title or f"{self.name.replace('_', ' ').title()} API"


@dataclass(frozen=True)
class SchemaResult:
    """What a schema producer returns: the OpenAPI document and the warnings met producing it.

    `inputs`, when the producer knows them, are the files this zone's document was built from (a web
    framework's modules reached from the zone's URLs, say): a later change to only such files regenerates
    only the zones that list them. None means unknown: any change regenerates the zone."""

    document: Mapping[str, Any]
    warnings: tuple[str, ...] = ()
    inputs: tuple[Path, ...] | None = None


@dataclass(frozen=True)
class SchemaArtifact:
    """A zone's schema as written to disk; `sha256` is the SHA-256 of the `{zone}.json` file's bytes."""

    zone: str
    document: Mapping[str, Any]
    sha256: str
    files: tuple[Path, ...]
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class GenerationJob:
    """One zone for one generator: write the client into `out_dir` (an empty staging directory).

    `options` are the generator's `ZoneOptions` for this zone; the pipeline moves `out_dir` into place
    only if the whole job succeeds.
    """

    zone: Zone
    schema: SchemaArtifact
    out_dir: Path
    relative_path: PurePosixPath
    options: BaseModel


@dataclass(frozen=True)
class ZoneOutput:
    """A zone's output for one generator as it will be once the run commits, given to `Generator.finalize`
    for whole-run files. `finalize` runs before anything is committed (the zones and the whole-run files
    land together), so a zone's files are read from `directory`: its staging directory when this run
    generated it, else its place below the generator's root."""

    zone: Zone
    relative_path: PurePosixPath
    schema: SchemaArtifact | None
    options: BaseModel
    directory: Path | None = None


@dataclass(frozen=True)
class PackageOutput:
    """A generator's whole output after the run: its root (`clients/<generator>/`) and every file of the
    package relative to it (each zone's files under its zone path, plus the whole-run files). Nothing
    else under the root (caches, local builds, `node_modules`, the core's state) belongs to it."""

    generator: str
    root: Path
    files: tuple[str, ...]
    whole_run_files: tuple[str, ...] = ()


@dataclass(frozen=True)
class GeneratedClient:
    """A zone's client as it stands after the run (freshly generated or unchanged). `files` are relative
    to `path`; `package` is the generator's whole package, once its whole-run files are written."""

    zone: str
    generator: str
    generator_version: str
    path: Path
    files: tuple[str, ...]
    status: Status
    relative_path: PurePosixPath = field(default_factory=lambda: PurePosixPath("."))
    package: PackageOutput | None = None


@dataclass(frozen=True)
class ZoneArtifacts:
    """Everything a run holds for one zone: what archivers package."""

    zone: Zone
    schema: SchemaArtifact
    clients: tuple[GeneratedClient, ...]


@dataclass(frozen=True)
class SchemaFile:
    """A zone's schema as it stands on disk, for zones inside or outside the run."""

    zone: str
    sha256: str
    files: tuple[Path, ...]


@dataclass(frozen=True)
class RunOutputs:
    """What sync targets see: the run's zones, every generator's package, and the schema of every
    configured zone (also those outside `--zones`)."""

    zones: tuple[ZoneArtifacts, ...]
    packages: Mapping[str, PackageOutput]
    schemas: Mapping[str, SchemaFile]


@dataclass(frozen=True)
class ArchiveResult:
    zone: str
    path: Path | None
    created: bool
    detail: str = ""


@dataclass(frozen=True)
class SyncResult:
    """One place a sync target wrote to; `changed=False` when it already held the package (nothing done)."""

    target: str
    path: Path
    detail: str = ""
    changed: bool = True


@dataclass(frozen=True)
class Change:
    """One change between two versions of a zone's schema, as a client's user sees it (`revolution_core.diff`):
    `level` is `breaking` (semver major), `addition` (minor) or `change` (patch); `text` is its changelog line."""

    kind: str
    level: Level
    text: str

    @property
    def breaking(self) -> bool:
        return self.level == "breaking"


@dataclass(frozen=True)
class ZoneChanges:
    """What changed in one zone's schema in one release; `new_zone` when the zone had no earlier schema."""

    zone: str
    changes: tuple[Change, ...] = ()
    new_zone: bool = False


@dataclass(frozen=True)
class ReleaseEntry:
    """One version of the clients: the highest level of its changes (`initial` for the first) and, per zone,
    what changed."""

    version: str
    level: Level | Literal["initial"]
    zones: tuple[ZoneChanges, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "level": self.level,
                "zones": {z.zone: {"new_zone": z.new_zone, "changes": [asdict(c) for c in z.changes]}
                          for z in self.zones}}


@dataclass(frozen=True)
class Release:
    """The clients' version after this run, computed by the core from the zones' schema diffs (see
    `revolution_core.release`), and the changelog, newest first. Generators read it from `RunContext.release`
    for their package's version and CHANGELOG.md; an explicit `package_version` option still wins."""

    version: str
    history: tuple[ReleaseEntry, ...] = ()
    bumped: bool = False

    @property
    def latest(self) -> ReleaseEntry | None:
        return self.history[0] if self.history else None

    def to_dict(self) -> dict[str, Any]:
        return {"version": self.version, "bumped": self.bumped,
                "latest": self.latest.to_dict() if self.bumped and self.latest else None}


@dataclass(frozen=True)
class StepResult:
    """One stage x plugin x zone step of a run."""

    stage: str
    plugin: str
    zone: str | None
    status: Status
    seconds: float = 0.0
    outputs: tuple[str, ...] = ()
    error: str | None = None
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunReport:
    """The outcome of a run: `ok` is false if any step failed."""

    zones: tuple[str, ...]
    steps: tuple[StepResult, ...]
    seconds: float
    release: Release | None = None

    @property
    def ok(self) -> bool:
        return all(step.status != "failed" for step in self.steps)

    @property
    def failures(self) -> tuple[StepResult, ...]:
        return tuple(step for step in self.steps if step.status == "failed")

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "seconds": round(self.seconds, 3),
            "zones": list(self.zones),
            "steps": [asdict(step) | {"seconds": round(step.seconds, 3)} for step in self.steps],
            "release": self.release.to_dict() if self.release else None,
        }


def canonical_sha256(document: Any) -> str:
    """A stable hash of JSON-able data: key order and whitespace do not matter."""
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


__all__ = [
    "ArchiveResult",
    "Change",
    "GeneratedClient",
    "GenerationJob",
    "GeneratorSelection",
    "Level",
    "PackageOutput",
    "Release",
    "ReleaseEntry",
    "RunOutputs",
    "RunReport",
    "SchemaArtifact",
    "SchemaFile",
    "SchemaResult",
    "StepResult",
    "SyncResult",
    "Zone",
    "ZoneArtifacts",
    "ZoneChanges",
    "ZoneOutput",
    "ZoneSpec",
    "canonical_sha256",
]
