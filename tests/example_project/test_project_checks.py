"""Project hygiene the issue asks for: migrations committed, `check --deploy` clean but for the local demo."""

import os
import re
import subprocess
import sys
from io import StringIO

from tests.example_project.conftest import EXAMPLE_DIR

# What a local http demo needs (documented in config/settings.py): DEBUG, the development key, no HTTPS.
DEMO_ONLY_WARNINGS = {
    "security.W004",
    "security.W008",
    "security.W009",
    "security.W012",
    "security.W016",
    "security.W018",
}


def test_migrations_match_the_models(example_db: None) -> None:
    from django.core.management import call_command

    call_command("makemigrations", "--check", "--dry-run", stdout=StringIO())


def check_deploy(tmp_path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith("EXAMPLE_") and k != "DJANGO_SETTINGS_MODULE"}
    environ.update(EXAMPLE_DB_PATH=str(tmp_path / "db.sqlite3"), **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=EXAMPLE_DIR,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_only_the_local_demo_settings(tmp_path) -> None:
    demo = check_deploy(tmp_path)
    assert demo.returncode == 0, demo.stderr
    assert set(re.findall(r"\((security\.W\d+)\)", demo.stderr)) == DEMO_ONLY_WARNINGS


def test_check_deploy_is_clean_in_production_mode(tmp_path) -> None:
    production = check_deploy(tmp_path, EXAMPLE_DEBUG="0", EXAMPLE_SECRET_KEY="x7!" * 20 + "a-long-random-enough-key")
    assert production.returncode == 0, production.stderr
    assert "System check identified no issues" in production.stdout, production.stderr
