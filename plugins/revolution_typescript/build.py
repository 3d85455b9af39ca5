"""The package's `dist/`: JavaScript and `.d.ts` compiled during the run by the pinned TypeScript, so the
package can be imported the moment generation ends: no install-time build step (`file:`, workspace and
`link:` dependencies work as they are with npm, pnpm and yarn), and `dist/` is never older than the
sources, since both are written by the same run after the build succeeded.

The build is cached by content: `dist/.sources.json` records the SHA-256 over every file the compiler
read and the generator's version (which names the pinned TypeScript); when they are unchanged and
`dist/` is intact, no node is started. It also records one key per zone (the zone's sources, the shared
`_api/` and `_runtime/` sources it imports, tsconfig.json and the generator's version): a zone whose key
is unchanged keeps its previous dist/ files, and the compiler emits only the other zones and the
whole-run files (it still reads every source, so the emitted files are the same as a full build's).
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from revolution_core.errors import RevolutionError
from revolution_core.models import ZoneOutput, canonical_sha256

DIST = "dist"
STAMP = f"{DIST}/.sources.json"


def compiler_inputs(zones: Sequence[ZoneOutput], root: Path, rendered: Mapping[str, bytes]) -> dict[str, bytes]:
    """Every file the compiler reads: each zone's `.ts` files (from where they are now: a zone this run
    generated is still staged) and the whole-run `.ts` files and tsconfig.json."""
    files: dict[str, bytes] = {}
    for output in zones:
        folder = output.directory or root / output.relative_path
        prefix = output.relative_path.as_posix()
        for path in sorted(folder.rglob("*.ts")):
            files[f"{prefix}/{path.relative_to(folder).as_posix()}"] = path.read_bytes()
    files.update({rel: data for rel, data in rendered.items() if rel.endswith(".ts") or rel == "tsconfig.json"})
    return dict(sorted(files.items()))


def sources_key(inputs: Mapping[str, bytes], generator_version: str) -> str:
    """Changes with any source and with the generator (its pinned TypeScript and its own code)."""
    files = {rel: _sha(data) for rel, data in inputs.items()}
    return canonical_sha256({"generator": generator_version, "files": files})


def zone_keys(inputs: Mapping[str, bytes], prefixes: Sequence[str], generator_version: str) -> dict[str, str]:
    """Per zone folder: what its dist/ files are compiled from (its own sources and the shared sources in
    folders, such as `_api/` and `_runtime/`, that zone files import; not the root index, which imports
    the zones)."""
    folders = tuple(f"{prefix}/" for prefix in prefixes)
    shared = {rel: _sha(data) for rel, data in inputs.items()
              if ("/" in rel and not rel.startswith(folders)) or rel == "tsconfig.json"}
    keys = {}
    for prefix in prefixes:
        own = {rel: _sha(data) for rel, data in inputs.items() if rel.startswith(f"{prefix}/")}
        keys[prefix] = canonical_sha256({"generator": generator_version, "shared": shared, "zone": own})
    return keys


def reusable_dist(root: Path, keys: Mapping[str, str]) -> tuple[list[str], dict[str, bytes]]:
    """The zone folders whose previous dist/ files (on disk, intact, stamped with the same zone key) can be
    kept, and those files."""
    try:
        stamp = json.loads((root / STAMP).read_bytes())
    except (OSError, ValueError):
        return [], {}
    if not isinstance(stamp, dict) or not isinstance(stamp.get("files"), dict) or not isinstance(
            stamp.get("zones"), dict):
        return [], {}
    reused: list[str] = []
    files: dict[str, bytes] = {}
    for prefix, key in keys.items():
        if stamp["zones"].get(prefix) != key:
            continue
        names = [rel for rel in stamp["files"] if rel.startswith(f"{prefix}/")]
        try:
            found = {rel: (root / DIST / rel).read_bytes() for rel in names}
        except OSError:
            continue
        if not found or any(_sha(data) != stamp["files"][rel] for rel, data in found.items()):
            continue
        reused.append(prefix)
        files.update({f"{DIST}/{rel}": data for rel, data in found.items()})
    return reused, files


def cached_dist(root: Path, key: str) -> dict[str, bytes] | None:
    """The dist/ on disk with its stamp, if it was built from exactly these sources and is intact."""
    try:
        stamp_bytes = (root / STAMP).read_bytes()
        stamp = json.loads(stamp_bytes)
        if not isinstance(stamp, dict) or stamp.get("sources") != key or not isinstance(stamp.get("files"), dict):
            return None
        files = {f"{DIST}/{rel}": (root / DIST / rel).read_bytes() for rel in stamp["files"]}
    except (OSError, ValueError):
        return None
    if any(_sha(files[f"{DIST}/{rel}"]) != digest for rel, digest in stamp["files"].items()):
        return None
    return {**files, STAMP: stamp_bytes}


def compile_dist(request: Callable[[Mapping[str, Any]], Mapping[str, Any]], inputs: Mapping[str, bytes], key: str,
                 typescript: str, zones: Mapping[str, str] | None = None,
                 reused: tuple[list[str], Mapping[str, bytes]] = ([], {})) -> dict[str, bytes]:
    """Compile the sources in a scratch directory with the driver (`request` sends it one request) and
    return dist/'s files plus the stamp naming the sources they came from. `zones` are the zone keys to
    stamp; `reused` the zone folders not to emit again and their previous dist/ files."""
    folders, kept = reused
    with tempfile.TemporaryDirectory(prefix="revolution-typescript-build-") as tmp:
        folder = Path(tmp)
        for relative, data in inputs.items():
            (folder / relative).parent.mkdir(parents=True, exist_ok=True)
            (folder / relative).write_bytes(data)
        # NodeNext takes the module format from the nearest package.json: the package's says "module"
        (folder / "package.json").write_text('{"type": "module"}\n', encoding="utf-8")
        payload: dict[str, Any] = {"op": "build", "project": str(folder / "tsconfig.json")}
        if folders:
            payload["reuse"] = sorted(folders)
        reply = request(payload)
        errors = [str(error) for error in reply.get("errors", [])]
        if errors:
            shown = "\n".join(errors[:5]) + (f"\n(and {len(errors) - 5} more)" if len(errors) > 5 else "")
            raise RevolutionError(
                f"the TypeScript compiler could not build dist/ from the generated sources (typescript {typescript}):"
                f"\n{shown}\nThe previous clients are kept. This is a bug in the generated code: please report it "
                "with the zones' schemas."
            )
        out = folder / DIST
        built = {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}
    built.update({rel.removeprefix(f"{DIST}/"): data for rel, data in kept.items()})
    built = dict(sorted(built.items()))
    if not built:
        raise RevolutionError("the TypeScript compiler wrote no dist/ files; run again with --debug")
    stamp: dict[str, Any] = {"sources": key, "typescript": typescript,
                             "files": {rel: _sha(data) for rel, data in built.items()}}
    if zones:
        stamp["zones"] = dict(sorted(zones.items()))
    files = {f"{DIST}/{rel}": data for rel, data in built.items()}
    files[STAMP] = (json.dumps(stamp, indent=2, sort_keys=True) + "\n").encode("utf-8")
    return files


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()
