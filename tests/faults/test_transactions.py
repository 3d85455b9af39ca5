"""Whole-run transactions: a generator's zones and its whole-run files land together or not at all, and
configuration changes that move or remove outputs (a package name, `--clean` of a removed zone) apply
only when the run succeeds. Real configuration changes on an OpenAPI-file copy of the example's zones;
the failing zone has a real broken schema file; the failing whole-run write hits a real immutable file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from faultkit import Project, debris, immutable, imports, output_of, require

pytestmark = [pytest.mark.faults, pytest.mark.slow]

BROKEN = "openapi: [this is not YAML\n"


def part(snapshot: dict[str, str], prefix: str) -> dict[str, str]:
    return {path: digest for path, digest in snapshot.items() if path.startswith(prefix)}


def add_field(spec_file: Path) -> None:
    """A real API change in a zone: one more property on its first component."""
    document = yaml.safe_load(spec_file.read_text())
    first = next(iter(document["components"]["schemas"].values()))
    first.setdefault("properties", {})["fault_note"] = {"type": "string", "nullable": True}
    spec_file.write_text(yaml.safe_dump(document, sort_keys=False))


def set_option(project: Project, old: str, new: str) -> None:
    pyproject = project.root / "pyproject.toml"
    text = pyproject.read_text()
    assert old in text
    pyproject.write_text(text.replace(old, new))


def test_a_package_rename_while_a_zone_fails_keeps_the_last_good_package(spec: Project) -> None:
    before = spec.snapshot()
    set_option(spec, 'package_name = "example-api-client"', 'package_name = "example-client-v2"')
    good_admin = (spec.root / "specs" / "admin.yaml").read_text()
    (spec.root / "specs" / "admin.yaml").write_text(BROKEN)
    text = output_of(require(spec.run(), 1))
    assert "a move is applied only when every zone moves with it, but zone(s) 'admin' (failed) did not" in text
    assert "Traceback" not in text
    assert spec.snapshot() == before  # the TypeScript package and every schema included
    python = spec.root / "clients" / "python"
    assert not (python / "example_client_v2").exists()
    imports(python, "example_api_client")  # the issue's `No module named 'example_api_client.admin'`

    (spec.root / "specs" / "admin.yaml").write_text(good_admin)
    require(spec.run())
    imports(python, "example_client_v2")
    assert not (python / "example_api_client").exists()  # moved as a whole, nothing stale left
    assert debris(spec.out) == []


def test_a_whole_run_file_that_cannot_be_written_rolls_the_zones_back(spec: Project) -> None:
    before = spec.snapshot()
    set_option(spec, '[tool.revolution.plugin_options.python]\n',
               '[tool.revolution.plugin_options.python]\ndescription = "Changed description"\n')
    add_field(spec.root / "specs" / "public.yaml")
    locked = spec.root / "clients" / "python" / "pyproject.toml"
    with immutable(locked):
        text = output_of(require(spec.run(), 1))
    assert "Traceback" not in text
    assert "(`output.clients_dir`)" in text and "chattr -i" in text
    after = spec.snapshot()
    # the python package is as it was: its zone `public` was regenerated but rolled back with the package files
    assert part(after, "clients/python/") == part(before, "clients/python/")
    ts = "clients/typescript/public/"
    assert part(after, ts) != part(before, ts)  # another generator's transaction is its own
    imports(spec.root / "clients" / "python", "example_api_client")
    assert debris(spec.out) == []
    require(spec.run())
    assert b"Changed description" in locked.read_bytes()
    assert debris(spec.out) == []


def test_clean_removes_a_removed_zone_only_when_the_run_succeeds(spec: Project) -> None:
    before = spec.snapshot()
    set_option(spec, '[tool.revolution.zones.admin]\nopenapi_file = "specs/admin.yaml"\ngenerators = ["python"]\n', "")
    good_public = (spec.root / "specs" / "public.yaml").read_text()
    (spec.root / "specs" / "public.yaml").write_text(BROKEN)
    require(spec.run("--clean"), 1)
    after = spec.snapshot()
    admin = "clients/python/example_api_client/admin/"
    assert part(after, admin) == part(before, admin)
    assert part(after, "openapi/schemas/admin.") == part(before, "openapi/schemas/admin.")
    imports(spec.root / "clients" / "python", "example_api_client")

    (spec.root / "specs" / "public.yaml").write_text(good_public)
    text = output_of(require(spec.run("--clean")))
    assert "--clean removed the schemas of zones no longer configured: openapi/schemas/admin.json" in text
    after = spec.snapshot()
    assert part(after, "clients/python/example_api_client/admin/") == {}
    assert part(after, "openapi/schemas/admin.") == {}
    imports(spec.root / "clients" / "python", "example_api_client")
    assert debris(spec.out) == []


def test_zones_outside_the_run_hold_back_a_move(spec: Project) -> None:
    before = spec.snapshot()
    set_option(spec, 'package_name = "example-api-client"', 'package_name = "example-client-v2"')
    text = output_of(require(spec.run("--zones", "public"), 1))
    assert "zone(s) 'client' (not in this run), 'admin' (not in this run) did not" in text
    assert spec.snapshot() == before
    imports(Path(spec.root / "clients" / "python"), "example_api_client")
