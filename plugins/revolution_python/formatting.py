"""Generated Python that passes `ruff check` and `ruff format --check` with ruff's default settings.

Every generated `.py` file goes through `ruff check --fix` then `ruff format` (and the README's Python
examples through `ruff format`), with `--isolated` so no configuration around the output applies, and
the package's own Python version as the target (a user's ruff infers the same one from the generated
pyproject.toml). A batch of files costs two ruff processes; results are cached by content (file bytes,
ruff's version and these settings) under the user's cache directory, so the whole-run files, rendered on
every run, reach ruff only when they change.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from collections.abc import Mapping
from functools import cache
from pathlib import Path

from revolution_core.errors import RevolutionError

CACHE_ENV = "REVOLUTION_FORMAT_CACHE"
CACHE_LIMIT = 2000  # entries kept; the oldest go first
LINTED = (".py",)
FORMATTED = (".py", ".md")


@cache
def ruff() -> tuple[str, str]:
    """The ruff executable installed with this distribution, and its version (part of cache keys)."""
    try:
        from importlib.metadata import version

        from ruff.__main__ import find_ruff_bin  # type: ignore[import-untyped]

        return os.fsdecode(find_ruff_bin()), version("ruff")
    except (ImportError, FileNotFoundError) as exc:
        raise RevolutionError(
            f"python generator: ruff, which formats the generated code, is not installed ({exc}); reinstall "
            "drf-revolution (ruff is one of its dependencies), or set plugin_options.python.formatter to "
            "'builtin' to skip formatting"
        ) from None


def cache_dir() -> Path:
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "revolution" / "python-format"


def format_files(files: Mapping[str, bytes], python: str) -> dict[str, bytes]:
    """`files` (relative path -> bytes) with every Python file linted, fixed and formatted; others as given.
    `python` is the target version, e.g. "3.11"."""
    executable, ruff_version = ruff()
    settings = f"ruff {ruff_version} py{python.replace('.', '')} check --fix; format"
    keys = {rel: _key(settings, rel, data) for rel, data in files.items() if rel.endswith(FORMATTED)}
    out = dict(files)
    folder = cache_dir()
    missing = {}
    for rel, key in keys.items():
        try:
            out[rel] = (folder / key).read_bytes()
        except OSError:
            missing[rel] = files[rel]
    if missing:
        formatted = _run_ruff(executable, missing, python)
        for rel, data in formatted.items():
            out[rel] = data
            _remember(folder, keys[rel], data)
    return out


def _key(settings: str, rel: str, data: bytes) -> str:
    suffix = Path(rel).suffix
    return hashlib.sha256(f"{settings}\0{suffix}\0".encode() + data).hexdigest()


def _run_ruff(executable: str, files: Mapping[str, bytes], python: str) -> dict[str, bytes]:
    """One `ruff check --fix` and one `ruff format` over all `files`, in a scratch directory."""
    target = f"py{python.replace('.', '')}"
    with tempfile.TemporaryDirectory(prefix="revolution-python-format-") as tmp:
        folder = Path(tmp)
        for rel, data in files.items():
            (folder / rel).parent.mkdir(parents=True, exist_ok=True)
            (folder / rel).write_bytes(data)
        linted = sorted(rel for rel in files if rel.endswith(LINTED))
        formatted = sorted(rel for rel in files if rel.endswith(FORMATTED))
        common = ["--isolated", "--no-cache", "--quiet", "--target-version", target]
        if linted:
            _call([executable, "check", "--fix-only", "--exit-zero", *common, "--", *linted], folder)
        if formatted:
            _call([executable, "format", *common, "--", *formatted], folder)
        return {rel: (folder / rel).read_bytes() for rel in files}


def _call(command: list[str], cwd: Path) -> None:
    done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RevolutionError(
            f"python generator: `ruff {command[1]}` failed on the generated code (exit {done.returncode}): "
            f"{(done.stderr or done.stdout).strip()[-800:]}. This is a bug in the generated code; set "
            "plugin_options.python.formatter to 'builtin' to skip ruff meanwhile"
        )


def _remember(folder: Path, key: str, data: bytes) -> None:
    """Keep a result (atomically: concurrent runs may share the cache); prune the oldest past the limit."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, folder / key)
        entries = [p for p in folder.iterdir() if not p.name.startswith(".")]
        if len(entries) > CACHE_LIMIT:
            for old in sorted(entries, key=lambda p: p.stat().st_mtime)[: len(entries) - CACHE_LIMIT]:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a cache that cannot be written only costs the next run a ruff call
