"""Benchmark: `manage.py revolution --verify` on example_project, seeded, with the default examples and
budget (or the ones given), as a user runs it: a fresh process each time, wall time from start to exit.

    .venv/bin/python benchmarks/verify.py                  # 3 runs, default settings
    .venv/bin/python benchmarks/verify.py --repeat 1 --examples 10

Prints a markdown table (wall time, verify's own time per zone, requests sent, result); the figure in
docs/verify.md comes from here.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "example_project"


def run_once(extra: list[str], tmp: Path) -> tuple[float, dict]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("EXAMPLE_") and k != "DJANGO_SETTINGS_MODULE"}
    env.update(EXAMPLE_DB_PATH=str(tmp / "db.sqlite3"), EXAMPLE_OUTPUT_ROOT=str(tmp / "out"))
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "manage.py", "revolution", "--verify", "--json", *extra], cwd=EXAMPLE,
                          env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
    seconds = time.perf_counter() - started
    try:
        report = json.loads(done.stdout)
    except ValueError:
        raise SystemExit(f"verify printed no report (exit {done.returncode}):\n{done.stderr[-2000:]}") from None
    return seconds, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--examples", type=int)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    extra = ["--seed", str(args.seed)] + (["--examples", str(args.examples)] if args.examples else [])
    walls, zones, requests, oks = [], {}, [], []
    with tempfile.TemporaryDirectory(prefix="revolution-bench-verify-") as tmp:
        for attempt in range(args.repeat):
            print(f"verify run {attempt + 1}/{args.repeat} ...", file=sys.stderr, flush=True)
            wall, report = run_once(extra, Path(tmp))
            walls.append(wall)
            oks.append(report["ok"])
            requests.append(sum(op["requests"] for zone in report["zones"] for op in zone["operations"]))
            for zone in report["zones"]:
                zones.setdefault(zone["zone"], []).append(zone["seconds"])
    examples = args.examples or report["examples"]
    operations = sum(len(zone["operations"]) for zone in report["zones"])
    lines = [
        f"Medians of {args.repeat} run(s) on {os.cpu_count()} cores, Python {sys.version.split()[0]}; seed "
        f"{args.seed}, {examples} examples per operation, budget {report['budget']:g} s per zone.",
        "",
        "| project | wall (process) | " + " | ".join(f"zone {name}" for name in zones) + " | operations | requests "
        "| result |",
        "|---|---|" + "---|" * len(zones) + "---|---|---|",
        f"| example_project | {statistics.median(walls):.1f} s | "
        + " | ".join(f"{statistics.median(values):.1f} s" for values in zones.values())
        + f" | {operations} | {int(statistics.median(requests))} | {'pass' if all(oks) else 'FAIL'} |",
    ]
    print("\n".join(lines))


if __name__ == "__main__":
    main()
