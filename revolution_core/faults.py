"""Filesystem faults in words: which directory, which setting points there, and what to do about it.

A raw `OSError` says `[Errno 30] Read-only file system: '/srv/app/clients/kotlin/.shop.staging-x1'`,
once per zone. Here the same fault becomes one paragraph per cause (the errno and the setting whose
directory it hit), naming the directory, the setting and the fix.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import sys
from dataclasses import dataclass, field
from pathlib import Path

from revolution_core.errors import RevolutionError

NOT_A_DIRECTORY = frozenset({errno.ENOTDIR, errno.EEXIST})
NO_SPACE = frozenset({errno.ENOSPC, errno.EDQUOT})
READ_ONLY = frozenset({errno.EROFS})
DENIED = frozenset({errno.EACCES, errno.EPERM})
EXPLAINED = NOT_A_DIRECTORY | NO_SPACE | READ_ONLY | DENIED


class OutputFault(RevolutionError):
    """A filesystem fault where the run writes. `key` identifies the cause (the same fault met by several
    zones is one cause); a setting that points at a file instead of a directory is a configuration
    mistake (exit 2), anything else is the machine's state (exit 1)."""

    def __init__(self, message: str, key: tuple[str, ...], exit_code: int = 1) -> None:
        super().__init__(message)
        self.key = key
        self.exit_code = exit_code


@dataclass(frozen=True)
class OutputDir:
    """A directory a run writes to, and the setting (or environment variable) that chooses it."""

    setting: str
    path: Path


@dataclass
class OutputDirs:
    """Every directory this run may write to, to name the setting behind a path."""

    dirs: list[OutputDir] = field(default_factory=list)

    def add(self, setting: str, path: Path) -> None:
        self.dirs.append(OutputDir(setting, Path(os.path.abspath(path))))

    def owner(self, path: Path | str) -> OutputDir | None:
        """The most specific output directory holding `path`."""
        target = Path(os.path.abspath(path))
        holding = [d for d in self.dirs if target == d.path or d.path in target.parents]
        return max(holding, key=lambda d: len(d.path.parts), default=None)


def human_size(size: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{size:.0f} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size:.1f} GiB"  # pragma: no cover - the loop always returns


def existing_ancestor(path: Path) -> Path:
    for candidate in (path, *path.parents):
        if os.path.lexists(candidate):
            return candidate
    return Path(path.anchor or "/")


def free_space(path: Path) -> int | None:
    try:
        return shutil.disk_usage(existing_ancestor(path)).free
    except OSError:
        return None


def tree_size(path: Path) -> int:
    total = 0
    for dirpath, _, filenames in os.walk(path):
        for name in filenames:
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(dirpath, name)).st_size
    return total


def describe(code: int, where: str, settings: str, need: int | None = None, free: int | None = None) -> str:
    """The cause and the fix for an errno met at `where`, the directory chosen by `settings`."""
    if code in READ_ONLY:
        return (f"{where} is on a read-only filesystem, so nothing can be written there ({settings}): remount it "
                "read-write, or point the setting at a writable directory")
    if code in NO_SPACE:
        wanted = f"; this output needs about {human_size(need)}" if need else ""
        left = f" ({human_size(free)} free)" if free is not None else ""
        return (f"no space left on the device of {where}{left}{wanted} ({settings}): free some space on that "
                "filesystem, or point the setting at another one")
    if code in DENIED:
        user = _user()
        return (f"{where} is not writable by {user} ({settings}): give that user write permission on it (e.g. "
                f"`chmod -R u+w {where}`; an immutable file or directory needs `chattr -i`), or point the setting "
                "at a writable directory")
    if code in NOT_A_DIRECTORY:
        return (f"{where} is a file, not a directory ({settings}): move the file away, or point the setting at a "
                "directory")
    return f"{where} cannot be written ({settings}): {os.strerror(code)}"


