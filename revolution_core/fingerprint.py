"""The run fingerprint: everything that can change a run's result, checked before any plugin starts.

A successful run records, in a small state file, what it depended on: the files plugins declared (a web
framework's project sources and settings, OpenAPI files, the plugins' own code), environment variables,
executables found on PATH, the installed distributions (their `*.dist-info` entries on `sys.path`), the
Python interpreter, the run's options, and the signature of every file it wrote. The next `revolution run`
compares these first: when nothing differs it reports the same result and touches nothing, without loading
a plugin, pydantic or a web framework (this module imports only the standard library). When something
differs, `Check.affected_zones` tells which zones' schemas may have changed: a changed file that the last
run attributed to some zones' schemas (`SchemaResult.inputs`) concerns those zones only; any other change
concerns every zone.

Signatures are `(size, mtime_ns, ctime_ns, inode)`, taken after the run. A file modified after the run
started (or in the last moments before) is recorded as stale, so the next run repeats the work rather than
trust a file that may have been read before its last change. The state lives in the user's cache
(`$REVOLUTION_STATE_DIR`, else `$XDG_CACHE_HOME/revolution/state`), one file per project directory.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

STATE_ENV = "REVOLUTION_STATE_DIR"
FORMAT = 1
# A file whose mtime/ctime is later than (run start - STALE_MARGIN) may have changed after it was read:
# file timestamps come from a coarse clock that lags the process's clock by up to one tick (1-10 ms).
STALE_MARGIN_NS = 20_000_000
PRUNE_AFTER_SECONDS = 30 * 24 * 3600
SKIPPED_DIRS = frozenset({"node_modules", "__pycache__", "site-packages", "dist-packages"})
ALL_FILES = "*"
# Read by the core itself: they choose the plugins.
CORE_ENVIRONMENT = ("REVOLUTION_PLUGINS", "REVOLUTION_DISABLE_PLUGINS")

Signature = list[int]


@dataclass(frozen=True)
class InputDeclaration:
    """What a run depends on besides its configuration, as one plugin sees it (hook
    `revolution_fingerprint_inputs`).

    - `trees`: directories whose files count, walked recursively, skipping hidden directories, virtual
      environments, `node_modules`, `__pycache__` and every output directory; only files ending in one of
      `suffixes` count (`("*",)` for every file).
    - `files`: single files; a missing file counts too (it may appear).
    - `patterns`: glob patterns (absolute, `**` allowed) re-expanded on every check, so new matches count.
    - `environment`: names of environment variables whose values count (unset counts as a value).
    - `executables`: programs looked up on PATH (e.g. "node"); which file they resolve to counts.
    """

    trees: tuple[Path, ...] = ()
    suffixes: tuple[str, ...] = (".py",)
    files: tuple[Path, ...] = ()
    patterns: tuple[str, ...] = ()
    environment: tuple[str, ...] = ()
    executables: tuple[str, ...] = ()


@dataclass
class Declared:
    """Every plugin's declarations merged, as stored in the state file."""

    trees: dict[str, list[str]] = field(default_factory=dict)  # root -> suffixes
    files: list[str] = field(default_factory=list)
    patterns: list[str] = field(default_factory=list)
    environment: list[str] = field(default_factory=lambda: list(CORE_ENVIRONMENT))
    executables: list[str] = field(default_factory=list)

    def add(self, item: InputDeclaration) -> None:
        for tree in item.trees:
            suffixes = self.trees.setdefault(str(Path(tree).resolve()), [])
            suffixes.extend(s for s in item.suffixes if s not in suffixes)
        self.files = sorted({*self.files, *(str(Path(f).resolve()) for f in item.files)})
        self.patterns = sorted({*self.patterns, *item.patterns})
        self.environment = sorted({*self.environment, *item.environment})
        self.executables = sorted({*self.executables, *item.executables})

    def to_json(self) -> dict[str, Any]:
        return {"trees": {k: sorted(v) for k, v in sorted(self.trees.items())}, "files": self.files,
                "patterns": self.patterns, "environment": self.environment, "executables": self.executables}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Declared:
        return cls(dict(data.get("trees", {})), list(data.get("files", [])), list(data.get("patterns", [])),
                   list(data.get("environment", [])), list(data.get("executables", [])))


