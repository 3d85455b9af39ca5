"""Small fake plugins for unit tests of the core (never used by integration tests)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from revolution_core import hookimpl
from revolution_core.models import GenerationJob, ZoneOutput
from revolution_core.stages import Generator, RunContext


class EchoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    greeting: str = "hello"
    fail_zones: list[str] = []
    abort_zones: list[str] = []


class Abort(BaseException):
    """Stands for Ctrl-C or a killed worker: not an `Exception`, so nothing may swallow it."""


class EchoGenerator(Generator):
    """Writes the zone's title and the schema hash; fails for zones listed in `fail_zones`."""

    name = "echo"
    Options = EchoOptions
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

    def finalize(self, zones: Sequence[ZoneOutput], options: BaseModel, ctx: RunContext) -> dict[str, bytes]:
        index = {"zones": [zone.zone.name for zone in zones]}
        return {"index.json": (json.dumps(index) + "\n").encode()}


@hookimpl
def revolution_register_generators():
    return [EchoGenerator]


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")
