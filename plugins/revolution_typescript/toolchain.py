"""The pinned node toolchain: find node and npm, check their versions, `npm ci` the shipped lockfile
into a cache directory once (atomically), and run the driver script there.

Nothing is installed globally and nothing is resolved at run time: the lockfile inside this package
decides every version, so the same plugin version always generates the same code.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from revolution_core import interrupts
from revolution_core.errors import RevolutionError
from revolution_core.interrupts import run_process
from revolution_core.outputs import write_bytes_atomic

NODE_DIR = Path(__file__).parent / "node"
LOCKFILE = NODE_DIR / "package-lock.json"
DRIVER = NODE_DIR / "driver.mjs"
MIN_NODE = (20, 0)
MIN_NPM = (8, 0)
NODE_ENV = "REVOLUTION_NODE"
CACHE_ENV = "REVOLUTION_NODE_CACHE"
MARKER = ".revolution-complete"
INSTALL_HINT = (
    "Install Node.js 20 or newer (22 LTS recommended) with npm from https://nodejs.org/ or a version "
    "manager (e.g. `nvm install 22`), or point the generator at an existing one with the environment "
    f"variable {NODE_ENV}=/path/to/node or plugin_options.typescript.node"
)


def pinned_versions() -> dict[str, str]:
    """Exact versions of the top-level packages, read from the shipped lockfile."""
    lock = json.loads(LOCKFILE.read_text(encoding="utf-8"))
    packages = lock.get("packages", {})
    wanted = packages.get("", {}).get("dependencies", {})
    return {name: packages.get(f"node_modules/{name}", {}).get("version", spec) for name, spec in wanted.items()}


def _version(text: str) -> tuple[int, ...]:
    match = re.search(r"(\d+)\.(\d+)(?:\.(\d+))?", text)
    return tuple(int(part or 0) for part in match.groups()) if match else ()


def _probe(executable: str, what: str) -> str:
    try:
        done = run_process([executable, "--version"], timeout=60)
    except OSError as exc:
        raise RevolutionError(
            f"The typescript generator could not run {what} ({executable}): {exc}. {INSTALL_HINT}."
        ) from None
    if done.returncode != 0:
        raise RevolutionError(
            f"The typescript generator could not run `{executable} --version` (exit {done.returncode}): "
            f"{(done.stderr or done.stdout).strip()[:300]}. {INSTALL_HINT}."
        )
    return done.stdout.strip()


def find_node(explicit: str | None = None) -> str:
    """The node executable: option, then env REVOLUTION_NODE, then PATH; a clear error if none works."""
    chosen = explicit or os.environ.get(NODE_ENV)
    found = shutil.which(chosen) if chosen else shutil.which("node")
    if not found:
        where = f"'{chosen}' (from {'plugin_options.typescript.node' if explicit else NODE_ENV}) was not found" \
            if chosen else "no `node` executable is on PATH"
        raise RevolutionError(f"The typescript generator needs Node.js, but {where}. {INSTALL_HINT}.")
    version = _probe(found, "node")
    if _version(version)[:2] < MIN_NODE:
        raise RevolutionError(
            f"The typescript generator needs Node.js >= {MIN_NODE[0]}.{MIN_NODE[1]}, but {found} is {version}. "
            f"{INSTALL_HINT}."
        )
    return found


def find_npm(node: str) -> str:
    """npm beside the chosen node first (a version manager's pair), else on PATH."""
    beside = Path(node).parent / "npm"
    npm = str(beside) if beside.is_file() else shutil.which("npm")
    if not npm:
        raise RevolutionError(
            "The typescript generator installs its pinned toolchain with npm, but no `npm` executable was found "
            f"(it ships with Node.js). {INSTALL_HINT}."
        )
    version = _probe(npm, "npm")
    if _version(version)[:2] < MIN_NPM:
        raise RevolutionError(
            f"The typescript generator needs npm >= {MIN_NPM[0]}, but {npm} is {version}; upgrade it with "
            "`npm install -g npm@latest` or install a newer Node.js."
        )
    return npm


def cache_root(option: str | None = None) -> Path:
    if option:
        return Path(option).expanduser()
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV]).expanduser()
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "revolution" / "node"


@dataclass(frozen=True)
class Toolchain:
    """An installed toolchain directory and the node that runs it."""

    node: str
    directory: Path

    @property
    def tsc(self) -> Path:
        return self.directory / "node_modules" / "typescript" / "bin" / "tsc"

    def keep_runtime(self, client: str, files: Mapping[str, bytes]) -> None:
        """Keep the HTTP client runtime openapi-ts bundled into a zone: it depends only on the toolchain
        and the client, so the package's `_runtime/` can be written later without regenerating a zone."""
        folder = self.directory / f"runtime-{client}"
        for relative, data in sorted(files.items()):
            write_bytes_atomic(folder / relative, data)

    def start_driver(self, heap_mb: int | None = None) -> Driver:
        """A node process running `node/driver.mjs` (openapi-ts for zones, or the dist/ build); `heap_mb` caps
        V8's old space (see `heap_limit`)."""
        return Driver(self.node, self.directory, heap_mb)


