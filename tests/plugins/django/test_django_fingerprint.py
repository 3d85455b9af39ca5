"""`revolution run` in a Django project with nothing changed finishes without starting Django; an edit in
one zone's app produces that zone's schema only; a settings change or a new module produces every zone's.
(Slow tier: `revolution run` in subprocesses, on a copy of shopproj.)"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from django_plugin_helpers import SHOPPROJ, project_env

REVOLUTION = str(Path(sys.executable).parent / "revolution")
pytestmark = pytest.mark.slow


@pytest.fixture
def shop(tmp_path: Path) -> Path:
    project = tmp_path / "proj"
    shutil.copytree(SHOPPROJ, project, ignore=shutil.ignore_patterns("__pycache__"))
    return project


def run(project: Path, output: Path, *args: str) -> dict[str, Any]:
    time.sleep(0.03)  # files written the instant a run starts are checked again next time: keep edits out
    result = subprocess.run([REVOLUTION, "run", "--json", *args], cwd=project, env=project_env(output),
                            capture_output=True, text=True, timeout=120)
    try:
        report = dict(json.loads(result.stdout))
    except ValueError:
        pytest.fail(f"no JSON report (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")
    assert report["ok"], result.stderr
    return report


def schema_steps(report: dict[str, Any]) -> dict[str, str]:
    return {step["zone"]: step["status"] for step in report["steps"] if step["stage"] == "schema producer"}


def edit(path: Path, line: str = "# edited") -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")


def test_nothing_changed_does_not_start_django(shop, tmp_path):
    output = tmp_path / "out"
    assert "up_to_date" not in run(shop, output)
    time.sleep(0.03)
    traced = subprocess.run([sys.executable, "-X", "importtime", REVOLUTION, "run", "--json"], cwd=shop,
                            env=project_env(output), capture_output=True, text=True, timeout=120)
    again = json.loads(traced.stdout)
    assert again["up_to_date"] is True
    assert set(schema_steps(again).values()) == {"unchanged"}
    imported = {line.split("|")[-1].strip().split(".")[0] for line in traced.stderr.splitlines() if "|" in line}
    assert "revolution_core" in imported
    assert not imported & {"django", "rest_framework", "drf_spectacular", "pydantic", "shop", "shopproj"}


def test_an_edit_in_one_zones_app_produces_that_zones_schema_only(shop, tmp_path):
    output = tmp_path / "out"
    run(shop, output)
    edit(shop / "accounts" / "views.py")
    report = run(shop, output)
    assert schema_steps(report) == {"public": "unchanged", "client": "ok", "admin": "unchanged"}
    assert run(shop, output)["up_to_date"]
    edit(shop / "shop" / "serializers.py")
    assert schema_steps(run(shop, output)) == {"public": "ok", "client": "unchanged", "admin": "unchanged"}


def test_settings_and_new_modules_concern_every_zone(shop, tmp_path):
    output = tmp_path / "out"
    run(shop, output)
    edit(shop / "shopproj" / "settings.py")
    assert set(schema_steps(run(shop, output)).values()) == {"ok"}
    (shop / "shop" / "helpers.py").write_text("VALUE = 1\n", encoding="utf-8")
    assert set(schema_steps(run(shop, output)).values()) == {"ok"}


def test_an_environment_variable_the_settings_read_is_an_input(shop, tmp_path):
    output = tmp_path / "out"
    run(shop, output)
    assert run(shop, output)["up_to_date"]
    result = subprocess.run([REVOLUTION, "run", "--json"], cwd=shop, env=project_env(output, SHOPPROJ_ARCHIVE=""),
                            capture_output=True, text=True, timeout=120)
    assert "up_to_date" not in json.loads(result.stdout)  # SHOPPROJ_ARCHIVE is read by settings.py (set, if empty)


def test_an_environment_variable_a_project_module_reads_is_an_input(shop, tmp_path):
    """namesproj's models.py adds fields when NAMESPROJ_MORE is set: a variable read outside the settings."""
    output = tmp_path / "out"
    edit(shop / "shop" / "views.py", 'import os\nSHOP_EXTRA = os.environ.get("SHOP_EXTRA_ROUTES")')
    run(shop, output)
    assert run(shop, output)["up_to_date"]
    result = subprocess.run([REVOLUTION, "run", "--json"], cwd=shop,
                            env=project_env(output, SHOP_EXTRA_ROUTES="1"),
                            capture_output=True, text=True, timeout=120)
    assert "up_to_date" not in json.loads(result.stdout)
