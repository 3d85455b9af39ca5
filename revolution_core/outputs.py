"""Safe writes: staging directories swapped in atomically, atomic files, and the content-hash
manifest that lets an unchanged zone skip generation.
"""

from __future__ import annotations

import contextlib
import copy
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
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


HEX64 = re.compile(r"^[0-9a-f]{64}$")
ZONE_FILE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")  # a zone name: safe as a file name


def clean_relative(value: object) -> str | None:
    """`value` as a normalized relative POSIX path that stays below its root, else None."""
    if not isinstance(value, str) or not value or "\\" in value or "\0" in value:
        return None
    path = PurePosixPath(value)
    if path.is_absolute() or any(part in {"..", "."} for part in path.parts) or path.as_posix() != value:
        return None
    return value


def _entry_problem(zone: object, entry: object) -> str | None:
    """What is wrong with one zone entry of a manifest, if anything."""
    if not isinstance(zone, str) or not zone:
        return f"a zone is recorded under the name {zone!r}"
    if not isinstance(entry, dict):
        return f"zone '{zone}' has no entry object"
    if clean_relative(entry.get("path")) is None:
        return f"zone '{zone}' is recorded at {entry.get('path')!r}, which is not a relative path below the output"
    if not isinstance(entry.get("key"), str) or not isinstance(entry.get("version", ""), str):
        return f"zone '{zone}' has no cache key"
    files = entry.get("files")
    if not isinstance(files, dict) or not files:
        return f"zone '{zone}' lists no files"
    for name, digest in files.items():
        if clean_relative(name) is None or not isinstance(digest, str) or not HEX64.match(digest):
            return f"zone '{zone}' lists a bad file entry {name!r}"
    return None


def _nested(a: str, b: str) -> bool:
    return a == b or a.startswith(b + "/") or b.startswith(a + "/")


class Manifest:
    """Per generator root: for each zone, the cache key it was generated from, the generator version, its
    path and its files' hashes; plus the whole-run files `finalize` wrote last time, with their hashes.

    It is state a user can edit or a crash can damage, so it is checked (its shape, paths that stay below
    the root, zones that do not overlap) and ignored as a whole, with a notice, when wrong: the worst case
    is a regeneration. Nothing is deleted on its word unless the file or tree still holds exactly what the
    manifest says a run wrote there (`owned_tree`, `owned_file`)."""

    def __init__(self, root: Path, notice: Callable[[str], None] | None = None) -> None:
        self.root = root
        self.path = root / MANIFEST
        self.zones: dict[str, dict[str, Any]] = {}
        self.package_files: dict[str, str] = {}
        self.ignored: str | None = None
        self._notice = notice
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as exc:
            self.ignore(f"it cannot be read ({exc.strerror})")
            return
        try:
            data = json.loads(raw)
        except ValueError:
            self.ignore("it is not valid JSON")
            return
        problem = self._load(data)
        if problem:
            self.ignore(problem)

    def _load(self, data: Any) -> str | None:
        if not isinstance(data, dict):
            return "it is not a JSON object"
        zones = data.get("zones", {})
        if not isinstance(zones, dict):
            return "its `zones` is not an object"
        for zone, entry in zones.items():
            problem = _entry_problem(zone, entry)
            if problem:
                return problem
        paths = sorted((entry["path"], zone) for zone, entry in zones.items())
        for i, (path, zone) in enumerate(paths):
            for other_path, other in paths[i + 1:]:
                if _nested(path, other_path):
                    return f"zones '{zone}' and '{other}' are recorded at overlapping paths ({path}, {other_path})"
        files = data.get("package_files", {})
        if isinstance(files, list):  # the format before hashes were recorded: known, but never deleted
            files = {name: "" for name in files}
        if not isinstance(files, dict):
            return "its `package_files` is not an object"
        for name, digest in files.items():
            if clean_relative(name) is None or not isinstance(digest, str):
                return f"it lists a bad whole-run file {name!r}"
            if any(_nested(name, path) for path, _ in paths):
                return f"the whole-run file {name!r} lies inside a zone's output"
        self.zones = {zone: dict(entry) for zone, entry in zones.items()}
        self.package_files = dict(files)
        return None

    def ignore(self, reason: str) -> None:
        """Forget everything recorded, saying why (once)."""
        self.zones, self.package_files = {}, {}
        if self.ignored is None:
            self.ignored = reason
            if self._notice is not None:
                self._notice(
                    f"{self.path} is ignored: {reason}. Every zone of this generator is regenerated, and "
                    "nothing is deleted on its word."
                )

    def check_layout(self, desired: dict[str, str]) -> None:
        """Ignore the manifest when a zone is recorded at the place another zone's output belongs (a
        corrupt or hand-edited manifest would otherwise have that zone's good files deleted)."""
        owners = {path: zone for zone, path in desired.items()}
        for zone, entry in sorted(self.zones.items()):
            other = owners.get(entry["path"])
            if other is not None and other != zone:
                self.ignore(f"zone '{zone}' is recorded at '{entry['path']}', where zone '{other}' belongs")
                return

    def is_fresh(self, zone: str, key: str, zone_dir: Path) -> bool:
        """True when the zone was generated from `key` and its files are intact on disk."""
        entry = self.zones.get(zone)
        if not entry or entry.get("key") != key or not zone_dir.is_dir():
            return False
        return bool(tree_hashes(zone_dir) == entry["files"])

    def record(self, zone: str, key: str, relative_path: str, files: dict[str, str], version: str) -> None:
        self.zones[zone] = {"key": key, "path": relative_path, "version": version, "files": dict(files)}

    def zone_dir(self, zone: str) -> Path | None:
        """Where the manifest says the zone's output is, if that is a directory inside the root."""
        entry = self.zones.get(zone)
        path = inside(self.root, str(entry.get("path", ""))) if entry else None
        return path if path is not None and path.is_dir() else None

    def owned_tree(self, zone: str) -> Path | None:
        """The zone's recorded directory, only if it holds exactly the files the manifest recorded (so a
        tree a user changed, or a manifest pointing elsewhere, never gets deleted)."""
        folder = self.zone_dir(zone)
        if folder is None or tree_hashes(folder) != self.zones[zone]["files"]:
            return None
        return folder

    def owned_file(self, relative: str) -> Path | None:
        """A whole-run file this generator wrote, if it still holds the bytes recorded for it."""
        digest = self.package_files.get(relative)
        path = inside(self.root, relative)
        if not digest or path is None or not path.is_file() or file_sha256(path) != digest:
            return None
        return path

    def files(self, zone: str) -> tuple[str, ...]:
        entry = self.zones.get(zone) or {}
        files = entry.get("files")
        return tuple(sorted(files)) if isinstance(files, dict) else ()

    def forget(self, zone: str) -> None:
        self.zones.pop(zone, None)

    def copy(self) -> Manifest:
        """An independent copy to prepare the state after a run (the loaded one stays as it was)."""
        twin = copy.copy(self)
        twin.zones = {zone: {**entry, "files": dict(entry["files"])} for zone, entry in self.zones.items()}
        twin.package_files = dict(self.package_files)
        return twin

    def serialize(self) -> bytes:
        payload = {"package_files": dict(sorted(self.package_files.items())), "zones": dict(sorted(self.zones.items()))}
        return (json.dumps(payload, indent=2, sort_keys=True) + "\n").encode()

    def save(self) -> None:
        write_bytes_atomic(self.path, self.serialize())


