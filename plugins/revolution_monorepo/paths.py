"""Where a sync may write: only inside the configured package directory of an existing monorepo.

Every check runs before anything is written, so a refused target leaves the disk untouched.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath, PureWindowsPath

from revolution_core.errors import RevolutionError
from revolution_core.packaging import npm_name_problem


def monorepo_root(path: Path, project_root: Path, where: str) -> Path:
    """The monorepo directory, resolved; it must already exist (revolution never creates it)."""
    root = path if path.is_absolute() else project_root / path
    if not root.is_dir():
        raise RevolutionError(
            f"{where}.path: the monorepo directory {root} does not exist (or is not a directory); "
            "revolution never creates it. Fix the path in your monorepo settings, or create/clone the "
            "monorepo first."
        )
    return root.resolve()


def package_dir(root: Path, relative: str, where: str) -> Path:
    """`root / relative`, refused unless it stays strictly inside `root` once symlinks are followed."""
    text = relative.strip()
    windows = PureWindowsPath(text)
    posix = PurePosixPath(text.replace("\\", "/"))
    if not text or posix.is_absolute() or windows.is_absolute() or windows.drive or text.startswith("~"):
        raise RevolutionError(
            f"{where}: {relative!r} must be a path relative to the monorepo (e.g. 'packages/api'), "
            "not absolute; revolution only writes inside the monorepo."
        )
    if ".." in posix.parts:
        raise RevolutionError(
            f"{where}: {relative!r} contains '..'; the package directory must stay inside the monorepo "
            "(e.g. 'packages/api')."
        )
    parts = [part for part in posix.parts if part not in {"", "."}]
    if not parts:
        raise RevolutionError(
            f"{where}: {relative!r} names the monorepo root itself; give the package its own directory "
            "(e.g. 'packages/api'), since the sync replaces that directory's whole contents."
        )
    target = root.joinpath(*parts)
    resolved = target.resolve()
    if resolved == root or not resolved.is_relative_to(root):
        link = next((p for p in [target, *target.parents] if p.is_symlink()), target)
        raise RevolutionError(
            f"{where}: {relative!r} leads outside the monorepo {root} through the symlink {link} "
            f"(-> {resolved}); revolution refuses to write there. Point it at a real directory inside "
            "the monorepo, or remove the symlink."
        )
    if resolved.exists() and not resolved.is_dir():
        raise RevolutionError(f"{where}: {resolved} exists and is not a directory; remove it or pick another path.")
    return resolved


def check_npm_name(name: str, where: str) -> str:
    problem = npm_name_problem(name)
    if problem:
        raise RevolutionError(f"{where}: {problem}.")
    return name


def overlaps(a: Path, b: Path) -> bool:
    return a == b or a.is_relative_to(b) or b.is_relative_to(a)
