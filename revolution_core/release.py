"""The clients' version and changelog, from what changed in the zones' schemas (`revolution_core.diff`).

Each run that writes a zone schema compares it with the schema the previous run wrote (what the archive
holds); if any zone changed, the version is bumped once for the run, by semver on the highest level:

| highest change | from 1.0.0 on     | below 1.0.0 (the 0.x rule)  |
|----------------|-------------------|-----------------------------|
| breaking       | major: 2.0.0      | minor: 0.3.0                |
| addition       | minor: 1.3.0      | patch: 0.2.4                |
| other          | patch: 1.2.4      | patch: 0.2.4                |

Below 1.0.0 the major number stays 0 until you choose 1.0.0 yourself (edit `version` in the state file, or
set the generators' `package_version`), as semver reserves 0.x for APIs still settling.

The state lives in `<schemas dir>/revolution-release.json`, a file the run owns and users commit: the
current version, the SHA-256 of each zone's schema it describes, and the history that becomes each client
package's CHANGELOG.md. Nothing in it depends on the clock, so the same schemas give the same bytes, and a
run whose schemas did not change leaves it alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from revolution_core.diff import LEVELS, diff_documents
from revolution_core.errors import RevolutionError
from revolution_core.models import Change, Level, Release, ReleaseEntry, ZoneChanges

STATE_FILE = "revolution-release.json"
INITIAL_VERSION = "0.1.0"
SEMVER = re.compile(r"^(\d+)\.(\d+)\.(\d+)(?:[-+].*)?$")
NO_CLIENT_CHANGE = "The schema changed, but not in a way clients see (descriptions, examples, servers)"


class ReleaseStateError(RevolutionError):
    """`revolution-release.json` is damaged: the message names it and the way out."""


def bump(version: str, level: Level) -> str:
    """The next version after `version` for a change of `level` (the 0.x rule above)."""
    match = SEMVER.match(version)
    if not match:
        raise ValueError(f"{version!r} is not a semantic version such as '1.2.3'")
    major, minor, patch = (int(part) for part in match.groups())
    if level == "breaking":
        return f"{major + 1}.0.0" if major else f"0.{minor + 1}.0"
    if level == "addition" and major:
        return f"{major}.{minor + 1}.0"
    return f"{major}.{minor}.{patch + 1}"


def highest(levels: Sequence[Level]) -> Level:
    return min(levels, key=LEVELS.index)


@dataclass(frozen=True)
class ZoneSchema:
    """One zone's new schema and its baseline (the schema the previous run wrote, None if there was none)."""

    zone: str
    document: Mapping[str, Any]
    sha256: str
    baseline: Mapping[str, Any] | None = None
    baseline_sha256: str | None = None


@dataclass
class ReleaseState:
    """The contents of `revolution-release.json` (see the module docstring)."""

    path: Path
    version: str | None = None
    zones: dict[str, str] = field(default_factory=dict)
    history: list[ReleaseEntry] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path) -> ReleaseState:
        path = folder / STATE_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls(path)
        except (OSError, ValueError) as exc:
            raise ReleaseStateError(
                f"{path} is not readable JSON ({exc}); it holds the clients' version and changelog: restore it "
                "from version control (after a merge conflict, take either side and run again), or delete it to "
                "start a new history at the initial version"
            ) from None
        try:
            return cls(path, str(data["version"]), {str(k): str(v) for k, v in data["zones"].items()},
                       [_entry(item) for item in data["history"]])
        except (KeyError, TypeError, AttributeError, ValueError) as exc:
            raise ReleaseStateError(
                f"{path} does not have the expected fields (version, zones, history): {exc!r}; restore it from "
                "version control, or delete it to start a new history"
            ) from None

    def to_bytes(self) -> bytes:
        data = {"version": self.version, "zones": dict(sorted(self.zones.items())),
                "history": [entry.to_dict() for entry in self.history]}
        return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def _entry(data: Mapping[str, Any]) -> ReleaseEntry:
    zones = tuple(
        ZoneChanges(str(zone), tuple(Change(str(c["kind"]), c["level"], str(c["text"])) for c in value["changes"]),
                    bool(value.get("new_zone")))
        for zone, value in data["zones"].items()
    )
    return ReleaseEntry(str(data["version"]), data["level"], zones)


