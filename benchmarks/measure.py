"""Timing one command for the benchmark: wall time, the peak RSS of its largest process and of all its
processes together (sampled from /proc every 20 ms), and the load average around it.

The command runs under a small Python parent (`MEASURE`) so that `ru_maxrss` of its children is the
largest single process, whatever the command forks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

MEASURE = r'''
import json, os, resource, subprocess, sys, threading, time

def tree_rss(root, largest):
    """Sum of VmRSS over `root` and its descendants (kB); `largest` keeps each program's peak."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    ppid = int(handle.read().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                continue
            children.setdefault(ppid, []).append(int(entry))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        rss = None
        try:
            with open(f"/proc/{pid}/status") as handle:
                for line in handle:
                    if line.startswith("VmRSS:"):
                        rss = int(line.split()[1])
            with open(f"/proc/{pid}/cmdline", "rb") as handle:
                words = [w.decode(errors="replace") for w in handle.read().split(b"\0") if w]
        except OSError:
            continue
        if rss is None:
            continue
        total += rss
        name = " ".join(os.path.basename(w) if i == 0 else w for i, w in enumerate(words[:3]))[:80]
        largest[name] = max(largest.get(name, 0), rss)
    return total

start = time.perf_counter()
process = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
peak = [0]
programs = {}
def sample():
    while process.poll() is None:
        peak[0] = max(peak[0], tree_rss(process.pid, programs))
        time.sleep(0.02)
threading.Thread(target=sample, daemon=True).start()
_, err = process.communicate()
seconds = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
largest = usage.ru_maxrss
top = sorted(programs.items(), key=lambda item: -item[1])[:4]
print(json.dumps({"seconds": seconds, "largest_kb": largest, "total_kb": peak[0], "code": process.returncode,
                  "programs": top, "cpu": usage.ru_utime + usage.ru_stime,
                  "stderr": err.decode(errors="replace")[-3000:]}))
'''


@dataclass
class Measured:
    seconds: float
    largest_mb: float  # peak RSS of the largest single process
    total_mb: float  # peak of the sum over the process tree (sampled)
    load: float  # 1-minute load average when the command ended
    programs: list[tuple[str, float]]  # the largest programs' peak RSS (MB), sampled
    cpu: float = 0.0  # user + system seconds of all its processes


def load_average() -> float:
    return os.getloadavg()[0]


def measure(cmd: list[str], cwd: Path, env: dict[str, str], check: bool = True) -> Measured:
    done = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, env=env, capture_output=True, text=True)
    try:
        result = json.loads(done.stdout)
    except ValueError:
        raise SystemExit(f"benchmark harness failed on {' '.join(cmd)}:\n{done.stderr}") from None
    if check and result["code"] != 0:
        raise SystemExit(f"benchmark command failed ({' '.join(cmd)}):\n{result['stderr']}")
    programs = [(name, kb / 1024) for name, kb in result["programs"]]
    return Measured(result["seconds"], result["largest_kb"] / 1024, result["total_kb"] / 1024, load_average(), programs,
                    result["cpu"])
