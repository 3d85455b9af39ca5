"""The archive directory: `files/<stamp>/<zone>.zip` (history) and `latest/<zone>.zip` (newest).

Stamps are UTC `YYYYMMDDTHHMMSSZ`; two archives of one zone in the same second get `-2`, `-3`, ...
"""

from __future__ import annotations

import contextlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from revolution_archive import packing
from revolution_core.config import ZONE_NAME
from revolution_core.errors import RevolutionError
from revolution_core.interrupts import shielded
from revolution_core.outputs import discard, staging_dir, swap_into_place, write_bytes_atomic

STAMP = re.compile(r"^(\d{8}T\d{6}Z)(?:-(\d+))?$")


def stamp_key(stamp: str) -> tuple[str, int]:
    match = STAMP.match(stamp)
    return (match.group(1), int(match.group(2) or 1)) if match else (stamp, 0)


def now_stamp(moment: datetime) -> str:
    return moment.strftime("%Y%m%dT%H%M%SZ")


class ArchiveStore:
    """Reads and writes one project's archive directory."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files_dir = root / "files"
        self.latest_dir = root / "latest"

    # -- locating --

    def latest(self, zone: str) -> Path:
        return self.latest_dir / f"{zone}.zip"

    def stamps(self, zone: str) -> list[str]:
        """The zone's archived stamps, oldest first."""
        if not self.files_dir.is_dir():
            return []
        found = [d.name for d in self.files_dir.iterdir() if STAMP.match(d.name) and (d / f"{zone}.zip").is_file()]
        return sorted(found, key=stamp_key)

    def zones(self) -> list[str]:
        names = {p.stem for p in self.latest_dir.glob("*.zip")} if self.latest_dir.is_dir() else set()
        if self.files_dir.is_dir():
            names |= {p.stem for p in self.files_dir.glob("*/*.zip")}
        return sorted(names)

    def find(self, zone: str, stamp: str | None) -> Path:
        """The archive of `zone` at `stamp` (None: latest), or an error listing what exists."""
        check_zone(zone)
        if stamp is None:
            path = self.latest(zone)
            if path.is_file():
                return path
            raise RevolutionError(
                f"zone '{zone}' has no archive in {self.root}; run `revolution run` (without --no-archive) first"
                + (f" (archived zones: {', '.join(self.zones())})" if self.zones() else "")
            )
        if STAMP.match(stamp) and (self.files_dir / stamp / f"{zone}.zip").is_file():
            return self.files_dir / stamp / f"{zone}.zip"
        known = self.stamps(zone)
        listed = ", ".join(known[-10:]) if known else "none"
        raise RevolutionError(
            f"zone '{zone}' has no archive stamped {stamp!r}; its stamps (newest last): {listed}; "
            f"see `revolution archive list {zone}`"
        )

    # -- writing --

    def write(self, zone: str, contents: packing.Contents, moment: datetime) -> tuple[Path, str]:
        """Write a new archive under a fresh stamp and as latest; returns its path and stamp."""
        stamp = self.next_stamp(zone, now_stamp(moment))
        created_at = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
        data = packing.pack(contents, packing.metadata(contents, stamp, created_at))
        path = self.files_dir / stamp / f"{zone}.zip"
        with shielded():  # Ctrl-C: the history entry and latest/ are written together
            write_bytes_atomic(path, data)
            write_bytes_atomic(self.latest(zone), data)
        return path, stamp

    def next_stamp(self, zone: str, base: str) -> str:
        """`base`, unless the zone already has a stamp at or after it (same second, or a clock that went
        back): then one that sorts after every existing stamp, so retention always drops the oldest."""
        existing = self.stamps(zone)
        latest = self.latest(zone)
        if latest.is_file():
            with contextlib.suppress(RevolutionError):
                existing.append(str(packing.read_metadata(latest).get("stamp", "")))
        newest = max((stamp_key(s) for s in existing if STAMP.match(s)), default=None)
        if newest is None or newest < (base, 1):
            return base
        return f"{newest[0]}-{newest[1] + 1}"

    def latest_fingerprint(self, zone: str) -> str | None:
        path = self.latest(zone)
        if not path.is_file():
            return None
        try:
            return str(packing.read_metadata(path).get("fingerprint"))
        except RevolutionError:
            return None  # a corrupt latest is replaced by a fresh archive

    def prune(self, zone: str, keep: int) -> list[str]:
        """Delete all but the newest `keep` archives of `zone` in files/ (latest/ is never touched)."""
        removed = []
        for stamp in self.stamps(zone)[:-keep] if keep > 0 else []:
            folder = self.files_dir / stamp
            (folder / f"{zone}.zip").unlink()
            removed.append(stamp)
            if not any(folder.iterdir()):
                folder.rmdir()
        return removed

    # -- commands --

    def rows(self, zone: str | None) -> list[dict[str, Any]]:
        if zone is not None:
            check_zone(zone)
        rows = []
        for name in [zone] if zone else self.zones():
            latest_stamp = None
            if self.latest(name).is_file():
                try:
                    latest_stamp = packing.read_metadata(self.latest(name)).get("stamp")
                except RevolutionError:
                    latest_stamp = None
            for stamp in reversed(self.stamps(name)):
                path = self.files_dir / stamp / f"{name}.zip"
                row: dict[str, Any] = {"zone": name, "stamp": stamp, "latest": stamp == latest_stamp}
                try:
                    meta = packing.read_metadata(path)
                    row |= {"files": len(meta["files"]),
                            "generators": ", ".join(g.get("generator", "?") for g in meta.get("generators", [])),
                            "schema": str(meta.get("schema", {}).get("sha256", ""))[:8]}
                except RevolutionError:
                    row |= {"files": None, "generators": "(corrupt)", "schema": ""}
                row["size"] = path.stat().st_size
                rows.append(row)
        return rows

    def show(self, zone: str, stamp: str | None) -> dict[str, Any]:
        path = self.find(zone, stamp)
        meta = packing.read_metadata(path)
        return {"archive": str(path), "size": path.stat().st_size, **meta}

    def restore(self, zone: str, stamp: str | None, schemas_dir: Path, clients_dir: Path,
                dry_run: bool = False) -> str:
        """Verify every hash, then put the schema files and each client directory back in place (with
        `dry_run`, only say what that would change)."""
        path = self.find(zone, stamp)
        meta, files = packing.read_verified(path)
        if meta.get("zone") != zone:
            raise RevolutionError(f"archive {path} holds zone {meta.get('zone')!r}, not '{zone}'; nothing restored")
        schema_files: dict[Path, bytes] = {}
        client_dirs: dict[Path, dict[str, bytes]] = {}
        clients = {(str(c.get("generator", "")), str(c.get("path", ""))) for c in meta.get("generators", [])
                   if isinstance(c, dict)}
        for name, data in files.items():
            parts = name.split("/")
            if name.startswith(packing.PACKAGE):
                continue  # the package snapshot: for rebuilding elsewhere, never written over the current package
            if parts[0] == "schema" and len(parts) == 2 and parts[1].startswith(f"{zone}."):
                schema_files[schemas_dir / parts[1]] = data
                continue
            owner = next((c for c in clients if c[0] and c[1] and name.startswith(f"clients/{c[0]}/{c[1]}/")), None)
            if parts[0] != "clients" or owner is None or not packing.safe_member(f"{owner[0]}/{owner[1]}"):
                raise RevolutionError(f"archive {path} has an unexpected member {name!r}; nothing restored")
            prefix = f"clients/{owner[0]}/{owner[1]}/"
            client_dirs.setdefault(clients_dir / owner[0] / owner[1], {})[name.removeprefix(prefix)] = data
        if dry_run:
            return _planned_changes(zone, meta.get("stamp", path.parent.name), schema_files, client_dirs)
        staged: list[tuple[Path, Path]] = []
        try:
            for target, contents in sorted(client_dirs.items()):
                tmp = staging_dir(target)
                staged.append((tmp, target))
                for relative, data in contents.items():
                    (tmp / relative).parent.mkdir(parents=True, exist_ok=True)
                    (tmp / relative).write_bytes(data)
        except BaseException:
            for tmp, _ in staged:
                discard(tmp)
            raise
        for target_file, data in sorted(schema_files.items()):
            write_bytes_atomic(target_file, data)
        for tmp, target in staged:
            swap_into_place(tmp, target)
        generators = ", ".join(sorted({g for g, _ in clients if g})) or "no clients"
        return (
            f"Restored zone '{zone}' from archive {meta.get('stamp', path.parent.name)} "
            f"({len(schema_files)} schema file(s), {generators}; {len(files)} files, every SHA-256 verified). "
            "The next `revolution run` regenerates what differs from the current API."
        )


