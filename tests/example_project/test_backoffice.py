"""Admin zone: staff only. Reports (APIView), users and products (viewsets), health (function view)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from tests.example_project.helpers import ExampleAPITestCase, model, user

REPORT = "/api/admin/reports/sales/"
USERS = "/api/admin/users/"
PRODUCTS = "/api/admin/products/"
HEALTH = "/api/admin/health/"


class TestPermission(ExampleAPITestCase):
    def test_anonymous_401_customers_403_staff_200(self) -> None:
        for url in (REPORT, USERS, PRODUCTS, HEALTH, f"{USERS}{user('demo').pk}/"):
            self.as_user(None)
            assert self.client.get(url).status_code == 401, url
            for customer in ("demo", "other"):
                self.as_user(customer)
                assert self.client.get(url).status_code == 403, (url, customer)
            self.as_user("staff")
            assert self.client.get(url).status_code == 200, url

    def test_customers_cannot_write(self) -> None:
        self.as_user("demo")
        assert self.client.post(PRODUCTS, {"name": "x"}, format="json").status_code == 403
        assert self.client.patch(f"{USERS}{user('demo').pk}/", {"is_staff": True}, format="json").status_code == 403
        assert user("demo").is_staff is False


class TestReport(ExampleAPITestCase):
    def set_up(self) -> None:
        self.as_user("staff")

    def test_sales_report_excludes_cancelled_orders(self) -> None:
        report = self.client.get(REPORT).json()
        assert report["since"] is None
        assert (report["order_count"], report["items_sold"], report["revenue"]) == (3, 5, "367.80")
        assert report["by_status"] == [
            {"status": "paid", "count": 1},
            {"status": "pending", "count": 1},
            {"status": "shipped", "count": 1},
        ]
        assert report["top_products"][0] == {
            "product_id": model("catalog.Product").objects.get(slug="cast-iron-pan").pk,
            "name": "Cast Iron Pan",
            "quantity": 2,
            "revenue": "69.90",
        }
        model("orders.Order").objects.filter(status="paid").update(status="cancelled")
        assert self.client.get(REPORT).json()["revenue"] == "238.00"

    def test_since_filter(self) -> None:
        assert self.client.get(REPORT, {"since": "2999-01-01"}).json()["order_count"] == 0
        assert self.client.get(REPORT, {"since": "2000-01-01"}).json()["order_count"] == 3
        bad = self.client.get(REPORT, {"since": "yesterday"})
        assert bad.status_code == 400
        assert "since" in bad.json()


class TestUserManagement(ExampleAPITestCase):
    def set_up(self) -> None:
        self.as_user("staff")

    def test_list_search_and_filter(self) -> None:
        page = self.client.get(USERS).json()
        assert [u["username"] for u in page["results"]] == ["demo", "other", "staff", "supplier"]
        assert "password" not in page["results"][0]
        assert page["results"][0]["order_count"] == 2
        assert [u["username"] for u in self.client.get(USERS, {"search": "oth"}).json()["results"]] == ["other"]
        assert [u["username"] for u in self.client.get(USERS, {"is_staff": "true"}).json()["results"]] == ["staff"]

    def test_create_update_deactivate_delete(self) -> None:
        created = self.client.post(
            USERS, {"username": "clerk", "email": "clerk@example.com", "password": "clerk-pass-2468"}, format="json"
        )
        assert created.status_code == 201, created.content
        clerk = user("clerk")
        assert clerk.check_password("clerk-pass-2468")
        url = f"{USERS}{clerk.pk}/"
        assert self.client.patch(url, {"is_staff": True, "is_active": False}, format="json").status_code == 200
        clerk.refresh_from_db()
        assert (clerk.is_staff, clerk.is_active) == (True, False)
        assert self.client.patch(url, {"password": "another-pass-1357"}, format="json").status_code == 200
        clerk.refresh_from_db()
        assert clerk.check_password("another-pass-1357")
        assert self.client.delete(url).status_code == 204

    def test_create_needs_a_strong_password(self) -> None:
        missing = self.client.post(USERS, {"username": "nopass"}, format="json")
        assert missing.status_code == 400
        assert "password" in missing.json()
        weak = self.client.post(USERS, {"username": "weak", "password": "123"}, format="json")
        assert weak.status_code == 400
        assert "password" in weak.json()

    def test_staff_cannot_delete_themself(self) -> None:
        assert self.client.delete(f"{USERS}{user('staff').pk}/").status_code == 400


class TestProductManagement(ExampleAPITestCase):
    def set_up(self) -> None:
        self.as_user("staff")
        self.category = model("catalog.Category").objects.get(slug="home")

    def test_create_with_image_upload(self) -> None:
        image = SimpleUploadedFile("lamp.png", b"\x89PNG fake image", content_type="image/png")
        data = {
            "name": "Desk Lamp",
            "slug": "desk-lamp",
            "category": self.category.pk,
            "price": "49.00",
            "status": "in_stock",
            "stock": 12,
            "image": image,
        }
        response = self.client.post(PRODUCTS, data, format="multipart")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["image"].startswith("http://testserver/media/products/lamp")
        assert body["category_detail"]["slug"] == "home"
        assert body["condition"] is None
        public = self.client.get(f"/api/public/products/{body['id']}/").json()
        assert public["image"] == body["image"]
        assert model("catalog.Product").objects.get(slug="desk-lamp").image.read() == b"\x89PNG fake image"

    def test_create_with_json_and_validation(self) -> None:
        data = {"name": "Mug", "slug": "mug", "category": self.category.pk, "price": "9.50", "condition": "used"}
        response = self.client.post(PRODUCTS, data, format="json")
        assert response.status_code == 201, response.content
        assert response.json()["status"] == "in_stock"
        bad = self.client.post(PRODUCTS, {**data, "slug": "mug", "price": "-1", "condition": "broken"}, format="json")
        assert bad.status_code == 400
        assert {"slug", "price", "condition"} <= set(bad.json())

    def test_update_filter_and_delete(self) -> None:
        pan = model("catalog.Product").objects.get(slug="cast-iron-pan")
        response = self.client.patch(
            f"{PRODUCTS}{pan.pk}/", {"status": "out_of_stock", "condition": None}, format="json"
        )
        assert response.status_code == 200, response.content
        assert response.json()["condition"] is None
        page = self.client.get(PRODUCTS, {"status": "out_of_stock", "ordering": "-price"}).json()
        assert [p["slug"] for p in page["results"]] == ["linen-throw", "cast-iron-pan", "rest-api-design"]
        mug = model("catalog.Product").objects.create(category=self.category, name="Mug", slug="mug", price="5.00")
        assert self.client.delete(f"{PRODUCTS}{mug.pk}/").status_code == 204

    def test_ordered_product_cannot_be_deleted(self) -> None:
        pan = model("catalog.Product").objects.get(slug="cast-iron-pan")
        response = self.client.delete(f"{PRODUCTS}{pan.pk}/")
        assert response.status_code == 409
        assert model("catalog.Product").objects.filter(pk=pan.pk).exists()


class TestHealth(ExampleAPITestCase):
    def test_health(self) -> None:
        self.as_user("staff")
        body = self.client.get(HEALTH).json()
        assert body == {"status": "ok", "database": True, "products": 14, "users": 4}
        self.as_user("staff")
        assert self.client.post(HEALTH).status_code == 405
