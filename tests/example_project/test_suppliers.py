"""Supplier zone: DRF token authentication for suppliers' systems, stock reads and updates."""

from tests.example_project.helpers import PASSWORDS, ExampleAPITestCase

TOKEN = "/api/supplier/token/"
STOCK = "/api/supplier/stock/"


class TestSupplierTokens(ExampleAPITestCase):
    def token(self, username: str) -> str:
        response = self.client.post(TOKEN, {"username": username, "password": PASSWORDS[username]}, format="json")
        assert response.status_code == 200, response.content
        return response.json()["token"]

    def test_a_supplier_reads_and_updates_stock_with_its_token(self) -> None:
        key = self.token("supplier")
        assert key == self.token("supplier")  # one key per account
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
        page = self.client.get(STOCK).json()
        assert page["count"] == 14 and set(page["results"][0]) == {"id", "slug", "name", "status", "stock",
                                                                    "updated_at"}
        first = page["results"][0]["id"]
        updated = self.client.patch(f"{STOCK}{first}/", {"stock": 77, "name": "renamed"}, format="json")
        assert updated.status_code == 200 and updated.json()["stock"] == 77
        assert updated.json()["name"] != "renamed"  # read-only

    def test_other_accounts_and_anonymous_users_are_refused(self) -> None:
        assert self.client.get(STOCK).status_code == 401
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.token('demo')}")
        assert self.client.get(STOCK).status_code == 403
        self.client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
        assert self.client.get(STOCK).json()["detail"] == "Invalid token."

    def test_wrong_password_is_a_400_with_drfs_message(self) -> None:
        response = self.client.post(TOKEN, {"username": "supplier", "password": "nope"}, format="json")
        assert response.status_code == 400
        assert response.json()["non_field_errors"] == ["Unable to log in with provided credentials."]
