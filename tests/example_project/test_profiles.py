"""Client zone, profile: the signed-in user reads and edits themself, changes password, uploads an avatar."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.example_project.helpers import ExampleAPITestCase, user

ME = "/api/client/me/"
PASSWORD = "/api/client/me/password/"
AVATAR = "/api/client/me/avatar/"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


class TestAnonymous(ExampleAPITestCase):
    def test_every_profile_endpoint_needs_a_token(self) -> None:
        assert self.client.get(ME).status_code == 401
        assert self.client.patch(ME, {"bio": "x"}, format="json").status_code == 401
        assert self.client.post(PASSWORD, {}, format="json").status_code == 401
        assert self.client.put(AVATAR, {}, format="multipart").status_code == 401


class TestMe(ExampleAPITestCase):
    def set_up(self) -> None:
        self.as_user("demo")

    def test_read_self(self) -> None:
        body = self.client.get(ME).json()
        assert body["username"] == "demo"
        assert body["email"] == "demo@example.com"
        assert body["display_name"] == "Demo Customer"
        assert body["avatar"] is None
        assert body["is_staff"] is False

    def test_each_user_sees_only_themself(self) -> None:
        self.as_user("other")
        assert self.client.get(ME).json()["username"] == "other"
        self.as_user("staff")
        assert self.client.get(ME).json()["is_staff"] is True

    def test_patch_account_and_profile_fields(self) -> None:
        response = self.client.patch(
            ME, {"first_name": "Dee", "display_name": "Dee M.", "bio": "Hi", "newsletter": True}, format="json"
        )
        assert response.status_code == 200, response.content
        body = self.client.get(ME).json()
        assert (body["first_name"], body["display_name"], body["bio"], body["newsletter"]) == (
            "Dee",
            "Dee M.",
            "Hi",
            True,
        )

    def test_read_only_fields_are_ignored(self) -> None:
        response = self.client.patch(ME, {"username": "root", "is_staff": True}, format="json")
        assert response.status_code == 200
        assert response.json()["username"] == "demo"
        assert user("demo").is_staff is False

    def test_email_taken_by_another_account_is_rejected(self) -> None:
        response = self.client.patch(ME, {"email": "OTHER@example.com"}, format="json")
        assert response.status_code == 400
        assert "email" in response.json()
        assert self.client.patch(ME, {"email": "demo@example.com"}, format="json").status_code == 200

    def test_put_is_not_offered(self) -> None:
        assert self.client.put(ME, {"email": "x@example.com"}, format="json").status_code == 405


class TestPassword(ExampleAPITestCase):
    def set_up(self) -> None:
        self.as_user("demo")

    def test_change_password(self) -> None:
        body = {"old_password": "demo-pass-1234", "new_password": "brand-new-pass-9876"}
        response = self.client.post(PASSWORD, body, format="json")
        assert response.status_code == 204
        assert user("demo").check_password("brand-new-pass-9876")
        self.client.credentials()
        login = {"username": "demo", "password": "brand-new-pass-9876"}
        assert self.client.post("/api/public/token/", login, format="json").status_code == 200

    def test_wrong_old_password(self) -> None:
        body = {"old_password": "wrong", "new_password": "brand-new-pass-9876"}
        response = self.client.post(PASSWORD, body, format="json")
        assert response.status_code == 400
        assert "old_password" in response.json()
        assert user("demo").check_password("demo-pass-1234")

    def test_weak_new_password(self) -> None:
        response = self.client.post(PASSWORD, {"old_password": "demo-pass-1234", "new_password": "password"})
        assert response.status_code == 400
        assert "new_password" in response.json()


class TestAvatar(ExampleAPITestCase):
    def set_up(self) -> None:
        self.as_user("demo")

    def upload(self, name: str, content: bytes = PNG, content_type: str = "image/png"):
        upload = SimpleUploadedFile(name, content, content_type=content_type)
        return self.client.put(AVATAR, {"avatar": upload}, format="multipart")

    def test_upload_then_replace_avatar(self) -> None:
        response = self.upload("me.png")
        assert response.status_code == 200, response.content
        url = response.json()["avatar"]
        assert url.startswith("http://testserver/media/avatars/me")
        assert self.client.get(ME).json()["avatar"] == url
        stored = user("demo").profile.avatar
        first_path = stored.path
        with stored.open("rb") as handle:
            assert handle.read() == PNG
        second = self.upload("again.png")
        assert second.status_code == 200
        assert "again" in second.json()["avatar"]
        assert not stored.storage.exists(first_path)

    def test_json_body_is_unsupported_media_type(self) -> None:
        assert self.client.put(AVATAR, {"avatar": "x"}, format="json").status_code == 415

    def test_missing_or_wrong_file(self) -> None:
        assert self.client.put(AVATAR, {}, format="multipart").status_code == 400
        assert self.upload("notes.txt", b"hello", "text/plain").status_code == 400
        assert self.upload("big.png", PNG + b"\x00" * (2 * 1024 * 1024)).status_code == 400
