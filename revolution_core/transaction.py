"""A generator's output changes as one transaction: the zones that succeeded, the zones that moved or were
removed, and the whole-run files land together, or nothing does.

Prepare: every new zone tree is in a staging directory beside its target and every whole-run file in a
temporary file beside its own (`stage_tree`, `stage_file`). Commit: a journal listing the renames is
written, the previous targets are renamed aside, the new ones renamed in, and the manifest is saved:
that save is the commit point. Only then is what was set aside deleted. A failure during the renames
rolls them back at once; a process killed during them leaves the journal, and the next run (`heal`)
rolls back, or finishes the clean-up when the manifest shows that the commit happened.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import tempfile
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from revolution_core import interrupts
from revolution_core.outputs import IGNORED_PARTS, Manifest, clean_relative, inside, write_bytes_atomic

JOURNAL = ".revolution-transaction.json"
# What tempfile.mkdtemp/mkstemp make for us: `.<name>.staging-XXXXXXXX`, `.<name>.old-XXXXXXXX`,
# `.<name>.XXXXXXXX.tmp` (write_bytes_atomic, stage_file) and the preflight's `.revolution-probe-XXXXXXXX`.
DEBRIS_DIR = re.compile(r"^\.(?P<name>.+)\.(?P<kind>staging|old)-[a-z0-9_]{8}$")
DEBRIS_FILE = re.compile(r"^(\..+\.[a-z0-9_]{8}\.tmp|\.revolution-probe-[a-z0-9_]{8})$")


@dataclass
class Change:
    """One rename of the commit: `staged` (None: nothing new) replaces `target`, whose previous content,
    if any, is moved to `aside` first."""

    target: Path
    staged: Path | None
    aside: Path | None = None
    existed: bool = False


def _aside(target: Path) -> Path:
    """A free name beside `target` for its previous content during a commit."""
    folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.old-", dir=target.parent))
    os.rmdir(folder)
    return folder


class Transaction:
    """The changes of one generator's output in one run (see the module docstring)."""

    def __init__(self, manifest: Manifest, notice: Callable[[str], None] = lambda text: None) -> None:
        self.root = manifest.root
        self.manifest = manifest
        self.notice = notice
        self.changes: list[Change] = []
        self.deletions: list[Path] = []
        self._created: list[Path] = []

    def __bool__(self) -> bool:
        return bool(self.changes or self.deletions)

    def stage_tree(self, staged: Path, target: Path) -> None:
        """A zone's new tree, already complete in `staged` (a staging directory beside `target`)."""
        self.changes.append(Change(target, staged))

    def stage_file(self, target: Path, data: bytes) -> None:
        """A whole-run file's new bytes, written now to a temporary file beside it."""
        self._makedirs(target.parent)
        fd, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
        self.changes.append(Change(target, Path(name)))
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.chmod(name, 0o644)

    def delete_later(self, path: Path) -> None:
        """Deleted once the commit is done (a zone's old place after a move, a stale whole-run file)."""
        self.deletions.append(path)

    def _makedirs(self, folder: Path) -> None:
        missing = [p for p in [folder, *folder.parents] if not p.exists()]
        for path in reversed(missing):
            path.mkdir()
            self._created.append(path)

    def abort(self) -> None:
        """Forget everything staged: nothing of it was committed."""
        for change in self.changes:
            if change.staged is not None and os.path.lexists(change.staged):
                _remove(change.staged)
        for folder in reversed(self._created):
            with contextlib.suppress(OSError):
                folder.rmdir()
        self.changes, self.deletions, self._created = [], [], []

    def commit(self) -> list[str]:
        """Apply every change, or none (then the error is raised). Returns what could not be cleaned up
        afterwards (the next run retries)."""
        data = self.manifest.serialize()
        for change in self.changes:
            change.existed = os.path.lexists(change.target)
            change.aside = _aside(change.target) if change.existed else None
        journal = self.root / JOURNAL
        write_bytes_atomic(journal, self._journal(hashlib.sha256(data).hexdigest()))
        done: list[Change] = []
        try:
            with interrupts.shielded():
                for change in self.changes:
                    if change.aside is not None:
                        os.replace(change.target, change.aside)
                    done.append(change)
                    if change.staged is not None:
                        os.replace(change.staged, change.target)
                write_bytes_atomic(self.manifest.path, data)
        except BaseException:
            if _roll_back(done):
                with contextlib.suppress(OSError):
                    journal.unlink()
            self.abort()
            raise
        leftovers = self._finish()
        with contextlib.suppress(OSError):
            journal.unlink()
        return leftovers

    def _finish(self) -> list[str]:
        leftovers = []
        for path in [*(c.aside for c in self.changes if c.aside is not None), *self.deletions]:
            try:
                if os.path.lexists(path):
                    _remove(path)
            except OSError as exc:
                leftovers.append(f"{path} ({exc.strerror})")
        for path in self.deletions:  # a package that moved leaves no empty folders behind
            for folder in path.parents:
                if folder == self.root or self.root not in folder.parents:
                    break
                try:
                    folder.rmdir()
                except OSError:
                    break
        self.changes, self.deletions, self._created = [], [], []
        return leftovers

    def _journal(self, manifest_sha256: str) -> bytes:
        def rel(path: Path | None) -> str | None:
            return path.relative_to(self.root).as_posix() if path is not None else None

        payload = {
            "manifest_sha256": manifest_sha256,
            "changes": [
                {"target": rel(c.target), "staged": rel(c.staged), "aside": rel(c.aside), "existed": c.existed}
                for c in self.changes
            ],
            "deletions": [rel(path) for path in self.deletions],
        }
        return (json.dumps(payload, indent=2) + "\n").encode()


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        import shutil

        shutil.rmtree(path)
    else:
        path.unlink()