def explain(exc: OSError, dirs: OutputDirs, need: int | None = None, where: Path | None = None) -> OutputFault | None:
    """The `OSError` as an `OutputFault` when it is one of the faults we can explain and it happened
    inside one of the run's output directories (`where`: the directory being written, for an error that
    names no file, such as a failed write); else None (it stays a plugin's own error)."""
    if exc.errno not in EXPLAINED:
        return None
    paths = [p for p in (exc.filename, exc.filename2) if p] or ([str(where)] if where is not None else [])
    owners = [owner for p in paths if (owner := dirs.owner(p)) is not None]
    if not owners:
        return None
    owner = owners[0]
    at = owner.path
    if exc.errno in NOT_A_DIRECTORY:
        at = _first_file_on_the_way(Path(os.fspath(paths[0]))) or at
    free = free_space(owner.path) if exc.errno in NO_SPACE else None
    if exc.errno in NO_SPACE and need is None:
        need = tree_size(owner.path) or None
    message = describe(exc.errno or 0, str(at), f"`{owner.setting}`", need, free)
    detail = f" [{exc.strerror}: {paths[0]}]"
    code = 2 if exc.errno in NOT_A_DIRECTORY else 1
    return OutputFault(message + detail, (family(exc.errno or 0), owner.setting), code)


def family(code: int) -> str:
    for name, codes in (("read-only", READ_ONLY), ("no-space", NO_SPACE), ("denied", DENIED),
                        ("not-a-directory", NOT_A_DIRECTORY)):
        if code in codes:
            return name
    return str(code)


def _first_file_on_the_way(path: Path) -> Path | None:
    """The existing non-directory among `path`'s ancestors (or `path`): what a NotADirectoryError hit."""
    for candidate in reversed([path, *path.parents]):
        if os.path.lexists(candidate) and not candidate.is_dir():
            return candidate
    return None


def _user() -> str:
    try:
        import pwd

        return f"user {pwd.getpwuid(os.geteuid()).pw_name}"
    except (ImportError, KeyError, AttributeError):
        return "this user"


# -- what stops a tree from being deleted (a zone's previous output must be deletable to be replaced) --

FS_IOC_GETFLAGS = 0x80086601
LOCKED_FLAGS = 0x10 | 0x20  # FS_IMMUTABLE_FL | FS_APPEND_FL


def _locked(path: str) -> bool:
    """Whether the file or directory carries the immutable or append-only attribute (`chattr +i/+a`)."""
    if not sys.platform.startswith("linux"):
        return False
    import array
    import fcntl

    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOFOLLOW)
    except OSError:
        return False
    try:
        flags = array.array("i", [0])
        fcntl.ioctl(fd, FS_IOC_GETFLAGS, flags, True)
        return bool(flags[0] & LOCKED_FLAGS)
    except OSError:  # a filesystem without attributes
        return False
    finally:
        os.close(fd)


def blocker(tree: Path) -> tuple[Path, str] | None:
    """The first thing that would stop `tree` from being moved aside and deleted, with the reason, or
    None. Checked before a zone is regenerated, so a locked file never leaves half a tree behind."""
    if not tree.exists():
        return None
    if not os.access(tree.parent, os.W_OK | os.X_OK):
        return tree.parent, "its directory is not writable"
    for dirpath, dirnames, filenames in os.walk(tree):
        if _locked(dirpath):
            return Path(dirpath), "it is immutable (chattr +i) or append-only"
        if (dirnames or filenames) and not os.access(dirpath, os.W_OK | os.X_OK):
            return Path(dirpath), "it is not writable"
        for name in [*filenames, *dirnames]:
            full = os.path.join(dirpath, name)
            if name in filenames and _locked(full):
                return Path(full), "it is immutable (chattr +i) or append-only"
    return None


def blocker_message(tree: Path, found: tuple[Path, str], setting: str, shown: str) -> str:
    path, reason = found
    fix = (f"`chattr -i {path}`" if "immutable" in reason else f"`chmod u+w {path}`")
    return (f"the previous output {shown} cannot be replaced: {path} cannot be deleted ({reason}); it is kept as "
            f"it was. Run {fix} (or fix the file modes under `{setting}`), then run again")


