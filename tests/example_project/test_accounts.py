"""Public zone, accounts: registration and simplejwt login, refresh and verify."""

from tests.example_project.helpers import PASSWORDS, ExampleAPITestCase

REGISTER = "/api/public/register/"
TOKEN = "/api/public/token/"
REFRESH = "/api/public/token/refresh/"
VERIFY = "/api/public/token/verify/"
ME = "/api/client/me/"

NEW_USER = {"username": "newcomer", "email": "newcomer@example.com", "password": "a-long-pass-5678"}


class TestRegister(ExampleAPITestCase):
    def test_anonymous_registers_and_can_log_in(self) -> None:
        response = self.client.post(REGISTER, {**NEW_USER, "first_name": "New"}, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["username"] == "newcomer"
        assert body["first_name"] == "New"
        assert "password" not in body
        login = self.client.post(TOKEN, {"username": "newcomer", "password": NEW_USER["password"]}, format="json")
        assert login.status_code == 200

    def test_username_and_email_must_be_unique(self) -> None:
        taken = self.client.post(REGISTER, {**NEW_USER, "username": "demo"}, format="json")
        assert taken.status_code == 400
        assert "username" in taken.json()
        email = self.client.post(REGISTER, {**NEW_USER, "email": "demo@example.com"}, format="json")
        assert email.status_code == 400
        assert "email" in email.json()

    def test_weak_password_is_rejected_by_django_validators(self) -> None:
        response = self.client.post(REGISTER, {**NEW_USER, "password": "12345678"}, format="json")
        assert response.status_code == 400
        assert "password" in response.json()

    def test_missing_fields(self) -> None:
        response = self.client.post(REGISTER, {}, format="json")
        assert response.status_code == 400
        assert {"username", "email", "password"} <= set(response.json())


class TestToken(ExampleAPITestCase):
    def obtain(self, username: str = "demo", password: str | None = None) -> dict:
        response = self.client.post(
            TOKEN, {"username": username, "password": password or PASSWORDS[username]}, format="json"
        )
        assert response.status_code == 200, response.content
        return response.json()

    def test_login_returns_access_and_refresh_that_authenticate(self) -> None:
        tokens = self.obtain()
        assert set(tokens) == {"access", "refresh"}
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
        assert self.client.get(ME).json()["username"] == "demo"

    def test_wrong_password_is_401(self) -> None:
        response = self.client.post(TOKEN, {"username": "demo", "password": "nope"}, format="json")
        assert response.status_code == 401
        assert self.client.post(TOKEN, {"username": "demo"}, format="json").status_code == 400

    def test_refresh_gives_a_new_working_access_token(self) -> None:
        tokens = self.obtain("other")
        refreshed = self.client.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
        assert refreshed.status_code == 200
        access = refreshed.json()["access"]
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
        assert self.client.get(ME).json()["username"] == "other"

    def test_refresh_rejects_an_access_token_and_garbage(self) -> None:
        tokens = self.obtain()
        assert self.client.post(REFRESH, {"refresh": tokens["access"]}, format="json").status_code == 401
        assert self.client.post(REFRESH, {"refresh": "garbage"}, format="json").status_code == 401

    def test_verify(self) -> None:
        tokens = self.obtain()
        assert self.client.post(VERIFY, {"token": tokens["access"]}, format="json").status_code == 200
        assert self.client.post(VERIFY, {"token": "garbage"}, format="json").status_code == 401


SESSION = "/api/public/session/"


class TestBrowserSession:
    """Session login with Django's CSRF protection, through a test client that enforces CSRF like a browser."""

    def test_login_needs_the_csrf_token_then_the_session_authenticates_every_zone(self, example_db: None) -> None:
        from django.db import transaction
        from rest_framework.test import APIClient

        with transaction.atomic():
            browser = APIClient(enforce_csrf_checks=True)
            anonymous = browser.get(SESSION)
            assert anonymous.json() == {"username": None, "is_staff": False}
            csrf = browser.cookies["csrftoken"].value
            credentials = {"username": "demo", "password": PASSWORDS["demo"]}
            refused = browser.post(SESSION, credentials, format="json")
            assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]
            wrong = browser.post(SESSION, {**credentials, "password": "x"}, format="json", HTTP_X_CSRFTOKEN=csrf)
            assert wrong.status_code == 403  # DRF: session-only views answer 403 (no WWW-Authenticate to send)
            assert wrong.json()["detail"] == "No active account found with the given credentials"
            signed_in = browser.post(SESSION, credentials, format="json", HTTP_X_CSRFTOKEN=csrf)
            assert signed_in.json() == {"username": "demo", "is_staff": False}
            assert browser.get(ME).json()["username"] == "demo"  # the client zone accepts the session
            csrf = browser.cookies["csrftoken"].value  # rotated at login
            assert browser.patch(ME, {"bio": "x"}, format="json").status_code == 403  # unsafe: CSRF needed
            assert browser.patch(ME, {"bio": "x"}, format="json", HTTP_X_CSRFTOKEN=csrf).status_code == 200
            assert browser.delete(SESSION, HTTP_X_CSRFTOKEN=csrf).status_code == 204
            assert browser.get(ME).status_code == 401
            transaction.set_rollback(True)