class SchemaManifest:
    """Remembers, per zone, the SHA-256 of the schema's JSON and YAML files as last written, so an
    unchanged schema is not dumped again, and `--clean` knows which files a run wrote. Entries of the
    wrong shape are dropped (the worst case is a rewrite); missing or corrupt: everything is written."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.path = folder / MANIFEST
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = {}
        self.zones: dict[str, dict[str, str]] = {
            zone: {"json": entry["json"], "yaml": entry["yaml"]}
            for zone, entry in (data.items() if isinstance(data, dict) else [])
            if isinstance(zone, str) and ZONE_FILE.match(zone) and isinstance(entry, dict)
            and all(isinstance(entry.get(k), str) and HEX64.match(entry[k]) for k in ("json", "yaml"))
        }

    def is_fresh(self, zone: str, json_sha256: str, json_path: Path, yaml_path: Path) -> bool:
        entry = self.zones.get(zone)
        if entry is None or entry.get("json") != json_sha256:
            return False
        try:
            return file_sha256(json_path) == json_sha256 and file_sha256(yaml_path) == entry.get("yaml")
        except OSError:
            return False

    def record(self, zone: str, json_sha256: str, yaml_path: Path) -> None:
        self.zones[zone] = {"json": json_sha256, "yaml": file_sha256(yaml_path)}
        self.save()

    def owned_files(self, zone: str) -> list[Path]:
        """The zone's schema files that still hold the bytes a run recorded (what `--clean` may delete)."""
        entry = self.zones.get(zone, {})
        owned = []
        for suffix in ("json", "yaml"):
            path = self.folder / f"{zone}.{suffix}"
            try:
                if path.is_file() and not path.is_symlink() and file_sha256(path) == entry.get(suffix):
                    owned.append(path)
            except OSError:
                pass
        return owned

    def forget(self, zone: str) -> None:
        self.zones.pop(zone, None)

    def save(self) -> None:
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
