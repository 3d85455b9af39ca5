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
    """A fresh empty directory beside `target`, on the same filesystem, for an atomic swap."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-", dir=target.parent))


def swap_into_place(staged: Path, target: Path) -> None:
    """Replace `target` by `staged`: the old tree is renamed aside first, so at every instant one
    complete tree is in place, and it is deleted only after the new one is."""
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


@contextlib.contextmanager
def staged(target: Path) -> Iterator[Path]:
    """Yield a staging directory; swap it in on success, delete it on failure."""
    tmp = staging_dir(target)
    try:
        yield tmp
    except BaseException:
        discard(tmp)
        raise
    swap_into_place(tmp, target)


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
    """Per generator root: for each zone, the cache key it was generated from and its files' hashes.

    A missing or corrupt manifest is simply empty: the worst case is a regeneration, never an error.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / MANIFEST
        self.zones: dict[str, dict[str, Any]] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            zones = data.get("zones", {}) if isinstance(data, dict) else {}
            self.zones = {k: v for k, v in zones.items() if isinstance(v, dict)}
        except (OSError, ValueError):
            self.zones = {}

    def is_fresh(self, zone: str, key: str, zone_dir: Path) -> bool:
        """True when the zone was generated from `key` and its files are intact on disk."""
        entry = self.zones.get(zone)
        if not entry or entry.get("key") != key or not zone_dir.is_dir():
            return False
        files = entry.get("files")
        return isinstance(files, dict) and bool(files) and tree_hashes(zone_dir) == files

    def record(self, zone: str, key: str, relative_path: str, zone_dir: Path) -> None:
        self.zones[zone] = {"key": key, "path": relative_path, "files": tree_hashes(zone_dir)}

    def forget(self, zone: str) -> None:
        self.zones.pop(zone, None)

    def save(self) -> None:
        payload = {"zones": dict(sorted(self.zones.items()))}
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
