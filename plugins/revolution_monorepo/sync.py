"""Copying a generated package into a monorepo: staged beside the target, then swapped in, so the
previous copy is replaced (never merged) and a failure leaves it untouched."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import threading
from collections.abc import Callable, Mapping
from fnmatch import fnmatch
from pathlib import Path
from typing import Any

from revolution_core.errors import RevolutionError
from revolution_core.models import PackageOutput, canonical_sha256
from revolution_core.outputs import discard, iter_files, staging_dir, swap_into_place

SEMVER_CORE = re.compile(r"^(\d+)\.(\d+)\.(\d+)(-[0-9A-Za-z.-]+)?")
KEPT = "node_modules"  # the monorepo's install inside the package survives a sync
POST_SYNC_PENDING = ".revolution-post-sync-failed"  # in the package directory while a post-sync must be retried
TAIL_LINES = 20


def package_files(package: PackageOutput) -> list[Path]:
    """The package's own files as the run reports them (never caches, lockfiles, `node_modules` or a local
    build the user made inside it)."""
    return [package.root / relative for relative in package.files if (package.root / relative).is_file()]


def fingerprint(package: PackageOutput, schema_hashes: Mapping[str, str]) -> str:
    """Changes whenever any zone's schema or any file of the package changes."""
    hashes = {}
    for path in package_files(package):
        relative = path.relative_to(package.root).as_posix()
        if relative != "package.json":
            hashes[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return canonical_sha256({"schemas": dict(sorted(schema_hashes.items())), "files": hashes})


def package_version(base: str | None, fallback: str | None, digest: str) -> str:
    """`<semver>+<12 hex>`: build metadata keeps `^x.y.z` ranges satisfied while the version changes."""
    for candidate in (base, fallback):
        match = SEMVER_CORE.match(candidate or "")
        if match:
            return f"{match.group(0)}+{digest[:12]}"
    return f"0.0.0+{digest[:12]}"


def package_json(source: PackageOutput, name: str | None, project_version: str | None, digest: str,
                 where: str) -> tuple[str, bytes]:
    """The generated package.json with the configured name and a schema-derived version."""
    data: dict[str, Any] = {}
    generated = source.root / "package.json"
    if generated.is_file():
        try:
            loaded = json.loads(generated.read_text(encoding="utf-8"))
            data = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            data = {}
    final_name = name or data.get("name")
    if not final_name:
        raise RevolutionError(
            f"{where}.package_name is not set and the generated package has no name; set it, "
            "e.g. package_name='@myorg/api-client'"
        )
    base = data.get("version") if isinstance(data.get("version"), str) else None
    version = package_version(base, project_version, digest)
    data = {"name": final_name, "version": version, **{k: v for k, v in data.items() if k not in {"name", "version"}}}
    return version, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def holds(target: Path, package: PackageOutput, extra: Mapping[str, bytes]) -> bool:
    """Whether `target` already holds exactly what a sync would write there, byte for byte, and nothing
    else (its `node_modules` and caches aside): then the sync copies nothing."""
    if not target.is_dir():
        return False
    expected: dict[str, Path | bytes] = {path.relative_to(package.root).as_posix(): path
                                         for path in package_files(package)}
    expected.update(extra)
    present = {path.relative_to(target).as_posix(): path for path in iter_files(target)}
    present.pop(POST_SYNC_PENDING, None)
    if set(present) != set(expected):
        return False
    for relative, source in expected.items():
        found = present[relative]
        if isinstance(source, Path):
            if found.stat().st_size != source.stat().st_size or found.read_bytes() != source.read_bytes():
                return False
        elif found.read_bytes() != source:
            return False
    return True


def mark_post_sync(target: Path, pending: bool, command: str) -> None:
    """Remember in the package directory that its post-sync command failed, so that the next run runs it
    again even though the package has not changed; forgotten once it succeeds."""
    marker = target / POST_SYNC_PENDING
    if pending:
        marker.write_text(f"{command}\n", encoding="utf-8")
    else:
        marker.unlink(missing_ok=True)


def post_sync_pending(target: Path) -> bool:
    return (target / POST_SYNC_PENDING).is_file()


def replace_dir(package: PackageOutput, target: Path, extra: Mapping[str, bytes] | None = None) -> int:
    """Copy the package's files into a staging sibling of `target`, add `extra` files, keep the target's
    node_modules, and swap it in. Returns the number of files copied."""
    tmp = staging_dir(target)
    moved = False
    try:
        count = 0
        for path in package_files(package):
            destination = tmp / path.relative_to(package.root)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, destination)
            count += 1
        for relative, data in (extra or {}).items():
            (tmp / relative).parent.mkdir(parents=True, exist_ok=True)
            (tmp / relative).write_bytes(data)
        kept = target / KEPT
        if kept.is_dir() and not kept.is_symlink() and not (tmp / KEPT).exists():
            os.replace(kept, tmp / KEPT)
            moved = True
        swap_into_place(tmp, target)
    except BaseException:
        if moved and target.is_dir() and not (target / KEPT).exists():
            os.replace(tmp / KEPT, target / KEPT)
        discard(tmp)
        raise
    return count


