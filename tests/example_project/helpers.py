"""Shared bits of the example_project API tests: the demo accounts and a real JWT per request."""

from __future__ import annotations

from rest_framework.test import APIClient, APITestCase

PASSWORDS = {"demo": "demo-pass-1234", "other": "other-pass-1234", "staff": "staff-pass-1234"}


def user(username: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username=username)


def login(client: APIClient, username: str | None) -> None:
    """Send a freshly signed simplejwt access token for `username` (None: anonymous)."""
    from rest_framework_simplejwt.tokens import RefreshToken

    if username is None:
        client.credentials()
        return
    token = RefreshToken.for_user(user(username)).access_token
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")


class ExampleAPITestCase(APITestCase):
    """Each test runs in a rolled-back transaction on top of the session's demo data."""

    def as_user(self, username: str | None) -> APIClient:
        login(self.client, username)
        return self.client
