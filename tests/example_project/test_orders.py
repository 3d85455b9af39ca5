"""Client zone, orders: place orders with nested items, see and manage only your own."""

from typing import Any

from tests.example_project.helpers import ExampleAPITestCase, model, user

ORDERS = "/api/client/orders/"


def product_id(slug: str) -> int:
    return model("catalog.Product").objects.get(slug=slug).pk


def order_of(username: str, status: str) -> Any:
    return model("orders.Order").objects.filter(user=user(username), status=status).first()


class TestAnonymous(ExampleAPITestCase):
    def test_orders_need_a_token(self) -> None:
        assert self.client.get(ORDERS).status_code == 401
        assert self.client.post(ORDERS, {"items": []}, format="json").status_code == 401
        order = order_of("demo", "pending")
        assert self.client.get(f"{ORDERS}{order.pk}/").status_code == 401
        assert self.client.post(f"{ORDERS}{order.pk}/cancel/").status_code == 401
        assert self.client.delete(f"{ORDERS}{order.pk}/").status_code == 401


class TestOwnOrders(ExampleAPITestCase):
    def set_up(self) -> None:
        self.as_user("demo")

    def test_list_shows_only_own_orders_paginated(self) -> None:
        page = self.client.get(ORDERS).json()
        assert page["count"] == 2
        assert {o["status"] for o in page["results"]} == {"paid", "pending"}
        self.as_user("other")
        assert [o["status"] for o in self.client.get(ORDERS).json()["results"]] == ["shipped"]
        self.as_user("staff")
        assert self.client.get(ORDERS).json()["count"] == 0

    def test_filter_by_status(self) -> None:
        page = self.client.get(ORDERS, {"status": "paid"}).json()
        assert [o["total"] for o in page["results"]] == ["129.80"]

    def test_retrieve_shows_priced_items_and_total(self) -> None:
        order = order_of("demo", "paid")
        body = self.client.get(f"{ORDERS}{order.pk}/").json()
        assert body["total"] == "129.80"
        assert [(i["product_name"], i["quantity"], i["unit_price"], i["line_total"]) for i in body["items"]] == [
            ("USB-C Hub 7-in-1", 1, "59.90", "59.90"),
            ("Cast Iron Pan", 2, "34.95", "69.90"),
        ]

    def test_create_with_nested_items_prices_them_server_side(self) -> None:
        payload = {
            "note": "Gift wrap, please",
            "items": [
                {"product": product_id("mechanical-keyboard"), "quantity": 2, "unit_price": "0.01"},
                {"product": product_id("garden-hose"), "quantity": 1},
            ],
        }
        response = self.client.post(ORDERS, payload, format="json")
        assert response.status_code == 201, response.content
        body = response.json()
        assert body["status"] == "pending"
        assert body["note"] == "Gift wrap, please"
        assert [i["unit_price"] for i in body["items"]] == ["129.00", "27.00"]
        assert body["total"] == "285.00"
        assert model("orders.Order").objects.get(pk=body["id"]).user == user("demo")
        assert self.client.get(ORDERS).json()["count"] == 3

    def test_create_validation(self) -> None:
        cases = {
            "empty": {"items": []},
            "unavailable": {"items": [{"product": product_id("linen-throw"), "quantity": 1}]},
            "discontinued": {"items": [{"product": product_id("crt-monitor"), "quantity": 1}]},
            "zero": {"items": [{"product": product_id("garden-hose"), "quantity": 0}]},
            "too many": {"items": [{"product": product_id("garden-hose"), "quantity": 101}]},
            "unknown product": {"items": [{"product": 999999, "quantity": 1}]},
            "duplicate": {"items": [{"product": product_id("garden-hose"), "quantity": 1}] * 2},
        }
        for case, payload in cases.items():
            response = self.client.post(ORDERS, payload, format="json")
            assert response.status_code == 400, case
            assert "items" in response.json(), case
        assert self.client.get(ORDERS).json()["count"] == 2

    def test_status_is_read_only(self) -> None:
        payload = {"status": "shipped", "items": [{"product": product_id("garden-hose"), "quantity": 1}]}
        assert self.client.post(ORDERS, payload, format="json").json()["status"] == "pending"

    def test_no_update(self) -> None:
        order = order_of("demo", "pending")
        assert self.client.patch(f"{ORDERS}{order.pk}/", {"note": "x"}, format="json").status_code == 405


class TestCancelAndDelete(ExampleAPITestCase):
    def set_up(self) -> None:
        self.as_user("demo")

    def test_cancel_pending_then_not_again(self) -> None:
        order = order_of("demo", "pending")
        response = self.client.post(f"{ORDERS}{order.pk}/cancel/")
        assert response.status_code == 200
        assert response.json()["status"] == "cancelled"
        again = self.client.post(f"{ORDERS}{order.pk}/cancel/")
        assert again.status_code == 400
        assert "status" in again.json()

    def test_cancel_paid_order(self) -> None:
        order = order_of("demo", "paid")
        assert self.client.post(f"{ORDERS}{order.pk}/cancel/").json()["status"] == "cancelled"

    def test_shipped_order_cannot_be_cancelled_or_deleted(self) -> None:
        self.as_user("other")
        order = order_of("other", "shipped")
        assert self.client.post(f"{ORDERS}{order.pk}/cancel/").status_code == 400
        assert self.client.delete(f"{ORDERS}{order.pk}/").status_code == 400
        assert model("orders.Order").objects.filter(pk=order.pk).exists()

    def test_delete_pending_order(self) -> None:
        order = order_of("demo", "pending")
        assert self.client.delete(f"{ORDERS}{order.pk}/").status_code == 204
        assert not model("orders.Order").objects.filter(pk=order.pk).exists()

    def test_paid_order_must_be_cancelled_before_delete(self) -> None:
        order = order_of("demo", "paid")
        assert self.client.delete(f"{ORDERS}{order.pk}/").status_code == 400
        self.client.post(f"{ORDERS}{order.pk}/cancel/")
        assert self.client.delete(f"{ORDERS}{order.pk}/").status_code == 204


class TestOtherUsersOrders(ExampleAPITestCase):
    """Another customer, and staff too, get 404 for orders that are not theirs: they do not exist for them."""

    def test_other_user_and_staff_cannot_touch_demo_orders(self) -> None:
        order = order_of("demo", "pending")
        for username in ("other", "staff"):
            self.as_user(username)
            assert self.client.get(f"{ORDERS}{order.pk}/").status_code == 404
            assert self.client.post(f"{ORDERS}{order.pk}/cancel/").status_code == 404
            assert self.client.delete(f"{ORDERS}{order.pk}/").status_code == 404
        order.refresh_from_db()
        assert order.status == "pending"
