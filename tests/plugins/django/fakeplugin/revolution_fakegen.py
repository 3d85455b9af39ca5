"""Stand-ins for the `typescript` and `python` generators (real ones need node / codegen): each writes
the zone's operationIds, so `manage.py revolution` tests check which zones and generators ran.
Put this directory on PYTHONPATH and set REVOLUTION_DISABLE_PLUGINS=typescript,python."""

import json

from revolution_core import hookimpl
from revolution_core.models import ArchiveResult
from revolution_core.stages import Archiver, Generator


class _Fake(Generator):
    default = True  # like the real ones: selected when the configuration names no generators

    def generate_zone(self, job, ctx):
        ops = sorted(op["operationId"] for item in job.schema.document["paths"].values()
                     for op in item.values() if isinstance(op, dict) and "operationId" in op)
        record = {"zone": job.zone.name, "operations": ops, "max_workers": ctx.max_workers, "debug": ctx.debug}
        (job.out_dir / "operations.json").write_text(json.dumps(record))


class FakeTypeScript(_Fake):
    name = "typescript"


class FakePython(_Fake):
    name = "python"


class FakeArchiver(Archiver):
    name = "fakearchive"

    def archive(self, zones, ctx):
        return [ArchiveResult(zone.zone.name, None, created=True) for zone in zones]


@hookimpl
def revolution_register_generators():
    return [FakeTypeScript, FakePython]


@hookimpl
def revolution_register_archivers():
    return [FakeArchiver]
