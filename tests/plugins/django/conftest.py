"""Fixtures for the revolution_django tests; helpers live in django_plugin_helpers."""

from __future__ import annotations

import json
import subprocess
from typing import Any

import pytest
from django_plugin_helpers import PYTHON, SHOPPROJ, project_env


@pytest.fixture(scope="session")
def shop_probe() -> dict[str, Any]:
    """Schemas, warnings and HTTP results of shopproj, computed once in a subprocess."""
    result = subprocess.run([PYTHON, "probe.py"], cwd=SHOPPROJ, env=project_env(), capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return dict(json.loads(result.stdout))
