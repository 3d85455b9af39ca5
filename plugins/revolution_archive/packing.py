"""Build and read one zone's archive.

A zip holds `schema/<file>` (the zone's schema files), `clients/<generator>/<zone path>/<file>` (each
generator's client for the zone: what `restore` puts back), `package/<generator>/<file>` (the whole
package the client belonged to, as it stood: every zone, the shared runtime, the whole-run files and a
TypeScript package's compiled dist/, so the archive rebuilds a working package on its own) and
`metadata.json`. The fingerprint that decides whether a zone needs a new archive covers the zone's own
files and schema, not the rest of the package. Entries carry a fixed date and mode and come in
sorted order, so the same contents always give the same bytes except for metadata's creation time.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from revolution_core.errors import RevolutionError
from revolution_core.models import ZoneArtifacts
from revolution_core.outputs import IGNORED_PARTS

FORMAT = 1
METADATA = "metadata.json"
PACKAGE = "package/"  # members below it: the package snapshot, never restored in place
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_ignored(relative: str) -> bool:
    """Caches and dependency folders never go into an archive."""
    parts = PurePosixPath(relative).parts
    return any(part in IGNORED_PARTS for part in parts) or relative.endswith(".pyc")


def safe_member(name: str) -> bool:
    """A relative POSIX path without `..`, drive or backslash: safe to join below an output dir."""
    path = PurePosixPath(name)
    return (
        bool(name)
        and "\\" not in name
        and not path.is_absolute()
        and ":" not in path.parts[0]
        and all(part not in {"", ".", ".."} for part in path.parts)
    )


@dataclass(frozen=True)
class Contents:
    """What goes into a zone's archive, before it is packed: member name -> bytes, plus metadata."""

    zone: str
    files: dict[str, bytes]
    schema_sha256: str
    schema_files: list[str]
    clients: list[dict[str, Any]]
    project_version: str | None

    def file_hashes(self) -> dict[str, str]:
        return {name: sha256(data) for name, data in sorted(self.files.items())}

    def fingerprint(self) -> str:
        """What an archive records of the zone itself (not when it was made, not the rest of the package it
        carries): equal means the zone did not change."""
        own = {name: digest for name, digest in self.file_hashes().items() if not name.startswith(PACKAGE)}
        clients = [{k: v for k, v in client.items() if k != "package_files"} for client in self.clients]
        return fingerprint(own, clients, self.project_version, self.schema_sha256)


def fingerprint(files: Mapping[str, str], clients: Any, project_version: str | None, schema_sha: str) -> str:
    payload = {"files": dict(sorted(files.items())), "clients": clients, "project": project_version,
               "schema": schema_sha}
    return sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")).encode("utf-8"))


def collect(artifacts: ZoneArtifacts, project_version: str | None, with_package: bool = True) -> Contents:
    """Read a zone's schema files and its own client directories (never a generator's whole-run files)."""
    files: dict[str, bytes] = {}
    schema_files = []
    for path in sorted(artifacts.schema.files):
        name = f"schema/{path.name}"
        files[name] = path.read_bytes()
        schema_files.append(name)
    clients = []
    for client in sorted(artifacts.clients, key=lambda c: c.generator):
        rel = client.relative_path.as_posix()
        prefix = f"clients/{client.generator}/{rel}"
        members = []
        for relative in sorted(client.files):
            if is_ignored(relative):
                continue
            name = f"{prefix}/{relative}"
            files[name] = (client.path / relative).read_bytes()
            members.append(name)
        package = []
        if with_package and client.package is not None:  # the whole package: the archive rebuilds it on its own
            for relative in client.package.files:
                path = client.package.root / relative
                if not is_ignored(relative) and path.is_file():
                    files[f"{PACKAGE}{client.generator}/{relative}"] = path.read_bytes()
                    package.append(relative)
        clients.append({"generator": client.generator, "version": client.generator_version, "path": rel,
                        "files": len(members), "package_files": len(package)})
    return Contents(artifacts.zone.name, files, artifacts.schema.sha256, schema_files, clients, project_version)


def metadata(contents: Contents, stamp: str, created_at: str) -> dict[str, Any]:
    hashes = contents.file_hashes()
    return {
        "format": FORMAT,
        "zone": contents.zone,
        "stamp": stamp,
        "created_at": created_at,
        "project_version": contents.project_version,
        "schema": {"sha256": contents.schema_sha256, "files": contents.schema_files},
        "generators": contents.clients,
        "files": [
            {"path": name, "sha256": digest, "size": len(contents.files[name])} for name, digest in hashes.items()
        ],
        "fingerprint": contents.fingerprint(),
    }


def pack(contents: Contents, meta: Mapping[str, Any]) -> bytes:
    """The zip's bytes: sorted entries, fixed dates and modes, metadata.json last."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        entries = [*sorted(contents.files.items()), (METADATA, (json.dumps(meta, indent=2) + "\n").encode("utf-8"))]
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever the host
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def read_metadata(path: Path) -> dict[str, Any]:
    """An archive's metadata.json; a clear error when the file is not a revolution archive."""
    try:
        with zipfile.ZipFile(path) as archive:
            meta = json.loads(archive.read(METADATA))
    except (OSError, KeyError, ValueError, zipfile.BadZipFile) as exc:
        raise RevolutionError(
            f"archive {path} is unreadable or corrupt ({type(exc).__name__}: {exc}); pick another stamp with "
            "`revolution archive list`, or delete the file"
        ) from None
    if not isinstance(meta, dict) or not isinstance(meta.get("files"), list) or "zone" not in meta:
        raise RevolutionError(f"archive {path} has no valid metadata.json; it was not written by revolution")
    return meta


def read_verified(path: Path) -> tuple[dict[str, Any], dict[str, bytes]]:
    """Metadata and every file of an archive, each checked against the SHA-256 metadata records."""
    meta = read_metadata(path)
    files: dict[str, bytes] = {}
    problems = []
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist()) - {METADATA}
            for entry in meta["files"]:
                name = entry.get("path", "") if isinstance(entry, dict) else ""
                if not safe_member(name):
                    problems.append(f"unsafe path {name!r}")
                    continue
                if name not in names:
                    problems.append(f"{name} is missing")
                    continue
                data = archive.read(name)
                if sha256(data) != entry.get("sha256"):
                    problems.append(f"{name} does not match its SHA-256")
                files[name] = data
            problems.extend(f"{name} is not listed in metadata.json" for name in sorted(names - set(files)))
    except (OSError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        problems.append(f"{type(exc).__name__}: {exc}")
    if problems:
        raise RevolutionError(
            f"archive {path} failed verification ({'; '.join(problems[:5])}"
            f"{'; ...' if len(problems) > 5 else ''}); nothing was restored. Pick another stamp with "
            "`revolution archive list`."
        )
    return meta, files
