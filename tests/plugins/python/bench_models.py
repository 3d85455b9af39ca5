"""Generation time per zone: datamodel-code-generator in-process (as the plugin calls it) vs the
`datamodel-codegen` command on the same schema. Not a test; run by hand:

    .venv/bin/python tests/plugins/python/bench_models.py openapi/schemas/*.json
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROUNDS = 3


def cli(spec: Path, formatters: list[str]) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        subprocess.run(
            [str(Path(sys.executable).parent / "datamodel-codegen"), "--input", str(spec), "--input-file-type",
             "openapi", "--output", f"{tmp}/models.py", "--output-model-type", "pydantic_v2.BaseModel",
             "--target-python-version", "3.11", "--disable-timestamp", "--strict-nullable", "--field-constraints",
             "--use-double-quotes", "--use-standard-collections", "--use-union-operator", "--collapse-root-models",
             "--capitalise-enum-members", "--type-mappings", "email=string", "--formatters", *formatters],
            check=True, capture_output=True,
        )
        return time.perf_counter() - start


def in_process(specs: list[Path]) -> list[list[float]]:
    """Fresh interpreter: the first zone pays the imports, like a real run."""
    code = f"""
import json, sys, time, yaml
start = time.perf_counter()
from revolution_python.models import generate_models
from revolution_python.options import PythonOptions, PythonZoneOptions
run, options = PythonOptions(), PythonZoneOptions()
times = []
for path in {[str(s) for s in specs]!r}:
    text = open(path).read()
    doc = json.loads(text) if path.endswith('.json') else yaml.safe_load(text)
    row = []
    for _ in range({ROUNDS}):
        t = time.perf_counter(); generate_models(doc, run, options, 'bench'); row.append(time.perf_counter() - t)
    times.append(row)
print(json.dumps(times))
"""
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main(paths: list[str]) -> None:
    specs = [Path(p).resolve() for p in paths]
    rows = in_process(specs)
    columns = ("in-process 1st", "in-process warm", "CLI builtin", "CLI black+isort")
    print(f"{'zone':<12} {'ops':>4} {columns[0]:>15} {columns[1]:>16} {columns[2]:>12} {columns[3]:>16}")
    for spec, row in zip(specs, rows, strict=True):
        text = spec.read_text()
        doc = json.loads(text) if spec.suffix == ".json" else yaml.safe_load(text)
        ops = sum(1 for item in doc.get("paths", {}).values() for key in item if key != "parameters")
        builtin = statistics.median(cli(spec, ["builtin"]) for _ in range(ROUNDS))
        black = statistics.median(cli(spec, ["black", "isort"]) for _ in range(ROUNDS))
        print(f"{spec.stem:<12} {ops:>4} {row[0]:>14.3f}s {statistics.median(row[1:]):>15.3f}s "
              f"{builtin:>11.3f}s {black:>15.3f}s")


if __name__ == "__main__":
    main(sys.argv[1:])
