"""`manage.py revolution --verify` on the example shop: every zone's schema holds against its views, and
every operation gets at least one successful answer checked (seed data, signed-in users and explicit
requests from config/verify.py). Fewer generated requests than the default keep it short; the default
run is timed by benchmarks/run.py."""

import json
import os
import subprocess
import sys

import pytest

from tests.example_project.conftest import EXAMPLE_DIR

pytestmark = pytest.mark.slow


def test_every_zone_of_the_example_project_passes_verify(tmp_path) -> None:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EXAMPLE_") and k != "DJANGO_SETTINGS_MODULE"}
    database = tmp_path / "db.sqlite3"
    environ.update(EXAMPLE_DB_PATH=str(database), EXAMPLE_OUTPUT_ROOT=str(tmp_path / "out"))
    result = subprocess.run(
        [sys.executable, "manage.py", "revolution", "--verify", "--json", "--examples", "8", "--budget", "600"],
        cwd=EXAMPLE_DIR, env=environ, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL,
    )
    report = json.loads(result.stdout)
    problems = [(zone["zone"], op["operation"], f) for zone in report["zones"] for op in zone["operations"]
                for f in op["findings"]]
    assert result.returncode == 0 and report["ok"], problems or result.stderr
    assert {zone["zone"]: len(zone["operations"]) for zone in report["zones"]} == {
        "public": 11, "client": 9, "supplier": 4, "admin": 14}
    assert {zone["zone"]: zone["credentials"] for zone in report["zones"]} == {
        "public": "simplejwt token, Django session", "client": "simplejwt token, Django session",
        "supplier": "DRF token", "admin": "simplejwt token, Django session"}
    for zone in report["zones"]:
        for op in zone["operations"]:
            assert op["note"] == "", (zone["zone"], op)
            assert any(code.startswith("2") for code in op["statuses"]), (zone["zone"], op)
    assert not database.exists()  # only test databases were used
    assert not (tmp_path / "out").exists()  # verify generates nothing