def workspace_warning(root: Path, relative: str) -> str | None:
    """A hint when pnpm-workspace.yaml exists but none of its globs covers the package."""
    workspace = root / "pnpm-workspace.yaml"
    if not workspace.is_file():
        return None
    import yaml

    try:
        data = yaml.safe_load(workspace.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError:
        return f"{workspace} is not valid YAML; pnpm will not see the synced package"
    patterns = [p for p in data.get("packages", []) or [] if isinstance(p, str)] if isinstance(data, dict) else []
    posix = relative.strip().strip("/").replace("\\", "/")
    included = [p for p in patterns if not p.startswith("!") and _matches(posix, p)]
    excluded = [p for p in patterns if p.startswith("!") and _matches(posix, p[1:])]
    if included and not excluded:
        return None
    return f"{posix} is not listed in {workspace.name} 'packages'; add it (e.g. 'packages/*') so pnpm links it"


def _matches(path: str, pattern: str) -> bool:
    pattern = pattern.strip().strip("/").removeprefix("./")
    return fnmatch(path, pattern) or (pattern.endswith("/**") and path.startswith(pattern[:-3] + "/"))


def run_post_sync(command: str, cwd: Path, timeout: float, log: Callable[[str], None], where: str) -> list[str]:
    """Run the user's post-sync command in the monorepo, echoing its output; raise if it fails."""
    log(f"monorepo: running `{command}` in {cwd}")
    lines: list[str] = []
    try:
        process = subprocess.Popen(command, shell=True, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   text=True, errors="replace", start_new_session=os.name == "posix")
    except OSError as exc:
        raise RevolutionError(f"{where}.post_sync_command {command!r} could not start: {exc}") from None
    assert process.stdout is not None
    stream = process.stdout

    def pump() -> None:
        for raw in stream:
            line = raw.rstrip("\n")
            lines.append(line)
            log(f"  | {line}")

    reader = threading.Thread(target=pump, daemon=True)
    reader.start()
    try:
        code = process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        if os.name == "posix":
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
        process.kill()
        process.wait()
        raise RevolutionError(
            f"{where}.post_sync_command {command!r} did not finish within {timeout:g} s and was stopped; "
            "the package itself was synced. Raise plugin_options monorepo.post_sync_timeout or fix the command."
        ) from None
    finally:
        reader.join(timeout=5)
    if code != 0:
        tail = "\n".join(lines[-TAIL_LINES:])
        raise RevolutionError(
            f"{where}.post_sync_command {command!r} failed with exit code {code} in {cwd}; the package itself "
            f"was synced. Fix the command or run it by hand. Its last output:\n{tail}"
        )
    return lines
