"""Safe writes: staging directories swapped in atomically, atomic files, and the content-hash
manifest that lets an unchanged zone skip generation.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from revolution_core.errors import LockTimeout

MANIFEST = ".revolution-manifest.json"
IGNORED_PARTS = frozenset({"__pycache__", "node_modules", ".ruff_cache", ".mypy_cache", ".DS_Store"})


def write_bytes_atomic(path: Path, data: bytes) -> bool:
    """Write `data` to `path` through a temporary sibling and a rename. Returns False (and writes
    nothing) when the file already holds exactly these bytes."""
    if path.is_file() and path.read_bytes() == data:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    return True


def staging_dir(target: Path) -> Path:
    """A fresh empty directory beside `target`, on the same filesystem, for an atomic swap.

    Leftovers of an interrupted earlier run are dealt with first (see `recover`)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    recover(target)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))


def recover(target: Path) -> None:
    """Undo what a run killed halfway through `swap_into_place` left behind: if `target` is missing
    but its previous tree was already renamed aside, put that tree back; drop stale staging dirs."""
    parent = target.parent
    if not parent.is_dir():
        return
    olds = sorted(parent.glob(f".{target.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds and not target.exists():
        os.replace(olds.pop(), target)
    for leftover in [*olds, *parent.glob(f".{target.name}.staging-*")]:
        discard(leftover)


def swap_into_place(staged: Path, target: Path) -> None:
    """Replace `target` by `staged` with two renames: the old tree is moved aside, the new one moved
    in, and only then is the old one deleted. Should the process die between the two renames, the old
    tree is still complete beside the target, and `recover` puts it back on the next run."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
        os.rmdir(old)
        os.replace(target, old)
    try:
        os.replace(staged, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def discard(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def inside(root: Path, relative: str) -> Path | None:
    """`root / relative` if it stays inside `root` (manifests are files users can edit), else None."""
    base = root.resolve()
    candidate = (root / relative).resolve()
    return candidate if candidate != base and candidate.is_relative_to(base) else None


def iter_files(root: Path) -> Iterator[Path]:
    """Files below `root` in a stable order, skipping caches and dependency folders."""
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in IGNORED_PARTS)
        for filename in sorted(filenames):
            if filename not in IGNORED_PARTS and not filename.endswith(".pyc"):
                yield Path(dirpath) / filename


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def source_fingerprint(*paths: Path) -> str:
    """A short hash over files and directories (recursively) that shape a generator's output.

    Generators put it in `version()` so that editing a template invalidates the cache even when the
    distribution's version stays the same (as it does in development).
    """
    digest = hashlib.sha256()
    for path in paths:
        for file in iter_files(path) if path.is_dir() else [path]:
            digest.update(file.name.encode() + b"\0" + file.read_bytes())
    return digest.hexdigest()[:12]


def tree_hashes(root: Path) -> dict[str, str]:
    """Relative POSIX path -> SHA-256 for every file below `root`."""
    return {path.relative_to(root).as_posix(): file_sha256(path) for path in iter_files(root)}


class Manifest:
    """Per generator root: for each zone, the cache key it was generated from, the generator version and
    its files' hashes; plus the whole-run files `finalize` wrote last time (to remove the ones it stops
    writing). A missing or corrupt manifest is simply empty: the worst case is a regeneration."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.path = root / MANIFEST
        self.zones: dict[str, dict[str, Any]] = {}
        self.package_files: list[str] = []
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        if isinstance(data, dict):
            zones = data.get("zones", {})
            self.zones = {k: v for k, v in zones.items() if isinstance(v, dict)} if isinstance(zones, dict) else {}
            files = data.get("package_files", [])
            self.package_files = [f for f in files if isinstance(f, str)] if isinstance(files, list) else []

    def is_fresh(self, zone: str, key: str, zone_dir: Path) -> bool:
        """True when the zone was generated from `key` and its files are intact on disk."""
        entry = self.zones.get(zone)
        if not entry or entry.get("key") != key or not zone_dir.is_dir():
            return False
        files = entry.get("files")
        return isinstance(files, dict) and bool(files) and tree_hashes(zone_dir) == files

    def record(self, zone: str, key: str, relative_path: str, zone_dir: Path, version: str) -> None:
        self.zones[zone] = {"key": key, "path": relative_path, "version": version, "files": tree_hashes(zone_dir)}

    def zone_dir(self, zone: str) -> Path | None:
        """Where the manifest says the zone's output is, if that is a directory inside the root."""
        entry = self.zones.get(zone)
        path = inside(self.root, str(entry.get("path", ""))) if entry else None
        return path if path is not None and path.is_dir() else None

    def files(self, zone: str) -> tuple[str, ...]:
        entry = self.zones.get(zone) or {}
        files = entry.get("files")
        return tuple(sorted(files)) if isinstance(files, dict) else ()

    def forget(self, zone: str) -> None:
        self.zones.pop(zone, None)

    def save(self) -> None:
        payload = {"package_files": sorted(self.package_files), "zones": dict(sorted(self.zones.items()))}
        write_bytes_atomic(self.path, (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode())


class SchemaManifest:
    """Remembers, per zone, the SHA-256 of the schema's JSON and YAML files as last written, so an
    unchanged schema is not dumped again. Missing or corrupt: everything is written."""

    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.zones: dict[str, Any] = data if isinstance(data, dict) else {}
        except (OSError, ValueError):
            self.zones = {}

    def is_fresh(self, zone: str, json_sha256: str, json_path: Path, yaml_path: Path) -> bool:
        entry = self.zones.get(zone)
        if not isinstance(entry, dict) or entry.get("json") != json_sha256:
            return False
        try:
            return file_sha256(json_path) == json_sha256 and file_sha256(yaml_path) == entry.get("yaml")
        except OSError:
            return False

    def record(self, zone: str, json_sha256: str, yaml_path: Path) -> None:
        self.zones[zone] = {"json": json_sha256, "yaml": file_sha256(yaml_path)}
        data = json.dumps(dict(sorted(self.zones.items())), indent=2, sort_keys=True) + "\n"
        write_bytes_atomic(self.path, data.encode("utf-8"))


@contextlib.contextmanager
def project_lock(root: Path, wait: bool, say: Callable[[str], None]) -> Iterator[None]:
    """One run per project at a time: a second one waits (with a message) or fails with `wait=False`."""
    from filelock import FileLock, Timeout

    root.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(root / ".revolution.lock"))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        if not wait:
            raise LockTimeout(
                f"another revolution run holds {root / '.revolution.lock'}; wait for it to finish, "
                "or run again without --no-wait to queue behind it"
            ) from None
        say("Another revolution run is in progress on this project; waiting for it to finish...")
        lock.acquire()
    try:
        yield
    finally:
        lock.release()
