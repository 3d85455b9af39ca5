"""Make zones share one client runtime.

openapi-ts bundles its HTTP client runtime (`client/` and `core/`, ~50 KB) into every output. The
copies are identical for a given client, so each zone's copy is removed and its imports are pointed at
the single copy under `clients/typescript/_runtime/` (zone names are slugs starting with a letter, so
`_runtime` never collides with a zone).
"""

from __future__ import annotations

import posixpath
import re
import shutil
from functools import partial
from pathlib import Path, PurePosixPath

RUNTIME_DIR = "_runtime"
RUNTIME_PARTS = ("client", "core")
SPECIFIER = re.compile(r"""(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}/[^'"]+)\2""")


def take_runtime(zone_dir: Path) -> dict[str, bytes]:
    """Remove the bundled runtime from a zone's output and return it as {path under _runtime: bytes}."""
    files: dict[str, bytes] = {}
    for part in RUNTIME_PARTS:
        folder = zone_dir / part
        if not folder.is_dir():
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                files[path.relative_to(zone_dir).as_posix()] = path.read_bytes()
        shutil.rmtree(folder)
    return files


def point_at_shared_runtime(zone_dir: Path, zone_path: PurePosixPath) -> None:
    """Rewrite relative imports of `./client/...` or `./core/...` in a zone's files to `_runtime`."""
    for path in sorted(zone_dir.rglob("*.ts")):
        rel = PurePosixPath(path.relative_to(zone_dir).as_posix())
        text = path.read_text(encoding="utf-8")
        rewritten = SPECIFIER.sub(partial(_rewrite, file=rel, zone_path=zone_path), text)
        if rewritten != text:
            path.write_text(rewritten, encoding="utf-8")


def _rewrite(match: re.Match[str], file: PurePosixPath, zone_path: PurePosixPath) -> str:
    prefix, quote, specifier = match.groups()
    inside = posixpath.normpath(posixpath.join(str(file.parent), specifier))
    if inside.split("/", 1)[0] not in RUNTIME_PARTS:
        return match.group(0)
    # from the file (inside the zone, inside the generator root) up to the root, then into _runtime
    depth = len(zone_path.parts) + len(file.parent.parts)
    target = "../" * depth + f"{RUNTIME_DIR}/{inside}"
    return f"{prefix}{quote}{target}{quote}"
