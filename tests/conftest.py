"""Shared test set-up. Integration tests use the real tools; only core unit tests use fake plugins.

Tiers: `pytest -m "not slow"` is the fast tier (in-process unit and integration tests, well under a minute
on two cores with `-n auto`), run on every change; the slow tier starts processes: servers, node, npm,
tsc, mypy, pip, subprocess `manage.py` runs, browsers. A module joins the slow tier by being listed here
(with why), or by marking its tests `slow` itself.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

TESTS = Path(__file__).parent

# module (relative to tests/) -> why it is slow
SLOW_MODULES = {
    "core/test_plugins.py": "builds wheels and installs third-party distributions with pip",
    "plugins/django/test_django_command.py": "runs manage.py revolution in subprocesses",
    "plugins/django/test_django_validation.py": "runs manage.py revolution in subprocesses",
    "plugins/django/test_django_quickstart.py": "runs the seed's quick start through manage.py",
    "plugins/django/test_django_plugin.py": "runs `revolution` and python in subprocesses",
    "plugins/django/test_django_interactive.py": "drives manage.py revolution on a pseudo-terminal",
    "plugins/django/test_django_schemas.py": "a subprocess probe of the sample project",
    "plugins/django/test_django_views.py": "a subprocess probe of the sample project",
    "plugins/django/test_django_normalizer.py": "a subprocess probe of the sample project",
    "plugins/python/test_python_generator.py": "mypy --strict and wheel builds over generated packages",
    "plugins/typescript/test_typescript_generator.py": "node, npm and tsc",
    "plugins/monorepo/test_monorepo_sync.py": "pnpm installs a workspace",
    "example_project/test_project_checks.py": "manage.py check --deploy in a subprocess",
}
SLOW_DIRECTORIES = {"e2e": "serves example_project and runs the generated clients against it"}


def pytest_configure(config: pytest.Config) -> None:
    """Runs' fingerprint state (revolution_core.fingerprint) goes to a directory of this session, never to
    the developer's cache; subprocesses inherit it."""
    os.environ["REVOLUTION_STATE_DIR"] = tempfile.mkdtemp(prefix="revolution-test-state-")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        relative = Path(str(item.path)).relative_to(TESTS).as_posix()
        if relative in SLOW_MODULES or relative.split("/", 1)[0] in SLOW_DIRECTORIES:
            item.add_marker(pytest.mark.slow)