def initial_version(project_version: str | None) -> str:
    return project_version if project_version and SEMVER.match(project_version) else INITIAL_VERSION


def advance(state: ReleaseState, zones: Sequence[ZoneSchema], start: str) -> Release:
    """Record this run's zone schemas in `state` (in place) and return the resulting release.

    A zone whose schema the state already describes changes nothing (so a run interrupted after saving the
    state but before writing the schemas does not bump twice); a zone without a baseline is new; any other
    is compared with its baseline. A state that does not exist yet starts at `start` with an initial entry."""
    if state.version is None:
        state.version = start
        state.history = [ReleaseEntry(start, "initial", tuple(ZoneChanges(z.zone, new_zone=True)
                                                              for z in sorted(zones, key=lambda z: z.zone)))]
        for zone in zones:
            if zone.baseline is None or zone.baseline_sha256 == zone.sha256:
                state.zones[zone.zone] = zone.sha256  # a zone that changed since its baseline is compared below
    found: list[ZoneChanges] = []
    levels: list[Level] = []
    for zone in sorted(zones, key=lambda z: z.zone):
        if state.zones.get(zone.zone) == zone.sha256:
            continue
        if zone.baseline is None:
            found.append(ZoneChanges(zone.zone, new_zone=True))
            levels.append("addition")
        elif zone.baseline_sha256 != zone.sha256:
            diff = diff_documents(zone.baseline, zone.document)
            changes = diff.changes or (Change("schema-changed", "change", NO_CLIENT_CHANGE),)
            found.append(ZoneChanges(zone.zone, changes))
            levels.append(diff.level or "change")
        state.zones[zone.zone] = zone.sha256
    if not found:
        return Release(state.version, tuple(state.history))
    level = highest(levels)
    try:
        version = bump(state.version, level)
    except ValueError as exc:
        raise ReleaseStateError(f"{state.path}: {exc}; fix `version` there (e.g. '1.4.0')") from None
    state.version = version
    state.history.insert(0, ReleaseEntry(version, level, tuple(found)))
    return Release(version, tuple(state.history), bumped=True)


def release_line(zone: ZoneChanges, limit: int = 10) -> str:
    """A short summary of a zone's changes for the console, listing the breaking ones."""
    if zone.new_zone:
        return f"zone {zone.zone}: new zone"
    counts = {lv: sum(c.level == lv for c in zone.changes) for lv in LEVELS}
    words = {"breaking": "breaking", "addition": "addition(s)", "change": "other change(s)"}
    text = f"zone {zone.zone}: " + ", ".join(f"{n} {words[lv]}" for lv, n in counts.items() if n)
    breaking = [c.text for c in zone.changes if c.breaking]
    lines = [text, *(f"  breaking: {line}" for line in breaking[:limit])]
    if len(breaking) > limit:
        lines.append(f"  ... and {len(breaking) - limit} more breaking change(s), listed in CHANGELOG.md")
    return "\n".join(lines)


HEADINGS = {"breaking": "Breaking changes", "addition": "Additions", "change": "Other changes"}


def changelog_markdown(release: Release, package: str) -> str:
    """CHANGELOG.md for a client package: every version newest first, its changes by level, each line naming
    its zone. The same for every generator, so the TypeScript and Python packages tell the same story."""
    lines = [
        f"# Changelog of {package}",
        "",
        "Generated by revolution from the API's OpenAPI schemas, one version per change of the API. Versions follow",
        "semver: a breaking change bumps the major version (the minor one below 1.0.0), an addition the minor one",
        "(the patch one below 1.0.0), anything else the patch one.",
    ]
    for entry in release.history:
        lines += ["", f"## {entry.version}", ""]
        if entry.level == "initial":
            names = ", ".join(f"`{z.zone}`" for z in entry.zones)
            lines.append(f"First recorded version{f' (zones {names})' if names else ''}.")
            continue
        for level in LEVELS:
            items = [f"- `{z.zone}`: {c.text}" for z in entry.zones for c in z.changes if c.level == level]
            if level == "addition":
                items = [f"- `{z.zone}`: New zone" for z in entry.zones if z.new_zone] + items
            if items:
                lines += [f"### {HEADINGS[level]}", "", *items, ""]
        while lines[-1] == "":
            lines.pop()
    return "\n".join(lines) + "\n"