def _planned_changes(zone: str, stamp: str, schema_files: dict[Path, bytes],
                     client_dirs: dict[Path, dict[str, bytes]]) -> str:
    """What `restore` would do, file by file: `+` created, `~` changed, `-` removed (a client directory is
    replaced whole), and how many stay as they are."""
    lines: list[str] = []
    same = 0
    for target, data in sorted(schema_files.items()):
        state = "~" if target.is_file() else "+"
        if state == "~" and target.read_bytes() == data:
            same += 1
        else:
            lines.append(f"  {state} {target}")
    for folder, contents in sorted(client_dirs.items()):
        present = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()} if folder.is_dir() \
            else set()
        for relative, data in sorted(contents.items()):
            if relative not in present:
                lines.append(f"  + {folder / relative}")
            elif (folder / relative).read_bytes() != data:
                lines.append(f"  ~ {folder / relative}")
            else:
                same += 1
        lines.extend(f"  - {folder / relative}" for relative in sorted(present - set(contents)))
    head = (f"Restoring zone '{zone}' from archive {stamp} would change {len(lines)} file(s) "
            f"({same} unchanged); nothing was written (--dry-run).")
    return "\n".join([head, *lines]) if lines else f"{head} The zone already matches the archive."


def check_zone(zone: str) -> None:
    if not ZONE_NAME.match(zone):
        raise RevolutionError(f"{zone!r} is not a zone name (lowercase letters, digits and '_'); "
                              "see `revolution zones`")


def utc_now() -> datetime:
    return datetime.now(UTC)
