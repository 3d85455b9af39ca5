"""Benchmark: our pipeline against the raw tools run the usual way and against the cheapest sequence of the
same tools, on synthetic DRF projects of N models and on example_project. Writes docs/performance.md.

    .venv/bin/python benchmarks/run.py                        # the full measurement (about an hour, 2 cores)
    .venv/bin/python benchmarks/run.py --sizes 10,50 --repeat 1 --watch-samples 3 --no-raw   # a quick look
    .venv/bin/python benchmarks/run.py --raw-max 200 --extras-max 200   # the issue's figures (~35 min, 2 cores)

For each project, `--repeat` rounds; in each round the three contenders run in a rotated order (so that a
busy period hits each as often), and we measure:
  cold            `revolution run` from empty outputs: schemas, TypeScript + Python clients, archives
  nothing changed the same again
  one zone        one zone's models changed (the report must show that zone alone regenerated)
  sync no-op      (synthetic) a run with a monorepo target and nothing changed: files rewritten there and
                  post-sync command runs (both must be 0); see extras.py
  ruff cost       (synthetic) the python generator's time with formatter "ruff" against "builtin"
  raw             per zone `manage.py spectacular`, the `openapi-ts` CLI, the `datamodel-codegen` CLI
  floor           the cheapest sequence of the same tools doing the same work: schemas, openapi-ts, one
                  `tsc` over our TypeScript package, datamodel-code-generator, one `ruff format` over our
                  Python package (see baselines.py for its rule)
plus the peak RSS of our cold run (largest process, and all its processes together), the 1-minute load
average at the end of each measurement, and on example_project the watch latency: save -> clients
regenerated under `revolution watch`, over --watch-samples saves.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import extras
import synth
from baselines import BIN, Project, floor, raw, snapshot_packages, write_urlconfs
from measure import load_average, measure
from watch_latency import Latency, watch_latency

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS: dict[str, list[tuple[str, float]]] = {}  # per project: the cold run's largest programs (MB)


def toolchain_dir() -> Path:
    from revolution_typescript.toolchain import ensure_toolchain

    return ensure_toolchain().directory


def clean_outputs(project: Project) -> None:
    for name in ("openapi", "clients"):
        shutil.rmtree(project.output_root / name, ignore_errors=True)


def change_one_zone(project: Project, stamp: str) -> None:
    if project.label == "example_project":
        serializers = project.directory / "orders" / "serializers.py"
        text = serializers.read_text()
        start = text.index("MAX_QUANTITY = ") + len("MAX_QUANTITY = ")
        end = text.index("\n", start)
        serializers.write_text(text[:start] + str(100 + int(stamp) % 1000) + text[end:])
    else:
        synth.change_one_zone(project.directory, stamp)
    time.sleep(0.05)  # a save, not a save in the same instant as the run's start


def regenerated_zones(project: Project) -> set[str]:
    done = subprocess.run([str(BIN / "revolution"), "run", "--json"], cwd=project.directory, env=project.env,
                          capture_output=True, text=True)
    report = json.loads(done.stdout)
    return {s["zone"] for s in report["steps"] if s["stage"] == "generator" and s["zone"] and s["status"] == "ok"}


def ours(project: Project, results: dict[str, list[float]], verify: bool, round_number: int, work: Path) -> None:
    clean_outputs(project)
    cold = measure([str(BIN / "revolution"), "run", "-q"], project.directory, project.env)
    if round_number == 0:
        snapshot_packages(project, work)  # the floor compiles and formats this same package
    results["cold"].append(cold.seconds)
    results["rss_largest"].append(cold.largest_mb)
    results["rss_total"].append(cold.total_mb)
    PROGRAMS[project.label] = cold.programs
    results["load"].append(cold.load)
    time.sleep(0.05)
    noop = measure([str(BIN / "revolution"), "run", "-q"], project.directory, project.env)
    results["noop"].append(noop.seconds)
    change_one_zone(project, str(round_number))
    changed = measure([str(BIN / "revolution"), "run", "-q"], project.directory, project.env)
    results["change"].append(changed.seconds)
    results["rss_change"].append(changed.largest_mb)
    results["load"].append(changed.load)
    if verify:
        change_one_zone(project, str(round_number + 500))
        zones = regenerated_zones(project)
        expected = {"client"}
        if zones != expected:
            raise SystemExit(f"{project.label}: a one-zone change regenerated {sorted(zones)}, not {sorted(expected)}")


def bench(project: Project, repeat: int, node_modules: Path, with_raw: bool, with_extras: bool) -> dict[str, float]:
    results: dict[str, list[float]] = defaultdict(list)
    with tempfile.TemporaryDirectory(prefix="revolution-bench-") as tmp:
        work = Path(tmp)
        write_urlconfs(project, work / "urlconfs")
        contenders = ["ours", "floor", *(["raw"] if with_raw else [])]  # ours first: the floor needs its packages
        for attempt in range(repeat):
            order = contenders[attempt % len(contenders):] + contenders[: attempt % len(contenders)]
            for contender in order:
                print(f"  round {attempt + 1}/{repeat}: {contender} (load {load_average():.2f})",
                      file=sys.stderr, flush=True)
                if contender == "ours":
                    ours(project, results, verify=attempt == 0, round_number=attempt, work=work)
                elif contender == "floor":
                    result = floor(project, work, node_modules)
                    results["floor"].append(result.total)
                    results["floor_schemas"].append(result.schemas)
                    results["floor_typescript"].append(result.typescript)
                    results["floor_python"].append(result.python)
                    results["floor_rss"].append(result.largest_mb)
                    results["load"].append(load_average())
                else:
                    results["raw"].append(raw(project, work, node_modules))
                    results["load"].append(load_average())
    summary = {key: statistics.median(values) for key, values in results.items() if key != "load"}
    summary["load_min"], summary["load_max"] = min(results["load"]), max(results["load"])
    if project.label.startswith("N=") and with_extras:
        with tempfile.TemporaryDirectory(prefix="revolution-bench-sync-") as tmp:
            summary |= extras.bench_sync(project, Path(tmp), repeat)
        summary |= extras.bench_ruff(project, repeat)
    return summary


def example_project(tmp: Path) -> Project:
    """A copy of example_project (the one-zone change edits its sources)."""
    directory = tmp / "example_project"
    shutil.copytree(ROOT / "example_project", directory,
                    ignore=shutil.ignore_patterns("__pycache__", "openapi", "clients", "db.sqlite3", "media"))
    env = dict(os.environ) | {"EXAMPLE_DB_PATH": str(tmp / "example.sqlite3"),
                              "DJANGO_SETTINGS_MODULE": "config.settings", "PYTHONPATH": str(directory)}
    env.pop("EXAMPLE_OUTPUT_ROOT", None)
    zones = {
        "public": (["catalog", "accounts"], ["typescript", "python"]),
        "client": (["profiles", "orders"], ["typescript", "python"]),
        "admin": (["backoffice"], ["python"]),
    }
    return Project("example_project", directory, zones, env, directory)


def synthetic(tmp: Path, models: int) -> Project:
    directory = synth.build(tmp, models)
    zones = {zone: ([f"bench_{zone}"], ["typescript", "python"]) for zone in synth.ZONES}
    env = dict(os.environ) | {"DJANGO_SETTINGS_MODULE": "benchsite.settings", "PYTHONPATH": str(directory)}
    return Project(f"N={models}", directory, zones, env, directory)


def measure_watch(project: Project, samples: int, work: Path) -> Latency:
    clean_outputs(project)
    zone = project.output_root / "clients"

    def edit(index: int) -> None:
        change_one_zone(project, str(700 + index))

    # The python client's folder is known once the first run made it: start, then look it up.
    subprocess.run([str(BIN / "revolution"), "run", "-q"], cwd=project.directory, env=project.env, check=True)
    outputs = [zone / "typescript" / "client" / "types.gen.ts", *sorted(zone.glob("python/*/client/models.py"))]
    return watch_latency(project.directory, project.env, edit, outputs, samples, work / "watch.log")


def table(rows: list[tuple[str, dict[str, float]]], repeat: int, latency: Latency | None) -> str:
    lines = [
        f"Medians of {repeat} interleaved round(s) on {os.cpu_count()} cores, Python {sys.version.split()[0]}. "
        "Times in seconds, memory in MB.",
        "",
        "| project | cold | nothing changed | one zone changed | raw CLIs | floor (schemas + TS + Python) "
        "| cold / floor | one zone / cold | peak RSS, largest process | peak RSS, all processes | load (1 min) |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for label, r in rows:
        raw_text = f"{r['raw']:.2f}" if "raw" in r else "not run"
        lines.append(
            f"| {label} | {r['cold']:.2f} | {r['noop']:.2f} | {r['change']:.2f} | {raw_text} "
            f"| {r['floor']:.2f} ({r['floor_schemas']:.2f} + {r['floor_typescript']:.2f} + {r['floor_python']:.2f}) "
            f"| {r['cold'] / r['floor']:.2f} | {r['change'] / r['cold']:.2f} | {r['rss_largest']:.0f} "
            f"| {r['rss_total']:.0f} | {r['load_min']:.1f}-{r['load_max']:.1f} |"
        )
    lines += ["", "Largest processes of the last cold run (peak RSS, MB, sampled):", ""]
    for label, _ in rows:
        programs = "; ".join(f"`{name}` {mb:.0f}" for name, mb in PROGRAMS.get(label, []))
        lines.append(f"- {label}: {programs}")
    lines += extras.tables(rows)
    if latency is not None:
        samples = ", ".join(f"{s:.2f}" for s in latency.samples)
        lines += ["", f"Watch latency on example_project (save -> both clients of the zone rewritten, one-zone "
                      f"change, {len(latency.samples)} saves): median **{latency.median:.2f} s** ({samples})."]
    lines += [
        "",
        "- cold: `revolution run` from empty outputs (schemas, TypeScript + Python clients, archives); nothing",
        "  changed: the same again; one zone changed: a model of one zone edited (the report is checked to",
        "  show only that zone's clients regenerated).",
        "- raw CLIs: per zone `manage.py spectacular --file`, the `openapi-ts` CLI and the `datamodel-codegen`",
        "  CLI, each with its defaults.",
        "- floor: the cheapest sequence of the same tools doing the same work, one after the other: one Django",
        "  process for every schema (`SchemaGenerator`); one node process running openapi-ts over an array of",
        "  configs, then one `tsc -p tsconfig.json --noCheck` over the TypeScript package our run generated (our",
        "  run builds dist/ the same way); one Python process calling datamodel-code-generator's `generate()`",
        "  per zone with our settings into a copy of the Python package our run generated, then one",
        "  `ruff format` over that package (our run formats it with ruff too). TS = openapi-ts + tsc, Python =",
        "  datamodel-code-generator + ruff. No concurrency is granted to it: running tools at once on several",
        "  cores is what we do.",
        "- peak RSS: the largest single process of our cold run, and the peak of all its processes together",
        "  (sampled every 20 ms). load: the 1-minute load average at the end of each measurement (2 cores:",
        "  above 2, other work competed for the CPU).",
    ]
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,50,200,1000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-example", action="store_true")
    parser.add_argument("--no-raw", action="store_true", help="skip the raw CLIs (minutes at 1,000 models)")
    parser.add_argument("--raw-max", type=int, default=None, metavar="N",
                        help="run the raw CLIs only on projects of at most N models (example_project counts as small)")
    parser.add_argument("--extras-max", type=int, default=None, metavar="N",
                        help="the monorepo-sync and ruff-cost tables only for projects of at most N models")
    parser.add_argument("--watch-samples", type=int, default=10, help="saves timed under `revolution watch` (0: none)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "performance.md")
    args = parser.parse_args()
    node_modules = toolchain_dir() / "node_modules"
    rows = []
    latency = None
    with tempfile.TemporaryDirectory(prefix="revolution-bench-projects-") as tmp:
        os.environ["REVOLUTION_STATE_DIR"] = str(Path(tmp) / "state")
        projects = [synthetic(Path(tmp), int(n)) for n in args.sizes.split(",") if n]
        if not args.no_example:
            projects.append(example_project(Path(tmp)))
        for project in projects:
            project.env["REVOLUTION_STATE_DIR"] = os.environ["REVOLUTION_STATE_DIR"]
            print(f"benchmarking {project.label} ...", file=sys.stderr, flush=True)
            models = int(project.label[2:]) if project.label.startswith("N=") else 0
            with_raw = not args.no_raw and (args.raw_max is None or models <= args.raw_max)
            with_extras = args.extras_max is None or models <= args.extras_max
            rows.append((project.label, bench(project, args.repeat, node_modules, with_raw, with_extras)))
            if project.label == "example_project" and args.watch_samples:
                print("  watch latency ...", file=sys.stderr, flush=True)
                latency = measure_watch(project, args.watch_samples, Path(tmp))
    command = " ".join(["benchmarks/run.py", *sys.argv[1:]])
    text = (f"# Performance\n\nGenerated by `{command}`.\n\n" + table(rows, args.repeat, latency))
    print(text)
    args.output.write_text(text + kept_analysis(args.output))


ANALYSIS_MARKER = "<!-- analysis: written by hand; benchmarks/run.py keeps what follows -->"


def kept_analysis(output: Path) -> str:
    """The hand-written reading of the figures at the end of the file, kept when the tables are rewritten."""
    previous = output.read_text(encoding="utf-8") if output.is_file() else ""
    start = previous.find(ANALYSIS_MARKER)
    return "\n" + previous[start:] if start >= 0 else ""


if __name__ == "__main__":
    main()
