"""`revolution run` archives, and `revolution archive list|show|restore` reach the archiver's handlers
(entry points loaded as a user has them)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from revolution_core import hookimpl
from revolution_core.models import GenerationJob, ZoneOutput
from revolution_core.stages import Generator, RunContext


class Echo(Generator):
    """Named apart from the built-ins so that it can load next to them."""

    name = "archive-test-echo"

    def generate_zone(self, job: GenerationJob, ctx: RunContext) -> None:
        (job.out_dir / "client.txt").write_text(f"{job.schema.document['info']['title']} {job.schema.sha256}\n")

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> dict[str, bytes]:
        return {"index.txt": "".join(f"{z.zone.name}\n" for z in zones).encode()}


class EchoPlugin:
    @hookimpl
    def revolution_register_generators(self) -> list[type[Generator]]:
        return [Echo]


def test_run_archives_and_the_cli_lists_shows_and_restores(revolution_project):
    project = revolution_project(zones={"public": {"generators": ["archive-test-echo"]}}, plugins=[EchoPlugin()],
                                 archivers=["archive"])
    result = project.run("run")
    assert result.exit_code == 0, result.output
    client = project.root / "clients/archive-test-echo/public/client.txt"
    original = client.read_bytes()

    listed = project.run("archive", "list", "--json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert row["zone"] == "public" and row["latest"] is True and row["files"] >= 3

    shown = project.run("archive", "show", "public")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["stamp"] == row["stamp"]

    client.write_text("edited\n")
    restored = project.run("archive", "restore", "public", row["stamp"])
    assert restored.exit_code == 0, restored.output
    assert "Restored zone 'public'" in restored.output
    assert client.read_bytes() == original

    missing = project.run("archive", "restore", "public", "19990101T000000Z")
    assert missing.exit_code != 0
    assert "no archive stamped '19990101T000000Z'" in missing.output


def test_restore_dry_run_lists_what_would_change_and_writes_nothing(revolution_project):
    project = revolution_project(zones={"public": {"generators": ["archive-test-echo"]}}, plugins=[EchoPlugin()],
                                 archivers=["archive"])
    assert project.run("run").exit_code == 0
    client = project.root / "clients/archive-test-echo/public/client.txt"
    same = project.run("archive", "restore", "public", "--dry-run")
    assert same.exit_code == 0 and "would change 0 file(s)" in same.output and "already matches" in same.output

    client.write_text("edited\n")
    (client.parent / "stray.txt").write_text("left by hand\n")
    before = project.tree("clients")
    planned = project.run("archive", "restore", "public", "--dry-run")
    assert planned.exit_code == 0, planned.output
    assert "would change 2 file(s)" in planned.output and "nothing was written (--dry-run)" in planned.output
    assert f"  ~ {client}" in planned.output and f"  - {client.parent / 'stray.txt'}" in planned.output
    assert project.tree("clients") == before  # nothing written
    assert project.run("archive", "restore", "public").exit_code == 0
    assert client.read_text() != "edited\n" and not (client.parent / "stray.txt").exists()
