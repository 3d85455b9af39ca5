"""Benchmark: our pipeline against the raw tools run the usual way and against the in-process floor.

    .venv/bin/python benchmarks/run.py                 # N = 10, 50, 200 and example_project, 3 runs each
    .venv/bin/python benchmarks/run.py --sizes 10 --repeat 1 --no-example

For each project it times (medians over --repeat runs):
  ours cold    `revolution run` from empty outputs: schemas, TypeScript + Python clients, archives
  ours no-op   the same again with nothing changed
  ours change  one zone's schema changed (the report must show only that zone's generators ran)
  raw          per zone: `manage.py spectacular --file`, the `openapi-ts` CLI, the `datamodel-codegen` CLI
  floor        one Django process for all schemas + one openapi-ts process (array config) +
               one process running datamodel-code-generator's generate() for all zones
  sync no-op   (synthetic projects) a run with a monorepo target and nothing changed: files the sync
               rewrote in the monorepo and times its post-sync command ran (both must be 0)
  ruff cost    (synthetic projects) the Python generator's time (its steps in the run report, a fresh
               process each: imports included) with formatter "ruff" against "builtin"
and writes the markdown table to docs/performance.md. Memory is the peak RSS of the largest process.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MEASURE = (
    "import json, resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)\n"
    "seconds = time.perf_counter() - start\n"
    "rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "print(json.dumps({'seconds': seconds, 'rss_kb': rss, 'code': code.returncode, 'stderr': code.stderr[-2000:]}))\n"
)


@dataclass
class Project:
    label: str
    directory: Path
    zones: dict[str, tuple[list[str], list[str]]]  # zone -> (apps, generators)
    env: dict[str, str]
    output_root: Path


def measure(cmd: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    done = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, env=env, capture_output=True, text=True)
    result = json.loads(done.stdout)
    if result["code"] != 0:
        raise SystemExit(f"benchmark command failed ({' '.join(cmd)}):\n{result['stderr']}")
    return result["seconds"], result["rss_kb"]


def toolchain_dir() -> Path:
    from revolution_typescript.toolchain import ensure_toolchain

    return ensure_toolchain().directory


def write_urlconfs(project: Project, where: Path) -> None:
    where.mkdir(parents=True, exist_ok=True)
    for zone, (apps, _) in project.zones.items():
        includes = ", ".join(f'path("api/{zone}/", include("{app}.urls"))' for app in apps)
        (where / f"bench_urls_{zone}.py").write_text(
            f"from django.urls import include, path\n\nurlpatterns = [{includes}]\n"
        )


def ours(project: Project, args: list[str]) -> tuple[float, int]:
    return measure([str(BIN / "revolution"), "run", "-q", *args], project.directory, project.env)


def raw(project: Project, work: Path, node_modules: Path) -> float:
    """What a hand-rolled script does: three CLI launches per zone."""
    total = 0.0
    env = project.env | {"PYTHONPATH": os.pathsep.join([str(work / "urlconfs"), project.env.get("PYTHONPATH", "")])}
    for zone, (_, generators) in project.zones.items():
        schema = work / "raw" / f"{zone}.yaml"
        schema.parent.mkdir(parents=True, exist_ok=True)
        total += measure(
            [sys.executable, "manage.py", "spectacular", "--urlconf", f"bench_urls_{zone}", "--file", str(schema)],
            project.directory,
            env,
        )[0]
        if "typescript" in generators:
            total += measure(
                [
                    str(node_modules / ".bin" / "openapi-ts"),
                    "-i",
                    f"./raw/{zone}.yaml",
                    "-o",
                    f"./raw/ts/{zone}",
                    "-c",
                    "@hey-api/client-fetch",
                ],
                work,
                env,
            )[0]
        if "python" in generators:
            total += measure(
                [
                    str(BIN / "datamodel-codegen"),
                    "--input",
                    str(schema),
                    "--input-file-type",
                    "openapi",
                    "--output",
                    str(work / "raw" / f"{zone}_models.py"),
                    "--output-model-type",
                    "pydantic_v2.BaseModel",
                    "--disable-timestamp",
                ],
                work,
                env,
            )[0]
    return total


FLOOR_SCHEMAS = textwrap.dedent("""\
    import sys, django, yaml
    django.setup()
    from drf_spectacular.generators import SchemaGenerator
    for zone in sys.argv[2:]:
        schema = SchemaGenerator(urlconf=f"bench_urls_{zone}").get_schema(request=None, public=True)
        with open(f"{sys.argv[1]}/{zone}.yaml", "w") as handle:
            yaml.dump(schema, handle, Dumper=yaml.CSafeDumper, sort_keys=False)
