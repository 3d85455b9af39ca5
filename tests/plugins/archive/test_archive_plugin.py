"""The `archive` archiver: contents and metadata, skipping unchanged zones, retention, determinism."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime

from revolution_archive import packing


def zip_members(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def archives(project, zone: str) -> list:
    return sorted((project.root / "openapi/archive/files").glob(f"*/{zone}.zip"))


def test_archive_holds_the_zone_schema_its_clients_and_metadata(project):
    report = project.run()
    steps = {(s.plugin, s.zone): s.status for s in report.steps if s.stage == "archiver"}
    assert steps == {("archive", "public"): "ok", ("archive", "client"): "ok"}

    [history] = archives(project, "public")
    latest = project.root / "openapi/archive/latest/public.zip"
    assert history.read_bytes() == latest.read_bytes()
    members = zip_members(latest)
    assert sorted(name for name in members if not name.startswith("package/")) == [
        "clients/python/stand_in_client/public/__init__.py",
        "clients/python/stand_in_client/public/models.py",
        "clients/typescript/public/index.ts",
        "clients/typescript/public/models/PaginatedPublic_itemList.ts",
        "clients/typescript/public/models/Public_item.ts",
        "metadata.json",
        "schema/public.json",
        "schema/public.yaml",
    ]
    # every file's bytes are the ones on disk; caches stay out
    for name, data in members.items():
        if name.startswith("clients/"):
            assert data == (project.root / name).read_bytes(), name
    assert members["schema/public.json"] == (project.root / "openapi/schemas/public.json").read_bytes()
    assert not any("__pycache__" in name or name.endswith(".pyc") for name in members)
    # and the whole package each client belongs to (every zone, the whole-run files): it rebuilds on its own
    for generator in ("typescript", "python"):
        root = project.root / "clients" / generator
        on_disk = {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
                   if p.is_file() and not p.name.startswith(".") and "__pycache__" not in p.parts}
        snapshot = {name.removeprefix(f"package/{generator}/"): data for name, data in members.items()
                    if name.startswith(f"package/{generator}/")}
        assert snapshot == on_disk, generator
    assert "package/typescript/package.json" in members and "package/typescript/client/index.ts" in members

    meta = json.loads(members["metadata.json"])
    assert meta["zone"] == "public"
    schema_file = project.root / "openapi/schemas/public.json"
    assert meta["schema"]["sha256"] == hashlib.sha256(schema_file.read_bytes()).hexdigest()
    assert meta["project_version"] == "1.2.3"
    assert meta["stamp"] == history.parent.name
    assert datetime.strptime(meta["created_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert {(g["generator"], g["version"], g["path"]) for g in meta["generators"]} == {
        ("typescript", "ts-9.9.9", "public"),
        ("python", "py-1.2.3", "stand_in_client/public"),
    }
    recorded = {entry["path"]: entry["sha256"] for entry in meta["files"]}
    assert recorded == {n: hashlib.sha256(d).hexdigest() for n, d in members.items() if n != "metadata.json"}
    with zipfile.ZipFile(latest) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        assert all(not info.filename.startswith("/") and ".." not in info.filename for info in archive.infolist())


def test_unchanged_second_run_makes_no_new_archive(project):
    project.run()
    latest = project.root / "openapi/archive/latest/public.zip"
    before = latest.read_bytes(), latest.stat().st_mtime_ns
    report = project.run()
    steps = {(s.zone, s.status) for s in report.steps if s.stage == "archiver"}
    assert steps == {("public", "unchanged"), ("client", "unchanged")}
    assert len(archives(project, "public")) == 1 and len(archives(project, "client")) == 1
    assert (latest.read_bytes(), latest.stat().st_mtime_ns) == before

    project.revise("public")
    report = project.run()
    steps = {(s.zone, s.status) for s in report.steps if s.stage == "archiver"}
    assert steps == {("public", "ok"), ("client", "unchanged")}
    assert len(archives(project, "public")) == 2 and len(archives(project, "client")) == 1


def test_retention_keeps_the_newest_n_and_latest(project):
    project.settings = {"plugin_options": {"archive": {"keep": 3}}}
    stamps = []
    for _ in range(5):
        project.revise("public")
        project.run()
        stamps.append(
            json.loads(zip_members(project.root / "openapi/archive/latest/public.zip")["metadata.json"])["stamp"]
        )
    kept = [path.parent.name for path in archives(project, "public")]
    assert len(set(stamps)) == 5
    assert sorted(kept) == sorted(stamps[-3:])
    assert (project.root / "openapi/archive/latest/public.zip").read_bytes() == (
        project.root / "openapi/archive/files" / stamps[-1] / "public.zip"
    ).read_bytes()
    assert len(archives(project, "client")) == 1  # retention is per zone


def test_same_contents_give_the_same_bytes_apart_from_creation_time(project):
    project.run()
    latest = project.root / "openapi/archive/latest/public.zip"
    meta = json.loads(zip_members(latest)["metadata.json"])
    contents = packing.Contents(
        "public",
        {n: d for n, d in zip_members(latest).items() if n != "metadata.json"},
        meta["schema"]["sha256"],
        meta["schema"]["files"],
        meta["generators"],
        meta["project_version"],
    )
    assert contents.fingerprint() == meta["fingerprint"]
    same = packing.pack(contents, packing.metadata(contents, meta["stamp"], meta["created_at"]))
    assert same == latest.read_bytes()
    later = packing.pack(contents, packing.metadata(contents, meta["stamp"], "2099-01-01T00:00:00Z"))
    with zipfile.ZipFile(io.BytesIO(later)) as a, zipfile.ZipFile(latest) as b:
        for info in a.infolist():
            if info.filename != "metadata.json":
                assert a.read(info.filename) == b.read(info.filename)
                assert (
                    info.CRC == b.getinfo(info.filename).CRC
                    and info.compress_size == b.getinfo(info.filename).compress_size
                )


def test_another_zone_changing_makes_no_new_archive_for_this_one(project):
    project.run()
    [first] = archives(project, "public")
    project.revise("client")
    report = project.run()
    steps = {s.zone: s.status for s in report.steps if s.stage == "archiver"}
    assert steps == {"public": "unchanged", "client": "ok"}  # its own files and schema decide, not the package's
    assert archives(project, "public") == [first]
