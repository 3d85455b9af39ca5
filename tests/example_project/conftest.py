"""Run the example project's API tests in-process: Django set up from `config.settings`, one
in-memory test database with the demo data for the whole session, uploads in a temp dir.

Test classes subclass DRF's `APITestCase`, so each test runs in a transaction that is rolled back.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

EXAMPLE_DIR = Path(__file__).resolve().parents[2] / "example_project"
SETTINGS_MODULE = "config.settings"


def _setup_django() -> None:
    if str(EXAMPLE_DIR) not in sys.path:
        sys.path.insert(0, str(EXAMPLE_DIR))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", SETTINGS_MODULE)
    import django
    from django.conf import settings

    if settings.configured and getattr(settings, "SETTINGS_MODULE", None) != SETTINGS_MODULE:
        pytest.fail(
            f"Django is already configured with {settings.SETTINGS_MODULE!r} in this pytest process; the "
            f"example_project tests need {SETTINGS_MODULE!r}. Run tests/example_project in its own process.",
            pytrace=False,
        )
    django.setup()


# DRF's test module reads settings at import time, so Django is set up when this directory is collected.
_setup_django()


@pytest.fixture(scope="session", autouse=True)
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Migrate a fresh test database, load the demo data, and point uploads at a temp dir."""
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

    overrides = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    overrides.enable()
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("load_demo_data", verbosity=0)
    try:
        yield
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        teardown_test_environment()
        overrides.disable()
