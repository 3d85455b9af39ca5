"""Large zones' Python clients in parallel processes.

datamodel-code-generator is pure Python and holds the GIL: threads would not help, and on a large API
it is a run's longest step (1,000 models: several seconds per zone). With several large zones and more
than one core, each zone goes to a fresh `python -m revolution_python.parallel` process (plain
subprocesses: no fork of this multi-threaded process, no re-import of the caller's main script as
multiprocessing does). A worker reads the zone's schema from the JSON file the pipeline wrote (no copy of
the document crosses a pipe), writes the zone's files into its staging directory and prints its warnings
as JSON. Small runs stay in-process: a process start costs more than a small zone takes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from revolution_core.errors import RevolutionError
from revolution_core.models import GenerationJob

# Component schemas across the run's zones from which processes pay off (a worker's start and imports cost
# about half a second; datamodel-code-generator takes a few milliseconds per component).
PARALLEL_FROM_COMPONENTS = 400


def component_count(job: GenerationJob) -> int:
    schemas = (job.schema.document.get("components") or {}).get("schemas") or {}
    return len(schemas)


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def worth_processes(jobs: Sequence[GenerationJob], max_workers: int) -> bool:
    large = [job for job in jobs if component_count(job) >= PARALLEL_FROM_COMPONENTS // 4]
    return (min(max_workers, cores()) > 1 and len(large) > 1
            and sum(component_count(job) for job in jobs) >= PARALLEL_FROM_COMPONENTS)


def _request(job: GenerationJob, run_options: Any) -> dict[str, Any]:
    json_file = next((p for p in job.schema.files if p.suffix == ".json" and p.is_file()), None)
    if json_file is None:
        raise RevolutionError(f"zone '{job.zone.name}': its schema's JSON file is missing")
    return {"zone": job.zone.name, "title": job.zone.title, "schema_file": str(json_file),
            "run_options": run_options.model_dump(mode="json"), "zone_options": job.options.model_dump(mode="json"),
            "out_dir": str(job.out_dir)}


class _Worker:
    def __init__(self, zone: str, request: dict[str, Any]) -> None:
        self.zone = zone
        self.output = tempfile.TemporaryFile()  # noqa: SIM115 - closed in result()
        self.errors = tempfile.TemporaryFile()  # noqa: SIM115 - closed in result()
        self.process = subprocess.Popen([sys.executable, "-m", "revolution_python.parallel"],
                                        stdin=subprocess.PIPE, stdout=self.output, stderr=self.errors)
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(request).encode("utf-8"))
        self.process.stdin.close()

    def result(self) -> list[str] | BaseException:
        self.output.seek(0)
        self.errors.seek(0)
        out, err = self.output.read().decode("utf-8", "replace"), self.errors.read().decode("utf-8", "replace")
        self.output.close()
        self.errors.close()
        try:
            answer = json.loads(out.strip().splitlines()[-1]) if out.strip() else {}
        except ValueError:
            answer = {}
        if self.process.returncode == 0 and "warnings" in answer:
            return [str(w) for w in answer["warnings"]]
        if "error" in answer:
            return RevolutionError(answer["error"])
        detail = err.strip().splitlines()[-1] if err.strip() else f"exit code {self.process.returncode}"
        return RevolutionError(f"the python generator's worker process failed: {detail}")


def generate_in_processes(jobs: Sequence[GenerationJob], run_options: Any,
                          max_workers: int) -> dict[str, list[str] | BaseException]:
    """Every job in a worker process, at most `max_workers` at once, largest zone first; the warnings (or
    the failure) of each zone."""
    pending = sorted(jobs, key=component_count, reverse=True)
    limit = max(1, min(max_workers, cores(), len(pending)))
    running: list[_Worker] = []
    results: dict[str, list[str] | BaseException] = {}
    try:
        while pending or running:
            while pending and len(running) < limit:
                job = pending.pop(0)
                try:
                    running.append(_Worker(job.zone.name, _request(job, run_options)))
                except (OSError, RevolutionError) as exc:
                    results[job.zone.name] = exc
            for worker in [w for w in running if w.process.poll() is not None]:
                running.remove(worker)
                results[worker.zone] = worker.result()
            time.sleep(0.01)
    finally:  # interrupted: no worker outlives the run
        for worker in running:
            worker.process.kill()
            worker.process.wait()
    return results


def main() -> int:
    """A worker: one zone's request on stdin, `{"warnings": [...]}` (or `{"error": ...}`) on stdout."""
    from revolution_python.options import PythonOptions, PythonZoneOptions
    from revolution_python.zone import render_zone

    request = json.loads(sys.stdin.read())
    try:
        document = json.loads(Path(request["schema_file"]).read_text(encoding="utf-8"))
        files, warnings = render_zone(request["zone"], request["title"], document,
                                      PythonOptions.model_validate(request["run_options"]),
                                      PythonZoneOptions.model_validate(request["zone_options"]))
    except RevolutionError as exc:
        print(json.dumps({"error": str(exc)}))
        return 1
    del document
    out_dir = Path(request["out_dir"])
    for relative, data in files.items():
        target = out_dir / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    print(json.dumps({"warnings": warnings}))
    sys.stdout.flush()
    os._exit(0)  # skip tearing down datamodel-code-generator's large object graph


if __name__ == "__main__":
    sys.exit(main())
