"""Run the example project's API tests in-process without leaking Django into the rest of the suite.

Nothing here touches Django at import or collection time: the package-scoped `example_db` fixture sets
Django up from `config.settings` when the first of these tests runs, migrates one in-memory test
database, loads the demo data and points uploads at a temp dir; afterwards it drops the database and
restores DJANGO_SETTINGS_MODULE and sys.path. (Django cannot be un-setup: `apps.ready` stays True.)
Each test runs inside a transaction that is rolled back (see `helpers.ExampleAPITestCase`).
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
    import django
    from django.conf import settings

    if settings.configured and getattr(settings, "SETTINGS_MODULE", None) != SETTINGS_MODULE:
        pytest.fail(
            f"Django is already configured with {settings.SETTINGS_MODULE!r} in this pytest process; the "
            f"example_project tests need {SETTINGS_MODULE!r}. Run tests/example_project in its own process.",
            pytrace=False,
        )
    django.setup()


@pytest.fixture(scope="package")
def example_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Django set up for example_project, a migrated test database with the demo data, temp uploads."""
    previous_module = os.environ.get("DJANGO_SETTINGS_MODULE")
    sys.path.insert(0, str(EXAMPLE_DIR))
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS_MODULE
    try:
        _setup_django()
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
        try:
            call_command("load_demo_data", verbosity=0)
            yield
        finally:
            connection.creation.destroy_test_db(old_name, verbosity=0)
            teardown_test_environment()
            overrides.disable()
    finally:
        sys.path.remove(str(EXAMPLE_DIR))
        if previous_module is None:
            os.environ.pop("DJANGO_SETTINGS_MODULE", None)
        else:
            os.environ["DJANGO_SETTINGS_MODULE"] = previous_module