def state_dir() -> Path:
    if os.environ.get(STATE_ENV):
        return Path(os.environ[STATE_ENV]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "revolution" / "state"


def signature(stat: os.stat_result) -> Signature:
    return [stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns, stat.st_ino]


def walk(root: str, suffixes: Iterable[str], exclude: frozenset[str]) -> Iterator[tuple[str, os.stat_result]]:
    """The files below `root` that count, with their stat, skipping what never shapes a run."""
    wanted = tuple(suffixes)
    every = ALL_FILES in wanted
    stack = [root]
    while stack:
        directory = stack.pop()
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            name = entry.name
            try:
                if entry.is_dir(follow_symlinks=False):
                    if (name.startswith(".") or name in SKIPPED_DIRS or entry.path in exclude
                            or os.path.exists(os.path.join(entry.path, "pyvenv.cfg"))):
                        continue
                    stack.append(entry.path)
                elif (every or name.endswith(wanted)) and not name.endswith(".pyc") and entry.path not in exclude:
                    yield entry.path, entry.stat()
            except OSError:
                continue


def scan_files(declared: Declared, exclude: frozenset[str]) -> dict[str, Signature | None]:
    """Path -> signature (None: missing) of every declared input file."""
    found: dict[str, Signature | None] = {}
    roots = sorted(declared.trees)
    for root in roots:
        suffixes = set(declared.trees[root])
        outer = [o for o in roots if o != root and root.startswith(o.rstrip(os.sep) + os.sep)]
        if any(ALL_FILES in declared.trees[o] or suffixes <= set(declared.trees[o]) for o in outer):
            continue  # walked as part of an enclosing tree already
        for path, stat in walk(root, declared.trees[root], exclude):
            found[path] = signature(stat)
    for pattern in declared.patterns:
        for path in glob.glob(pattern, recursive=True):
            found.setdefault(path, stat_signature(path))
    for path in declared.files:
        if path not in found:
            found[path] = stat_signature(path)
    return found


def stat_signature(path: str) -> Signature | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return signature(stat) if not os.path.isdir(path) else [0, stat.st_mtime_ns, 0, stat.st_ino]


def distributions(paths: Iterable[str]) -> str:
    """A digest of the installed distributions as `sys.path` shows them: each `*.dist-info`/`*.egg-info`
    (its name holds the version; its mtime changes on reinstall) and each `.pth` file, which editable
    installs use. Cheap: one directory listing per `sys.path` entry, no metadata parsed."""
    digest = hashlib.sha256()
    for entry in paths:
        try:
            with os.scandir(entry or ".") as listing:
                names = sorted(
                    (e.name, e.stat().st_mtime_ns) for e in listing
                    if e.name.endswith((".dist-info", ".egg-info", ".pth", ".egg-link"))
                )
        except OSError:
            continue
        digest.update(f"{entry}\0{names}\n".encode())
    return digest.hexdigest()


def distribution_path() -> list[str]:
    """`sys.path` without its first entry when that is the script's directory or the working directory:
    it depends on how Python was started (`revolution`, `python -m`, `manage.py`), and holds no installed
    distributions."""
    paths = list(sys.path)
    script = sys.argv[0] if sys.argv else ""
    started_from = {"", os.getcwd(), os.path.dirname(os.path.abspath(script)) if script not in ("", "-c", "-m") else ""}
    return paths[1:] if paths and paths[0] in started_from else paths


def executable(name: str, path_env: str | None) -> list[Any]:
    found = shutil.which(name, path=path_env)
    return [found, stat_signature(found) if found else None]


@dataclass
class Snapshot:
    """What this process looked like when it started: plugins may change `os.environ` and `sys.path`
    (a web framework's settings module does), so values are read once, before any plugin runs."""

    environ: dict[str, str]
    sys_path: list[str]

    @classmethod
    def now(cls) -> Snapshot:
        return cls(dict(os.environ), distribution_path())

    def values(self, declared: Declared) -> dict[str, Any]:
        path_env = self.environ.get("PATH")
        return {
            "interpreter": [sys.version, sys.executable, sys.platform],
            "environment": {name: self.environ.get(name) for name in declared.environment},
            "executables": {name: executable(name, path_env) for name in declared.executables},
            "distributions": distributions(self.sys_path),
        }


@dataclass
class Check:
    """The comparison of the current inputs with the last successful run's."""

    state: dict[str, Any] | None
    changed_values: list[str] = field(default_factory=list)
    changed_files: list[str] = field(default_factory=list)
    changed_outputs: list[str] = field(default_factory=list)
    reason: str = ""

    @property
    def up_to_date(self) -> bool:
        return self.state is not None and not (self.changed_values or self.changed_files or self.changed_outputs)

    def affected_zones(self, zones: Iterable[str]) -> set[str]:
        """The zones whose schema may differ from the last run's: all of them unless every change is a file
        the last run attributed to particular zones."""
        names = set(zones)
        if self.state is None or self.changed_values or self.reason.startswith("the run's options"):
            return names
        zone_inputs: dict[str, list[str] | None] = self.state.get("zone_inputs", {})
        if any(zone_inputs.get(name) is None for name in names):  # a zone whose inputs are unknown
            unknown = {name for name in names if zone_inputs.get(name) is None}
        else:
            unknown = set()
        by_file: dict[str, set[str]] = {}
        for zone, files in zone_inputs.items():
            for path in files or ():
                by_file.setdefault(path, set()).add(zone)
        affected = set(unknown)
        for path in self.changed_files:
            owners = by_file.get(path)
            if not owners:  # shared, new or deleted: it may concern every zone
                return names
            affected |= owners
        return affected & names

    def describe(self, limit: int = 3) -> str:
        if self.state is None:
            return self.reason
        parts = []
        if self.changed_values:
            parts.append("changed: " + ", ".join(self.changed_values))
        if self.changed_files:
            shown = ", ".join(self.changed_files[:limit]) + (" ..." if len(self.changed_files) > limit else "")
            parts.append(f"{len(self.changed_files)} input file(s) changed ({shown})")
        if self.changed_outputs:
            parts.append(f"{len(self.changed_outputs)} output(s) changed or missing")
        return "; ".join(parts) or "nothing changed"


class Fingerprint:
    """The state of one project directory (as `revolution run` was pointed at it) for one kind of run."""

    def __init__(self, start: Path, key: Mapping[str, Any]) -> None:
        self.start = start.resolve()
        self.key = dict(key)
        self.snapshot = Snapshot.now()
        self.started_ns = time.time_ns()
        ident = hashlib.sha256(json.dumps([str(self.start), self.key.get("entry", "cli")]).encode()).hexdigest()
        self.path = state_dir() / f"{ident[:24]}.json"

    def load(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) and data.get("format") == FORMAT else None

    def check(self) -> Check:
        state = self.load()
        if state is None:
            return Check(None, reason="no earlier successful run recorded")
        if state.get("failed"):
            return Check(None, reason="the last run failed")
        if state.get("key") != self.key:
            return Check(state, changed_values=["the run's options"], reason="the run's options differ")
        declared = Declared.from_json(state.get("declared", {}))
        values = self.snapshot.values(declared)
        old_values = state.get("values", {})
        changed_values = [name for name in ("interpreter", "environment", "executables", "distributions")
                          if values.get(name) != old_values.get(name)]
        exclude = frozenset(state.get("exclude", []))
        files = scan_files(declared, exclude)
        old_files: dict[str, Any] = state.get("files", {})
        changed = sorted(path for path in files.keys() | old_files.keys() if files.get(path) != old_files.get(path))
        outputs = [path for path, sig in state.get("outputs", {}).items() if stat_signature(path) != sig]
        return Check(state, changed_values, changed, outputs)

    def record(self, declared: Declared, zone_inputs: Mapping[str, Iterable[Path] | None],
               outputs: Iterable[Path], report: Mapping[str, Any]) -> None:
        """Keep what a successful run depended on and what it wrote. Files changed since the run started
        are kept as stale (the next run checks again)."""
        output_roots = sorted({str(Path(p).resolve()) for p in outputs})
        exclude = frozenset(output_roots)
        stale_after = self.started_ns - STALE_MARGIN_NS
        for paths in zone_inputs.values():  # what the schemas were built from is an input too
            declared.files = sorted({*declared.files, *(str(Path(p).resolve()) for p in paths or ())})
        files = scan_files(declared, exclude)
        for path, sig in files.items():
            if sig is not None and max(sig[1], sig[2]) >= stale_after:
                files[path] = [-1, 0, 0, 0]  # never equal to a real signature
        written: dict[str, Signature | None] = {}
        for root in output_roots:
            if os.path.isdir(root):
                for path, stat in walk(root, (ALL_FILES,), frozenset()):
                    written[path] = signature(stat)
            else:
                written[root] = stat_signature(root)
        state = {
            "format": FORMAT,
            "start": str(self.start),
            "key": self.key,
            "declared": declared.to_json(),
            "values": self.snapshot.values(declared),
            "exclude": output_roots,
            "files": files,
            "outputs": written,
            "zone_inputs": {zone: sorted(str(Path(p).resolve()) for p in paths) if paths is not None else None
                            for zone, paths in zone_inputs.items()},
            "report": dict(report),
            "recorded": time.time(),
        }
        self._write(state)
        self._prune()

    def merge_zone_inputs(self, produced: Mapping[str, Iterable[Path] | None],
                          zones: Iterable[str]) -> dict[str, Iterable[Path] | None]:
        """This run's zone inputs, with the last run's for zones whose schema was reused."""
        previous = (self.load() or {}).get("zone_inputs", {})
        merged: dict[str, Iterable[Path] | None] = {}
        for zone in zones:
            if zone in produced:
                merged[zone] = produced[zone]
            else:
                old = previous.get(zone)
                merged[zone] = [Path(p) for p in old] if isinstance(old, list) else None
        return merged

    def forget(self) -> None:
        """A failed run: the next one does all the work. What the last good run declared and wrote is
        kept (marked failed) so that `revolution watch` keeps watching the same inputs."""
        state = self.load()
        if state is None or state.get("failed"):
            return
        self._write({key: state[key] for key in ("format", "start", "key", "declared", "exclude") if key in state}
                    | {"failed": True})

    def _write(self, state: Mapping[str, Any]) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=".state-", dir=self.path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(state, handle, separators=(",", ":"))
            os.replace(tmp, self.path)
        except OSError:
            pass  # no state: the next run simply does the work

    def _prune(self) -> None:
        """Drop the state of project directories not run for a month (temporary projects, say)."""
        cutoff = time.time() - PRUNE_AFTER_SECONDS
        try:
            for entry in os.scandir(self.path.parent):
                if entry.name.endswith(".json") and entry.stat().st_mtime < cutoff:
                    os.unlink(entry.path)
        except OSError:
            pass


def up_to_date_report(state: Mapping[str, Any], seconds: float) -> dict[str, Any]:
    """The last run's report as a run that found nothing to do reports it: every step unchanged."""
    report = dict(state.get("report", {}))
    steps = [dict(step, status="unchanged", seconds=0.0, warnings=[]) for step in report.get("steps", [])]
    return {**report, "ok": True, "seconds": round(seconds, 3), "steps": steps, "up_to_date": True}
