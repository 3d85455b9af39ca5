"""Shared bits of the example_project API tests: the demo accounts, a real JWT per request, and a
base class giving each test an `APIClient` inside a rolled-back transaction.

Django is imported inside functions only, so collecting these tests does not set Django up.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

PASSWORDS = {"demo": "demo-pass-1234", "other": "other-pass-1234", "staff": "staff-pass-1234",
             "supplier": "supplier-pass-1234"}


def user(username: str) -> Any:
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def model(label: str) -> Any:
    """A model class by `app_label.ModelName`, looked up once Django is set up."""
    from django.apps import apps

    return apps.get_model(label)


def login(client: Any, username: str | None) -> None:
    """Send a freshly signed simplejwt access token for `username` (None: anonymous)."""
    from rest_framework_simplejwt.tokens import RefreshToken

    if username is None:
        client.credentials()
        return
    token = RefreshToken.for_user(user(username)).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")


class ExampleAPITestCase:
    """Each test gets `self.client` (DRF's APIClient) and runs in a transaction rolled back afterwards,
    on top of the package's demo data. Override `set_up` for per-test preparation."""

    client: Any

    @pytest.fixture(autouse=True)
    def _transaction(self, example_db: None) -> Iterator[None]:
        from django.db import transaction
        from rest_framework.test import APIClient

        self.client = APIClient()
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            self.set_up()
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)

    def set_up(self) -> None:
        """Per-test preparation, run inside the test's transaction."""

    def as_user(self, username: str | None) -> Any:
        login(self.client, username)
        return self.client