""")
FLOOR_MODELS = textwrap.dedent("""\
    import sys
    from pathlib import Path
    from datamodel_code_generator import DataModelType, InputFileType, generate
    for zone in sys.argv[2:]:
        generate(Path(f"{sys.argv[1]}/{zone}.yaml").read_text(), input_file_type=InputFileType.OpenAPI,
                 output=Path(f"{sys.argv[1]}/{zone}_models.py"), output_model_type=DataModelType.PydanticV2BaseModel,
                 disable_timestamp=True)
""")


def floor(project: Project, work: Path, node_modules: Path) -> tuple[float, float]:
    """The same work in as few processes as possible. Returns (total, schema step alone)."""
    out = work / "floor"
    out.mkdir(parents=True, exist_ok=True)
    env = project.env | {"PYTHONPATH": os.pathsep.join([str(work / "urlconfs"), project.env.get("PYTHONPATH", "")])}
    zones = list(project.zones)
    schemas = measure([sys.executable, "-c", FLOOR_SCHEMAS, str(out), *zones], project.directory, env)[0]
    ts_zones = [z for z, (_, g) in project.zones.items() if "typescript" in g]
    py_zones = [z for z, (_, g) in project.zones.items() if "python" in g]
    configs = ", ".join(
        f"{{ input: './{z}.yaml', output: './ts/{z}', plugins: ['@hey-api/client-fetch'] }}" for z in ts_zones
    )
    (out / "openapi-ts.config.mjs").write_text(f"export default [{configs}];\n")
    typescript = measure([str(node_modules / ".bin" / "openapi-ts")], out, env)[0] if ts_zones else 0.0
    python = measure([sys.executable, "-c", FLOOR_MODELS, str(out), *py_zones], out, env)[0]
    return schemas + typescript + python, schemas


def clean_outputs(project: Project) -> None:
    for name in ("openapi", "clients"):
        shutil.rmtree(project.output_root / name, ignore_errors=True)


def bench(project: Project, repeat: int, node_modules: Path) -> dict[str, float]:
    results: dict[str, list[float]] = {
        k: [] for k in ("cold", "noop", "change", "raw", "floor", "floor_schemas", "rss")
    }
    with tempfile.TemporaryDirectory(prefix="revolution-bench-") as tmp:
        work = Path(tmp)
        write_urlconfs(project, work / "urlconfs")
        for attempt in range(repeat):
            clean_outputs(project)
            seconds, rss = ours(project, [])
            results["cold"].append(seconds)
            results["rss"].append(rss / 1024)
            results["noop"].append(ours(project, [])[0])
            if project.label.startswith("N="):
                synth.change_one_zone(project.directory, f"{time.time_ns()}-{attempt}")
                results["change"].append(ours(project, [])[0])
                check_only_changed_zone_ran(project)
            results["raw"].append(raw(project, work, node_modules))
            total, schemas = floor(project, work, node_modules)
            results["floor"].append(total)
            results["floor_schemas"].append(schemas)
        medians = {key: statistics.median(values) if values else float("nan") for key, values in results.items()}
        if project.label.startswith("N="):
            medians |= bench_sync(project, work, repeat)
            medians |= bench_ruff(project, repeat)
    return medians


def bench_sync(project: Project, work: Path, repeat: int) -> dict[str, float]:
    """A monorepo target with a post-sync command: sync once, then time no-op runs and count what they did
    in the monorepo (files rewritten: a new inode or mtime; post-sync command runs: lines it logged)."""
    mono = work / "mono"
    (mono / "packages").mkdir(parents=True, exist_ok=True)
    (mono / "pnpm-workspace.yaml").write_text("packages:\n  - 'packages/*'\n")
    env = project.env | {"BENCH_MONOREPO": str(mono)}
    synced = dataclasses.replace(project, env=env)
    ours(synced, [])  # the first sync: copies the package, runs the command once
    log = mono / "post-sync.log"
    runs_before = len(log.read_text().splitlines())
    package = mono / "packages" / "api"
    state = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in package.rglob("*") if p.is_file()}
    seconds = [ours(synced, [])[0] for _ in range(repeat)]
    after = {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in package.rglob("*") if p.is_file()}
    rewritten = sum(1 for p in set(state) | set(after) if state.get(p) != after.get(p))
    return {"sync_noop": statistics.median(seconds), "sync_files": float(rewritten),
            "sync_commands": float(len(log.read_text().splitlines()) - runs_before), "sync_package_files": len(state)}


def python_seconds(project: Project, formatter: str) -> float:
    """The python generator's own time in a forced run (its steps' seconds, from the JSON report)."""
    with tempfile.TemporaryDirectory(prefix="revolution-bench-format-") as cache:  # no cached ruff results
        env = project.env | {"BENCH_PY_FORMATTER": formatter, "REVOLUTION_FORMAT_CACHE": cache}
        done = subprocess.run([str(BIN / "revolution"), "run", "--json", "--force", "--generators", "python",
                               "--no-archive"], cwd=project.directory, env=env, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except ValueError:
        why = done.stderr[-2000:]
        raise SystemExit(f"python generation with formatter {formatter} printed no report: {why}") from None
    steps = [s for s in report["steps"] if s["stage"] == "generator" and s["plugin"] == "python"]
    if not report["ok"] or not steps:
        raise SystemExit(f"python generation failed with formatter {formatter}: {done.stderr[-2000:]}")
    # zone steps share one batched generate() call: each holds its share, so their sum is the call's time
    return sum(s["seconds"] for s in steps)


def bench_ruff(project: Project, repeat: int) -> dict[str, float]:
    builtin = [python_seconds(project, "builtin") for _ in range(repeat)]
    ruff = [python_seconds(project, "ruff") for _ in range(repeat)]
    return {"py_builtin": statistics.median(builtin), "py_ruff": statistics.median(ruff)}


def check_only_changed_zone_ran(project: Project) -> None:
    synth.change_one_zone(project.directory, f"verify-{time.time_ns()}")
    done = subprocess.run(
        [str(BIN / "revolution"), "run", "--json"],
        cwd=project.directory,
        env=project.env,
        capture_output=True,
        text=True,
    )
    report = json.loads(done.stdout)
    generated = {
        (s["plugin"], s["zone"])
        for s in report["steps"]
        if s["stage"] == "generator" and s["zone"] and s["status"] == "ok"
    }
    if {zone for _, zone in generated} != {"client"}:
        raise SystemExit(f"one-zone change regenerated more than its zone: {sorted(generated)}")


def example_project(tmp: Path) -> Project:
    directory = ROOT / "example_project"
    output = tmp / "example-output"
    env = dict(os.environ) | {"EXAMPLE_OUTPUT_ROOT": str(output), "EXAMPLE_DB_PATH": str(tmp / "example.sqlite3"),
                              "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(directory)}
    zones = {
        "public": (["catalog", "accounts"], ["typescript", "python"]),
        "client": (["profiles", "orders"], ["typescript", "python"]),
        "admin": (["backoffice"], ["python"]),
    }
    return Project("example_project", directory, zones, env, output)


def synthetic(tmp: Path, models: int) -> Project:
    directory = synth.build(tmp, models)
    zones = {zone: ([f"bench_{zone}"], ["typescript", "python"]) for zone in synth.ZONES}
    env = dict(os.environ) | {"DJANGO_SETTINGS_MODULE": "benchsite.settings", "PYTHONPATH": str(directory)}
    return Project(f"N={models}", directory, zones, env, directory)


def table(rows: list[tuple[str, dict[str, float]]], repeat: int) -> str:
    lines = [
        f"Medians of {repeat} run(s) on {os.cpu_count()} cores, Python {sys.version.split()[0]}. "
        "Times in seconds; memory is the peak RSS of the largest process of our cold run.",
        "",
        "| project | ours cold | ours no-op | no-op budget | ours one-zone change | raw tools | floor "
        "| ours/raw | ours/floor | peak RSS (MB) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, r in rows:
        change = "n/a" if r["change"] != r["change"] else f"{r['change']:.2f}"
        lines.append(
            f"| {label} | {r['cold']:.2f} | {r['noop']:.2f} | {r['floor_schemas'] + 0.3:.2f} | {change} | "
            f"{r['raw']:.2f} | {r['floor']:.2f} | {r['cold'] / r['raw']:.2f} | {r['cold'] / r['floor']:.2f} "
            f"| {r['rss']:.0f} |"
        )
    lines += [
        "",
        "- ours cold: `revolution run` from empty outputs (schemas, TypeScript + Python clients, archives);",
        "  ours no-op: the same again; ours one-zone change: one zone's schema changed (only its generators run).",
        "- raw tools: per zone `manage.py spectacular --file`, the `openapi-ts` CLI and the `datamodel-codegen` CLI.",
        "- floor: one Django process for all schemas + one openapi-ts process (array config) + one process",
        "  running datamodel-code-generator's `generate()` for every zone, run one after the other.",
        "- no-op budget = the floor's Django start + schema generation + 0.3 s.",
    ]
    synced = [(label, r) for label, r in rows if "sync_noop" in r]
    if synced:
        lines += [
            "",
            "Monorepo sync with nothing changed (a target with `post_sync_command`, synced once before):",
            "",
            "| project | package files | no-op run with sync (s) | files rewritten in the monorepo "
            "| post-sync command runs |",
            "|---|---|---|---|---|",
        ]
        lines += [f"| {label} | {r['sync_package_files']:.0f} | {r['sync_noop']:.2f} | {r['sync_files']:.0f} "
                  f"| {r['sync_commands']:.0f} |" for label, r in synced]
    if synced:
        lines += [
            "",
            "Lint-clean Python (`ruff check --fix` + `ruff format` over the package) against",
            "datamodel-code-generator's builtin formatting of models.py alone: the python generator's time in a",
            "forced run (imports included):",
            "",
            "| project | python, builtin (s) | python, ruff (s) | ruff's cost |",
            "|---|---|---|---|",
        ]
        lines += [f"| {label} | {r['py_builtin']:.2f} | {r['py_ruff']:.2f} | "
                  f"{(r['py_ruff'] - r['py_builtin']) / r['py_builtin']:+.0%} |" for label, r in synced]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,50,200")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-example", action="store_true")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    node_modules = toolchain_dir() / "node_modules"
    rows = []
    with tempfile.TemporaryDirectory(prefix="revolution-bench-projects-") as tmp:
        projects = [synthetic(Path(tmp), int(n)) for n in args.sizes.split(",") if n]
        if not args.no_example:
            projects.append(example_project(Path(tmp)))
        for project in projects:
            print(f"benchmarking {project.label} ...", file=sys.stderr, flush=True)
            rows.append((project.label, bench(project, args.repeat, node_modules)))
    text = "# Performance\n\nGenerated by `benchmarks/run.py`.\n\n" + table(rows, args.repeat)
    print(text)
    args.output.write_text(text)


if __name__ == "__main__":
    main()