# openapi-ts holds one zone's intermediate representation at a time (zones go one by one, garbage collected
# in between): its live heap grows with the largest schema, about 100 bytes per byte of schema JSON (1,000
# models: a 3.4 MB schema needs more than 300 MB and less than 380 MB). Left to itself, V8 sizes its heap
# from the machine's memory and lets garbage pile up (1,000 models: 630 MB); a cap with some room above what
# is live keeps it collecting without thrashing. A schema that needs more than the cap costs a second
# attempt without it (`Driver.out_of_memory`): that is a whole openapi-ts pass, hence the room.
MIN_HEAP_MB = 96
HEAP_BYTES_PER_SCHEMA_BYTE = 128


def heap_limit(largest_schema_bytes: int) -> int:
    """The old-space cap (MB) for generating zones whose largest schema JSON has this size."""
    return max(MIN_HEAP_MB, 64 + largest_schema_bytes * HEAP_BYTES_PER_SCHEMA_BYTE // (1 << 20))


REPLY = "REVOLUTION-REPLY "


class Driver:
    """One node process running `driver.mjs`: a JSON request per line on stdin, a reply line on stdout.
    Its stderr goes to a temporary file (no pipe to fill up); `close()` ends it (closing stdin)."""

    def __init__(self, node: str, directory: Path, heap_mb: int | None = None) -> None:
        self._stderr = tempfile.TemporaryFile()  # noqa: SIM115 - lives as long as the process; close() ends both
        self.heap_mb = heap_mb
        cap = [f"--max-old-space-size={heap_mb}"] if heap_mb else []
        interrupts.check()
        self.process = subprocess.Popen(  # its own process group: stopped with the run on Ctrl-C
            [node, "--expose-gc", *cap, str(DRIVER), str(directory)],  # gc between zones: see node/generate.mjs
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr, text=True, encoding="utf-8",
            process_group=0,
        )
        interrupts.track(self.process)

    def request(self, payload: Mapping[str, object]) -> dict[str, object]:
        """Send one request and wait for its reply; a dead process raises with its exit code and stderr."""
        process = self.process
        assert process.stdin is not None and process.stdout is not None
        try:
            process.stdin.write(json.dumps(payload) + "\n")
            process.stdin.flush()
            for line in process.stdout:
                if line.startswith(REPLY):
                    reply = json.loads(line[len(REPLY):])
                    if "error" in reply:
                        raise DriverFailed(f"node driver.mjs failed: {str(reply['error'])[:1500]}")
                    return dict(reply)
        except (BrokenPipeError, ValueError):
            pass
        code = process.wait()
        interrupts.check()  # stopped by an interruption: not the tool's failure
        raise DriverFailed(f"node exited with code {code} before answering: {self.stderr_tail() or 'no output'}")

    def out_of_memory(self) -> bool:
        """Whether the process died because V8 reached its heap limit."""
        self._stderr.seek(0)
        text = self._stderr.read().decode("utf-8", "replace")
        return "heap out of memory" in text or "Reached heap limit" in text

    def stderr_tail(self, limit: int = 800) -> str:
        self._stderr.seek(0)
        return self._stderr.read().decode("utf-8", "replace").strip()[-limit:]

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def close(self) -> None:
        if self.process.stdin is not None and not self.process.stdin.closed:
            with contextlib.suppress(OSError):
                self.process.stdin.close()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        interrupts.untrack(self.process)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._stderr.close()


class DriverFailed(RevolutionError):
    """The node process failed outside a zone (a crash, a broken toolchain)."""


def ensure_toolchain(node_option: str | None = None, cache_option: str | None = None,
                     log: Callable[[str], None] | None = None) -> Toolchain:
    """Install the pinned packages on first use (telling `log` first); later calls (and offline runs)
    reuse the directory."""
    node = find_node(node_option)
    return Toolchain(node, ensure_installed(NODE_DIR, cache_root(cache_option), node, log))


def install_note(target: Path) -> str:
    pins = ", ".join(f"{name} {version}" for name, version in sorted(pinned_versions().items()))
    return f"typescript: installing the TypeScript toolchain (first use, once): {pins} with npm ci into {target}"


def kept_runtime(client: str, cache_option: str | None = None) -> dict[str, bytes] | None:
    """The runtime `Toolchain.keep_runtime` kept for the pinned toolchain, if any (no install, no node)."""
    folder = cache_root(cache_option) / lock_digest(NODE_DIR) / f"runtime-{client}"
    if not folder.is_dir():
        return None
    files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}
    return {k: v for k, v in files.items() if not k.rsplit("/", 1)[-1].startswith(".")} or None


def lock_digest(source: Path) -> str:
    return hashlib.sha256((source / "package-lock.json").read_bytes()).hexdigest()[:16]


