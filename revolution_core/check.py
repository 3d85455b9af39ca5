"""`revolution check` (and `manage.py revolution --check`): would a run change anything, and does the API
break its baseline? Writes nothing in the project.

The committed schemas and clients are copied into a temporary directory, the pipeline runs there (no
archive, no sync, no project lock, no event hooks; the copied cache lets unchanged zones be skipped exactly
as in a real run, and a hand-edited file fails the cache's hash check, so it is regenerated and reported),
and the result is compared file by file with the project. With `breaking`, each zone's new schema is also
compared (`revolution_core.diff`) with a baseline: the given file or directory, the schema at a git ref, by
default the one committed at HEAD (the file on disk outside git, or for a zone HEAD does not have yet).
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from revolution_core.config import RevolutionConfig
from revolution_core.diff import SchemaDiff, diff_documents
from revolution_core.errors import RevolutionError
from revolution_core.models import Change, RunReport
from revolution_core.outputs import IGNORED_PARTS, MANIFEST
from revolution_core.plugins import Registry

BUILD_OUTPUTS = frozenset({"dist", "build"})  # a package built locally is not generated output


@dataclass(frozen=True)
class FileDifference:
    """A file a run would write differently: `changed`, `added` (missing in the project) or `removed`."""

    path: str
    status: Literal["changed", "added", "removed"]


@dataclass(frozen=True)
class ZoneCheck:
    """A zone's new schema compared with its baseline (`baseline` says which; None: the zone has none)."""

    zone: str
    baseline: str | None
    diff: SchemaDiff = field(default_factory=SchemaDiff)


@dataclass
class CheckOptions:
    zones: list[str] | None = None
    generators: list[str] | None = None
    breaking: bool | None = None  # None: the configuration's `check.breaking`
    baseline: Path | None = None
    baseline_ref: str | None = None
    max_workers: int | None = None


@dataclass(frozen=True)
class CheckReport:
    run: RunReport
    stale: tuple[FileDifference, ...]
    breaking_checked: bool
    zones: tuple[ZoneCheck, ...] = ()

    @property
    def breaking(self) -> list[tuple[str, Change]]:
        return [(z.zone, change) for z in self.zones for change in z.diff.breaking] if self.breaking_checked else []

    @property
    def ok(self) -> bool:
        return self.run.ok and not self.stale and not self.breaking

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "stale": [{"path": d.path, "status": d.status} for d in self.stale],
            "breaking_checked": self.breaking_checked,
            "breaking": len(self.breaking),
            "zones": {z.zone: {"baseline": z.baseline, "summary": z.diff.summary(),
                               "changes": [{"kind": c.kind, "level": c.level, "text": c.text} for c in z.diff.changes]}
                      for z in self.zones},
            "run": self.run.to_dict(),
        }


def check_project(config: RevolutionConfig, registry: Registry, options: CheckOptions,
                  reporter: Any = None) -> CheckReport:
    from revolution_core.pipeline import Pipeline, RunOptions

    breaking = config.check.breaking if options.breaking is None else options.breaking
    ref = options.baseline_ref or (config.check.baseline_ref if options.baseline is None else None)
    if ref:
        _verify_ref(config.schemas_dir, ref)
    with tempfile.TemporaryDirectory(prefix="revolution-check-") as tmp:
        work = Path(tmp)
        outputs = {"schemas": config.schemas_dir, "clients": config.clients_dir}
        for name, source in outputs.items():
            if source.is_dir():
                shutil.copytree(source, work / name, ignore=_ignored, symlinks=True)
        output = config.output.model_copy(
            update={"schemas_dir": str(work / "schemas"), "clients_dir": str(work / "clients")}
        )
        temp_config = config.model_copy(update={"output": output})
        run_options = RunOptions(zones=options.zones, generators=options.generators, max_workers=options.max_workers,
                                 archive=False, sync=False, lock=False, events=False)
        report = Pipeline(temp_config, registry, reporter).run(run_options)
        stale: list[FileDifference] = []
        for name, source in outputs.items():
            stale += compare_trees(source, work / name, _display(config, source))
        zones: list[ZoneCheck] = []
        if breaking:
            for zone in options.zones or list(config.zones):
                new = _load(work / "schemas" / f"{zone}.json")
                if new is not None:
                    zones.append(_zone_check(config, zone, new, options.baseline, ref))
    return CheckReport(report, tuple(sorted(stale, key=lambda d: d.path)), breaking, tuple(zones))


def _ignored(folder: str, names: list[str]) -> set[str]:
    """What is not copied into the temporary project: anything but generated output and its cache."""
    return {name for name in names if _not_output(name)}


def _not_output(name: str) -> bool:
    return (name in IGNORED_PARTS or name in BUILD_OUTPUTS or name.endswith((".egg-info", ".pyc"))
            or (name.startswith(".") and (".staging-" in name or ".old-" in name or name.endswith(".tmp"))))