def _roll_back(done: list[Change]) -> bool:
    """Undo renames in reverse order; True if every one was undone."""
    ok = True
    for change in reversed(done):
        try:
            if change.staged is not None and not os.path.lexists(change.staged) and os.path.lexists(change.target):
                os.replace(change.target, change.staged)
            if change.aside is not None and os.path.lexists(change.aside):
                os.replace(change.aside, change.target)
        except OSError:
            ok = False
    return ok


def recover(root: Path, notice: Callable[[str], None] = lambda text: None) -> None:
    """Finish or undo the commit a killed run left in `root` (its journal says what it was doing)."""
    journal = root / JOURNAL
    try:
        payload = json.loads(journal.read_text(encoding="utf-8"))
        changes = [_change(root, item) for item in payload["changes"]]
        deletions = [_inside(root, item) for item in payload["deletions"]]
        expected = str(payload["manifest_sha256"])
    except FileNotFoundError:
        return
    except (OSError, ValueError, KeyError, TypeError) as exc:
        notice(f"{journal} is damaged ({exc}); it is ignored, leftovers beside the outputs are cleaned up instead")
        journal.unlink()
        return
    try:
        committed = hashlib.sha256((root / ".revolution-manifest.json").read_bytes()).hexdigest() == expected
    except OSError:
        committed = False
    if committed:  # the manifest was saved: only the clean-up was cut short
        for path in [*(c.aside for c in changes if c.aside is not None), *deletions]:
            if os.path.lexists(path):
                _remove(path)
    else:
        for change in reversed(changes):
            if change.aside is not None and os.path.lexists(change.aside):
                if os.path.lexists(change.target):
                    _remove(change.target)
                os.replace(change.aside, change.target)
            elif (not change.existed and change.staged is not None and not os.path.lexists(change.staged)
                  and os.path.lexists(change.target)):
                _remove(change.target)
        notice(f"an interrupted commit in {root} was rolled back: its last good output is back in place")
    journal.unlink()


def _inside(root: Path, value: object) -> Path:
    relative = clean_relative(value)
    path = inside(root, relative) if relative is not None else None
    if path is None:
        raise ValueError(f"path {value!r} is not below the output")
    return root / str(relative)  # not resolved: symlinks inside the output are renamed, not followed


def _change(root: Path, item: dict[str, object]) -> Change:
    staged, aside = item.get("staged"), item.get("aside")
    change = Change(
        _inside(root, item["target"]),
        _inside(root, staged) if staged is not None else None,
        _inside(root, aside) if aside is not None else None,
        bool(item.get("existed")),
    )
    for path in (change.staged, change.aside):
        if path is not None and not (DEBRIS_DIR.match(path.name) or DEBRIS_FILE.match(path.name)):
            raise ValueError(f"{path.name!r} is not a name a commit uses")
    return change


def heal(root: Path, notice: Callable[[str], None] = lambda text: None) -> None:
    """Under the project lock, before a run writes below `root`: finish or roll back interrupted commits,
    put back a tree a killed swap had moved aside, and remove staging directories, temporary files and
    preflight probes that interrupted runs left. Names are matched exactly (see DEBRIS_*), so a user's
    own files are never touched."""
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d not in IGNORED_PARTS and not DEBRIS_DIR.match(d)]
        if JOURNAL in filenames:
            recover(Path(dirpath), notice)
    for dirpath, dirnames, filenames in os.walk(root):
        folder = Path(dirpath)
        olds: dict[str, list[Path]] = defaultdict(list)
        for name in dirnames:
            match = DEBRIS_DIR.match(name)
            if match and match["kind"] == "old":
                olds[match["name"]].append(folder / name)
            elif match:
                _remove(folder / name)
        for name, paths in olds.items():
            paths.sort(key=lambda p: p.stat().st_mtime)
            if not os.path.lexists(folder / name):  # killed between a swap's two renames: the old tree goes back
                os.replace(paths.pop(), folder / name)
            for path in paths:
                _remove(path)
        for name in filenames:
            if DEBRIS_FILE.match(name):
                with contextlib.suppress(FileNotFoundError):
                    (folder / name).unlink()
        dirnames[:] = [d for d in dirnames if d not in IGNORED_PARTS and not DEBRIS_DIR.match(d)]
