"""Small fake plugins for unit tests of the core (never used by integration tests)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path, PurePosixPath

from pydantic import BaseModel, ConfigDict

from revolution_core import hookimpl
from revolution_core.models import GenerationJob, ZoneOutput
from revolution_core.stages import Archiver, Generator, RunContext


class EchoOptions(BaseModel):
    """Per zone (defaults may come from plugin_options.echo)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    greeting: str = "hello"
    fail_zones: list[str] = []
    abort_zones: list[str] = []
    folder: str = ""


class EchoRunOptions(BaseModel):
    """Run-wide: plugin_options.echo only."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    extra_file: bool = False
    fail_finalize: bool = False


class Abort(BaseException):
    """Stands for Ctrl-C or a killed worker: not an `Exception`, so nothing may swallow it."""


class EchoGenerator(Generator):
    """Writes the zone's title and the schema hash; fails for zones listed in `fail_zones`."""

    name = "echo"
    Options = EchoRunOptions
    ZoneOptions = EchoOptions
    calls: list[list[str]] = []

    def generate(self, jobs: Sequence[GenerationJob], ctx: RunContext):  # type: ignore[override]
        type(self).calls.append([job.zone.name for job in jobs])
        return super().generate(jobs, ctx)

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        options = job.options
        assert isinstance(options, EchoOptions)
        (job.out_dir / "client.txt").write_text(
            f"{options.greeting} {job.schema.document['info']['title']} {job.schema.sha256}\n", encoding="utf-8"
        )
        if job.zone.name in options.fail_zones:
            raise RuntimeError(f"boom in {job.zone.name}")
        if job.zone.name in options.abort_zones:
            raise Abort()

    def zone_path(self, zone, options):  # type: ignore[no-untyped-def]
        return PurePosixPath(options.folder or ".") / zone.name

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> dict[str, bytes]:
        index = {
            "zones": [zone.zone.name for zone in zones],
            "titles": [zone.schema.document["info"]["title"] if zone.schema else None for zone in zones],
            "version": ctx.release.version if ctx.release else None,
        }
        files = {"index.json": (json.dumps(index) + "\n").encode()}
        if getattr(self.options, "fail_finalize", False):
            raise RuntimeError("the package could not be assembled")
        greetings = [(zone.directory / "client.txt").read_text().split()[0] for zone in zones if zone.directory]
        files["greetings.txt"] = (" ".join(greetings) + "\n").encode()  # read where the zones are now
        if getattr(self.options, "extra_file", False):
            files["extra.txt"] = b"extra\n"
        return files


class EchoTwo(EchoGenerator):
    name = "echo2"


class CapturingArchiver(Archiver):
    """Keeps what it was asked to archive: zone -> generator names."""

    name = "capture"
    seen: list[dict[str, list[str]]] = []

    def archive(self, zones, ctx):  # type: ignore[no-untyped-def]
        type(self).seen.append({z.zone.name: sorted(c.generator for c in z.clients) for z in zones})
        return []


@hookimpl
def revolution_register_generators():
    return [EchoGenerator, EchoTwo]


@hookimpl
def revolution_register_archivers():
    return [CapturingArchiver]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
