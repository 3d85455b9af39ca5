"""Before the first write: every directory the run will write to must be a directory (or creatable) and
writable, with room for a file. A read-only, full or misdirected output fails here, once per cause,
before any schema or client is produced, instead of once per zone halfway through."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from revolution_core.faults import (
    NO_SPACE,
    NOT_A_DIRECTORY,
    READ_ONLY,
    OutputDir,
    OutputDirs,
    OutputFault,
    describe,
    existing_ancestor,
    family,
    free_space,
    tree_size,
)

if TYPE_CHECKING:
    from revolution_core.config import RevolutionConfig
    from revolution_core.stages import RunContext, StagePlugin

PROBE_PREFIX = ".revolution-probe-"
PROBE_BYTES = 4096  # a full disk refuses a page, not an empty file


def probe(path: Path) -> tuple[int, Path] | None:
    """None when a file can be written in `path` (or in its nearest existing ancestor, where the run will
    create it); else the errno and the path at fault. Writes and removes one small hidden file."""
    if os.path.lexists(path) and not path.is_dir():
        return errno.ENOTDIR, path
    where = existing_ancestor(path)
    if not where.is_dir():
        return errno.ENOTDIR, where
    try:
        fd, name = tempfile.mkstemp(prefix=PROBE_PREFIX, dir=where)
    except OSError as exc:
        return exc.errno or errno.EIO, where
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(b"\0" * PROBE_BYTES)
    except OSError as exc:
        return exc.errno or errno.EIO, where
    finally:
        with contextlib.suppress(OSError):
            os.unlink(name)
    return None


def output_dirs(config: RevolutionConfig, plugins: Mapping[tuple[str, str], StagePlugin],
                ctx: RunContext, lock: bool = True) -> OutputDirs:
    """Every directory a run writes to, with the setting that chooses it: the project root (its lock
    file, unless the run takes no lock), the schemas directory, each generator's root below the clients
    directory, and what each of the run's `plugins` ((stage, name) -> instance) declares in `output_dirs()`."""
    dirs = OutputDirs()
    if lock:
        dirs.add("project_root", config.project_root)
    dirs.add("output.schemas_dir", config.schemas_dir)
    for (stage, name), plugin in plugins.items():
        if stage == "generators":
            dirs.add("output.clients_dir", config.clients_dir / name)
        for setting, path in plugin.output_dirs(ctx).items():
            dirs.add(setting, path)
    return dirs


def check_outputs(dirs: OutputDirs, shown: Path | None = None) -> None:
    """Raise one `OutputFault` listing every cause (a cause shared by several settings, such as a read-only
    project root, is one paragraph naming them all). `shown`: paths are printed relative to it."""
    found: dict[tuple[str, int | str], list[tuple[OutputDir, Path, int]]] = defaultdict(list)
    seen: set[Path] = set()
    for output in dirs.dirs:
        if output.path in seen:
            continue
        seen.add(output.path)
        fault = probe(output.path)
        if fault is None:
            continue
        code, where = fault
        # a read-only or full filesystem is one cause for every directory on it; anything else is per directory
        place = _device(where) if code in READ_ONLY | NO_SPACE else str(where)
        found[(family(code), place)].append((output, where, code))
    if not found:
        return
    paragraphs = []
    for faults in found.values():
        code = faults[0][2]
        wheres = [where for _, where, _ in faults]
        where = Path(os.path.commonpath(wheres)) if len(wheres) > 1 else wheres[0]
        settings = ", ".join(f"`{output.setting}` ({_show(output.path, shown)})" for output, _, _ in faults)
        need = sum(tree_size(output.path) for output, _, _ in faults) if code in NO_SPACE else None
        free = free_space(where) if code in NO_SPACE else None
        paragraphs.append(describe(code, _show(where, shown), settings, need or None, free))
    all_misdirected = all(faults[0][2] in NOT_A_DIRECTORY for faults in found.values())
    lines = "\n".join(f"  - {p}" for p in paragraphs)
    raise OutputFault(
        f"The run cannot write its output, so it did not start (nothing was changed):\n{lines}",
        tuple(sorted(f"{kind}:{place}" for kind, place in found)),
        2 if all_misdirected else 1,
    )


def _device(path: Path) -> int:
    try:
        return os.stat(path).st_dev
    except OSError:
        return -1


def _show(path: Path, base: Path | None) -> str:
    if base is not None:
        with contextlib.suppress(ValueError):
            relative = path.relative_to(base)
            return relative.as_posix() if relative.parts else str(path)
    return str(path)