def ensure_installed(source: Path, root: Path, node: str, log: Callable[[str], None] | None = None) -> Path:
    """`npm ci` of `source`'s package.json + package-lock.json into `root/<lockfile hash>`, once; `log`
    hears about an install before it starts (it takes a while). An install is used only once verified
    (marker and the pinned packages in place): a damaged one is installed again, and what interrupted
    installs left behind is removed."""
    target = root / lock_digest(source)
    problem = verify_install(source, target)
    if problem is None and not any(root.glob(".*.installing-*")):
        return target
    from filelock import FileLock

    try:
        root.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise RevolutionError(
            f"The typescript generator cannot create its toolchain cache {root}: {exc}. Choose a writable "
            f"directory with {CACHE_ENV}=... or plugin_options.typescript.node_cache_dir."
        ) from None
    with FileLock(str(root / f"{target.name}.lock")):
        remove_stale_installs(root, target.name)
        problem = verify_install(source, target)
        if problem is not None:
            npm = find_npm(node)
            if log is not None:
                if target.exists():
                    log(f"typescript: the toolchain in {target} is incomplete ({problem}); installing it again")
                log(install_note(target) if source == NODE_DIR else f"installing {source.name} (npm ci) into {target}")
            _install(npm, source, root, target)
    return target


def verify_install(source: Path, target: Path) -> str | None:
    """None when `target` holds a finished install of the pinned packages; else what is wrong."""
    if not (target / MARKER).is_file():
        return "no completion marker" if target.exists() else "not installed"
    lock = json.loads((source / "package-lock.json").read_text(encoding="utf-8"))
    packages = lock.get("packages", {})
    for name in packages.get("", {}).get("dependencies", {}):
        pinned = packages.get(f"node_modules/{name}", {}).get("version")
        manifest = target / "node_modules" / name / "package.json"
        try:
            installed = json.loads(manifest.read_text(encoding="utf-8")).get("version")
        except (OSError, ValueError):
            return f"{name} is missing"
        if pinned and installed != pinned:
            return f"{name} is {installed}, pinned {pinned}"
    return None


def needs_install(cache_option: str | None = None) -> bool:
    """Whether the next run installs the toolchain (and so writes to its cache directory)."""
    return verify_install(NODE_DIR, cache_root(cache_option) / lock_digest(NODE_DIR)) is not None


def tidy_cache(cache_option: str | None = None) -> None:
    """Remove what killed installs left in the cache, if anything (one directory listing otherwise)."""
    root = cache_root(cache_option)
    if root.is_dir() and any(root.glob(".*.installing-*")):
        remove_stale_installs(root, "")


def remove_stale_installs(root: Path, current: str) -> None:
    """Delete `.<hash>.installing-*` directories left by installs that were killed: the current hash's (we
    hold its lock) and any other hash's whose lock is free (no install of it is running)."""
    from filelock import FileLock, Timeout

    for leftover in sorted(root.glob(".*.installing-*")):
        digest = leftover.name[1:].split(".installing-", 1)[0]
        if digest == current:
            shutil.rmtree(leftover, ignore_errors=True)
            continue
        lock = FileLock(str(root / f"{digest}.lock"))
        try:
            lock.acquire(timeout=0)
        except Timeout:
            continue  # another process is installing it right now
        try:
            shutil.rmtree(leftover, ignore_errors=True)
        finally:
            lock.release()


def _install(npm: str, source: Path, root: Path, target: Path) -> None:
    """`npm ci` into a temporary sibling, then one rename: a half-finished install is never used. On
    Ctrl-C, npm's process group is stopped and the sibling removed."""
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.installing-", dir=root))
    try:
        for name in ("package.json", "package-lock.json"):
            shutil.copyfile(source / name, staging / name)
        done = run_process(
            [npm, "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--engine-strict=false", "--loglevel=error"],
            cwd=staging,
        )
        if done.returncode != 0:
            raise RevolutionError(
                f"The typescript generator could not install its pinned toolchain (@hey-api/openapi-ts) with "
                f"`npm ci` into {target}: {npm_error_summary(done.stderr or done.stdout)}. Check that the npm "
                "registry is reachable (proxy settings in ~/.npmrc) for this first run; later runs work offline "
                "from the cache."
            )
        (staging / MARKER).write_text(source.name + "\n", encoding="utf-8")
        if target.exists():  # a leftover without marker, or a damaged install
            shutil.rmtree(target)
        os.replace(staging, target)
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def npm_error_summary(output: str, limit: int = 800) -> str:
    """npm's error report without its JavaScript stack and object dumps: the error code and message come
    first (they used to be cut off, with only the last 800 characters of the stack shown), then the log."""
    kept: list[str] = []
    dump = False
    for raw in output.splitlines():
        line = raw.strip()
        for prefix in ("npm error", "npm ERR!"):
            if line.startswith(prefix):
                line = line[len(prefix):].strip()
        if dump:
            dump = line != "}"
            continue
        if line.endswith("{"):  # `FetchError: ... at ... {` opens a dump of the error object
            dump = True
            line = line[:-1].strip()
        if line and not line.startswith("at ") and not line.startswith("npm warn"):
            kept.append(line)
    text = "; ".join(kept) or output.strip()
    if len(text) > limit:
        log = f" {kept[-1]}" if kept[-1].startswith("A complete log") else ""
        text = text[: limit - 1].rstrip() + "…" + log
    return text
