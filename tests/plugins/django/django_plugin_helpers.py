"""Helpers for the revolution_django tests (a module of its own: conftest modules share one name).

Django can be configured once per process (and the example_project tests configure it in the pytest
process), so every Django scenario here runs in a subprocess: `manage.py` of the small projects under
this directory, or `shopproj/probe.py`."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
SHOPPROJ = HERE / "shopproj"
QUICKSTART = HERE / "quickstart"
THIRDPARTY = HERE / "thirdparty_proj"
FAKEPLUGIN = HERE / "fakeplugin"
PYTHON = sys.executable


def project_env(output: Path | None = None, **extra: str) -> dict[str, str]:
    """Environment for a project subprocess: fake `typescript`/`python` generators (no node needed)."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_REVOLUTION_DEBUG"}}
    env["PYTHONPATH"] = os.pathsep.join([str(FAKEPLUGIN), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["REVOLUTION_DISABLE_PLUGINS"] = "typescript,python"
    env.pop("REVOLUTION_PLUGINS", None)
    if output is not None:
        env["SHOPPROJ_OUTPUT"] = str(output)
    env.update(extra)
    return env


def run_manage(*args: str, cwd: Path = SHOPPROJ, output: Path | None = None, timeout: float = 60,
               **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "manage.py", "revolution", *args], cwd=cwd, env=project_env(output, **env),
                          capture_output=True, text=True, timeout=timeout, stdin=subprocess.DEVNULL)


def run_json(*args: str, output: Path, **env: str) -> dict[str, Any]:
    result = run_manage(*args, "--json", output=output, **env)
    try:
        return dict(json.loads(result.stdout))
    except ValueError:
        pytest.fail(f"no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def generated(output: Path) -> dict[str, dict[str, Any]]:
    """`<generator>/<zone>` -> what the fake generator recorded."""
    found = {}
    for path in sorted((output / "clients").glob("*/*/operations.json")):
        found[f"{path.parent.parent.name}/{path.parent.name}"] = json.loads(path.read_text())
    return found
