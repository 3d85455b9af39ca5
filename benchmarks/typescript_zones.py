"""What an extra zone costs the typescript generator (all zones go through one node process).

    .venv/bin/python benchmarks/typescript_zones.py [ZONES ...]     # default: 1 2 4 8

Prints the wall time of one `generate()` call per zone count, on copies of the test shop schema.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SPEC = ROOT / "tests/plugins/typescript/specs/shop.json"


def timed(count: int, base: Path) -> float:
    from revolution_typescript.options import TypeScriptOptions, TypeScriptZoneOptions
    from revolution_typescript.plugin import TypeScriptGenerator

    from revolution_core.testing import make_context, make_job

    root = base / f"zones{count}"
    names = [f"zone{i}" for i in range(count)]
    document = json.loads(SPEC.read_text())
    jobs = [make_job(root / "clients/typescript" / name, name, document, TypeScriptZoneOptions()) for name in names]
    start = time.perf_counter()
    failures = TypeScriptGenerator(TypeScriptOptions()).generate(jobs, make_context(root, names))
    assert not failures, failures
    return time.perf_counter() - start


def main(counts: list[int]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        timed(1, Path(tmp) / "warm-up")  # installs the toolchain if needed, warms the file cache
        results = {count: timed(count, Path(tmp)) for count in counts}
    for count, seconds in results.items():
        print(f"{count} zone(s): {seconds:.2f} s")
    if len(results) > 1:
        low, high = min(results), max(results)
        print(f"per extra zone: {(results[high] - results[low]) / (high - low):.3f} s")


if __name__ == "__main__":
    main([int(arg) for arg in sys.argv[1:]] or [1, 2, 4, 8])
