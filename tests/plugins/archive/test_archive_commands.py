"""`revolution archive list|show|restore` handlers, called as the core CLI calls them."""

from __future__ import annotations

import json
import re
import zipfile

import pytest
from revolution_archive.commands import list_archives, restore_archive, show_archive

from revolution_core.errors import RevolutionError


def handlers():
    """The functions behind `revolution archive list|show|restore` (the click commands call them)."""
    return {"list": list_archives, "show": show_archive, "restore": restore_archive}


def client_trees(project) -> dict[str, dict[str, bytes]]:
    """The zone's clients and schema; bytecode caches are not part of a client (restore drops them)."""
    python = project.tree("clients/python/stand_in_client/public")
    return {
        "ts": project.tree("clients/typescript/public"),
        "py": {name: data for name, data in python.items() if "__pycache__" not in name},
        "yaml": (project.root / "openapi/schemas/public.yaml").read_bytes(),
        "json": (project.root / "openapi/schemas/public.json").read_bytes(),
    }


def latest_stamp(project, zone="public") -> str:
    with zipfile.ZipFile(project.root / f"openapi/archive/latest/{zone}.zip") as archive:
        return json.loads(archive.read("metadata.json"))["stamp"]


def test_restore_brings_back_an_older_client_byte_for_byte(project):
    project.run()
    old_stamp, old = latest_stamp(project), client_trees(project)
    project.write_spec("public", extra_field="added_later")
    (project.root / "specs/public.json").write_text(
        (project.root / "specs/public.json").read_text().replace('"Public_item"', '"Renamed_item"')
        .replace("/Public_item\"", "/Renamed_item\""))
    project.run()
    assert client_trees(project) != old
    assert "models/Renamed_item.ts" in client_trees(project)["ts"]

    message = handlers()["restore"](project.ctx(), "public", old_stamp)

    assert client_trees(project) == old  # byte for byte, and the newer model file is gone
    assert old_stamp in message and "public" in message and "verified" in message
    assert not [p for p in (project.root / "clients").rglob("*") if ".staging-" in p.name or ".old-" in p.name]


def test_restore_without_stamp_uses_latest(project):
    project.run()
    before = client_trees(project)
    (project.root / "clients/typescript/public/index.ts").write_text("// edited by hand\n")
    (project.root / "clients/typescript/public/stray.ts").write_text("// stray\n")
    handlers()["restore"](project.ctx(), "public", None)
    assert client_trees(project) == before


def test_restore_verifies_every_hash_before_touching_anything(project):
    project.run()
    stamp = latest_stamp(project)
    project.revise("public")
    project.run()
    current = client_trees(project)
    path = project.root / "openapi/archive/files" / stamp / "public.zip"
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members["clients/typescript/public/index.ts"] = b"// tampered\n"
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)

    with pytest.raises(RevolutionError, match=r"failed verification .*index\.ts does not match its SHA-256"):
        handlers()["restore"](project.ctx(), "public", stamp)
    assert client_trees(project) == current

    path.write_bytes(b"not a zip at all")
    with pytest.raises(RevolutionError, match="unreadable or corrupt"):
        handlers()["restore"](project.ctx(), "public", stamp)
    assert client_trees(project) == current


def test_bad_stamp_and_zone_are_clear_errors(project):
    project.run()
    stamp = latest_stamp(project)
    with pytest.raises(RevolutionError, match=rf"no archive stamped '20000101T000000Z'; .*{stamp}"):
        handlers()["restore"](project.ctx(), "public", "20000101T000000Z")
    with pytest.raises(RevolutionError, match="zone 'nowhere' has no archive"):
        handlers()["show"](project.ctx(), "nowhere", None)
    with pytest.raises(RevolutionError, match="is not a zone name"):
        handlers()["restore"](project.ctx(), "../public", None)
    with pytest.raises(RevolutionError, match=re.escape("no archive stamped '../../x'")):
        handlers()["show"](project.ctx(), "public", "../../x")
    with pytest.raises(RevolutionError, match="unknown zone 'nowhere': configured zones are public, client"):
        handlers()["list"](project.ctx(), "nowhere")


def test_list_and_show(project):
    assert handlers()["list"](project.ctx(), None) == []
    project.run()
    first = latest_stamp(project)
    project.revise("public")
    project.run()
    second = latest_stamp(project)

    rows = handlers()["list"](project.ctx(), "public")
    assert [(r["zone"], r["stamp"], r["latest"]) for r in rows] == [("public", second, True), ("public", first, False)]
    assert rows[0]["files"] > 7 and rows[0]["generators"] == "python, typescript"  # 7 of the zone + the packages
    assert {r["zone"] for r in handlers()["list"](project.ctx(), None)} == {"public", "client"}

    shown = handlers()["show"](project.ctx(), "public", None)
    assert shown["stamp"] == second and shown["zone"] == "public" and shown["archive"].endswith("latest/public.zip")
    older = handlers()["show"](project.ctx(), "public", first)
    assert older["stamp"] == first and older["schema"]["sha256"] != shown["schema"]["sha256"]
    json.dumps(shown)  # printable by `revolution archive show`