def _skip(name: str) -> bool:
    """Not compared: what is not output, and the cache's own bookkeeping (it records the generator's version,
    which changes without the output changing)."""
    return _not_output(name) or name == MANIFEST


def _files(root: Path) -> dict[str, Path]:
    found: dict[str, Path] = {}
    if not root.is_dir():
        return found
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.is_file() and not any(_skip(part) for part in relative.parts):
            found[relative.as_posix()] = path
    return found


def compare_trees(project: Path, generated: Path, display: str) -> list[FileDifference]:
    """Every file that differs between the project's tree and the freshly generated one."""
    ours, theirs = _files(project), _files(generated)
    out = [FileDifference(f"{display}/{rel}", "added") for rel in sorted(theirs.keys() - ours.keys())]
    out += [FileDifference(f"{display}/{rel}", "removed") for rel in sorted(ours.keys() - theirs.keys())]
    out += [FileDifference(f"{display}/{rel}", "changed") for rel in sorted(ours.keys() & theirs.keys())
            if ours[rel].read_bytes() != theirs[rel].read_bytes()]
    return out


def _display(config: RevolutionConfig, path: Path) -> str:
    try:
        return path.relative_to(config.project_root).as_posix()
    except ValueError:
        return str(path)


def _load(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return None
    try:
        if path.suffix in (".yaml", ".yml"):
            import yaml

            return yaml.safe_load(text)
        return json.loads(text)
    except ValueError as exc:
        raise RevolutionError(f"baseline {path} is not a readable OpenAPI document: {exc}") from None


def _zone_check(config: RevolutionConfig, zone: str, new: Any, baseline: Path | None, ref: str | None) -> ZoneCheck:
    source, old = _baseline(config, zone, baseline, ref)
    if old is None:
        return ZoneCheck(zone, None)
    return ZoneCheck(zone, source, diff_documents(old, new))


def _baseline(config: RevolutionConfig, zone: str, baseline: Path | None, ref: str | None) -> tuple[str, Any]:
    """(where the baseline came from, its document) or (.., None) when the zone has no baseline."""
    if baseline is not None:
        if baseline.is_dir():
            for suffix in (".json", ".yaml", ".yml"):
                candidate = baseline / f"{zone}{suffix}"
                if candidate.is_file():
                    return str(candidate), _load(candidate)
            return str(baseline), None
        if not baseline.is_file():
            raise RevolutionError(f"--baseline {baseline}: no such file or directory")
        only = len(config.zones) == 1
        return (str(baseline), _load(baseline)) if baseline.stem == zone or only else (str(baseline), None)
    disk = config.schemas_dir / f"{zone}.json"
    explicit = ref is not None
    if ref is None and _in_git(config.schemas_dir):
        ref = "HEAD"
    if ref is not None:
        data = _git_show(config.schemas_dir, ref, f"{zone}.json")
        if data is not None:
            try:
                return f"{ref}:{_display(config, disk)}", json.loads(data)
            except ValueError as exc:
                raise RevolutionError(f"{ref}:{_display(config, disk)} is not JSON: {exc}") from None
        if explicit:
            return f"{ref}:{_display(config, disk)}", None  # the zone is new since that ref
    # Outside git, or a zone HEAD does not have yet: the schema the last run wrote.
    return _display(config, disk), _load(disk)


def _anchor(folder: Path) -> tuple[Path, str]:
    """The nearest existing ancestor of `folder` (git runs there) and `folder` relative to it."""
    existing = folder
    while not existing.is_dir() and existing != existing.parent:
        existing = existing.parent
    return existing, folder.relative_to(existing).as_posix() if existing != folder else "."


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[bytes] | None:
    anchor, _ = _anchor(folder)
    try:
        return subprocess.run(["git", "-C", str(anchor), *args], capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.SubprocessError):
        return None


def _in_git(folder: Path) -> bool:
    done = _git(folder, "rev-parse", "--is-inside-work-tree")
    return done is not None and done.returncode == 0 and done.stdout.strip() == b"true"


def _verify_ref(folder: Path, ref: str) -> None:
    done = _git(folder, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
    if done is None:
        raise RevolutionError(f"--baseline-ref {ref}: git is not installed or could not run; install git, or pass "
                              "--baseline with the baseline schema files instead")
    if done.returncode != 0:
        raise RevolutionError(
            f"--baseline-ref {ref}: not a commit of the git repository at {_anchor(folder)[0]}; fetch it first "
            "(in CI: `git fetch origin main`, and check out with enough history), or name another ref"
        )


def _git_show(folder: Path, ref: str, name: str) -> bytes | None:
    _, relative = _anchor(folder)
    done = _git(folder, "show", f"{ref}:./{relative}/{name}" if relative != "." else f"{ref}:./{name}")
    return done.stdout if done is not None and done.returncode == 0 else None
