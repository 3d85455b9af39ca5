"""Public zone, catalog: anyone browses categories and products; filters, search, ordering, pages."""

from decimal import Decimal

from tests.example_project.helpers import ExampleAPITestCase

PRODUCTS = "/api/public/products/"
CATEGORIES = "/api/public/categories/"


class TestCategory(ExampleAPITestCase):
    def test_anonymous_lists_all_categories_unpaginated(self) -> None:
        response = self.client.get(CATEGORIES)
        assert response.status_code == 200
        assert [c["slug"] for c in response.json()] == ["books", "electronics", "home", "outdoor"]

    def test_retrieve_category(self) -> None:
        books = self.client.get(CATEGORIES).json()[0]
        response = self.client.get(f"{CATEGORIES}{books['id']}/")
        assert response.status_code == 200
        assert response.json() == books
        assert self.client.get(f"{CATEGORIES}999999/").status_code == 404

    def test_catalog_is_read_only(self) -> None:
        self.as_user("staff")
        assert self.client.post(CATEGORIES, {"name": "X", "slug": "x"}).status_code == 405
        assert self.client.post(PRODUCTS, {"name": "X"}).status_code == 405


class TestProductList(ExampleAPITestCase):
    def test_pages_of_five_with_next_and_previous(self) -> None:
        first = self.client.get(PRODUCTS).json()
        assert first["count"] == 14
        assert len(first["results"]) == 5
        assert first["previous"] is None
        assert first["next"].endswith("/api/public/products/?page=2")
        second = self.client.get(first["next"]).json()
        assert second["previous"].endswith("/api/public/products/")
        last = self.client.get(PRODUCTS, {"page": 3}).json()
        assert len(last["results"]) == 4
        assert last["next"] is None
        names = [p["name"] for page in (first, second, last) for p in page["results"]]
        assert len(set(names)) == 14
        assert self.client.get(PRODUCTS, {"page": 4}).status_code == 404

    def test_product_embeds_its_category_and_money_is_decimal_strings(self) -> None:
        product = self.client.get(PRODUCTS, {"search": "espresso"}).json()["results"][0]
        assert product["category"] == {
            "id": product["category"]["id"],
            "name": "Home",
            "slug": "home",
            "description": "Kitchen and living.",
        }
        assert product["price"] == "389.00"
        assert product["compare_at_price"] == "429.00"
        assert product["status"] == "in_stock"
        assert product["condition"] == "new"
        assert product["image"] is None

    def test_nullable_condition_is_null(self) -> None:
        product = self.client.get(PRODUCTS, {"search": "garden hose"}).json()["results"][0]
        assert product["condition"] is None
        assert product["compare_at_price"] == "32.00"

    def test_filter_by_category(self) -> None:
        books = next(c for c in self.client.get(CATEGORIES).json() if c["slug"] == "books")
        page = self.client.get(PRODUCTS, {"category": books["id"]}).json()
        assert page["count"] == 4
        assert {p["category"]["slug"] for p in page["results"]} == {"books"}

    def test_filter_by_status_and_condition(self) -> None:
        assert self.client.get(PRODUCTS, {"status": "out_of_stock"}).json()["count"] == 2
        discontinued = self.client.get(PRODUCTS, {"status": "discontinued"}).json()
        assert [p["name"] for p in discontinued["results"]] == ["CRT Monitor 17in"]
        assert self.client.get(PRODUCTS, {"condition": "refurbished"}).json()["count"] == 1
        assert self.client.get(PRODUCTS, {"status": "sold"}).status_code == 400

    def test_filter_by_price_range(self) -> None:
        page = self.client.get(PRODUCTS, {"min_price": "30", "max_price": "60"}).json()
        prices = sorted(Decimal(p["price"]) for p in page["results"])
        assert page["count"] == 4
        assert all(Decimal(30) <= price <= Decimal(60) for price in prices)

    def test_search_name_description_and_category(self) -> None:
        assert [p["slug"] for p in self.client.get(PRODUCTS, {"search": "keyboard"}).json()["results"]] == [
            "mechanical-keyboard"
        ]
        assert self.client.get(PRODUCTS, {"search": "outdoor"}).json()["count"] == 3
        assert self.client.get(PRODUCTS, {"search": "no-such-thing"}).json()["count"] == 0

    def test_ordering_by_price_both_ways(self) -> None:
        cheapest = self.client.get(PRODUCTS, {"ordering": "price"}).json()["results"]
        dearest = self.client.get(PRODUCTS, {"ordering": "-price"}).json()["results"]
        assert cheapest[0]["slug"] == "typescript-handbook"
        assert dearest[0]["slug"] == "espresso-machine"
        prices = [Decimal(p["price"]) for p in cheapest]
        assert prices == sorted(prices)

    def test_ordering_by_creation_and_default_by_name(self) -> None:
        created = self.client.get(PRODUCTS, {"ordering": "created_at"}).json()["results"]
        stamps = [p["created_at"] for p in created]
        assert stamps == sorted(stamps)
        names = [p["name"] for p in self.client.get(PRODUCTS).json()["results"]]
        assert names == sorted(names)

    def test_filters_combine_with_search_and_ordering(self) -> None:
        page = self.client.get(PRODUCTS, {"status": "in_stock", "search": "o", "ordering": "-price"}).json()
        prices = [Decimal(p["price"]) for p in page["results"]]
        assert prices == sorted(prices, reverse=True)
        assert all(p["status"] == "in_stock" for p in page["results"])


class TestProductDetail(ExampleAPITestCase):
    def test_retrieve_by_id_anonymous_and_signed_in(self) -> None:
        product = self.client.get(PRODUCTS).json()["results"][0]
        assert self.client.get(f"{PRODUCTS}{product['id']}/").json() == product
        self.as_user("demo")
        assert self.client.get(f"{PRODUCTS}{product['id']}/").json() == product

    def test_unknown_product_is_404(self) -> None:
        assert self.client.get(f"{PRODUCTS}999999/").status_code == 404

    def test_invalid_token_is_rejected_even_on_public_endpoints(self) -> None:
        self.client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
        assert self.client.get(PRODUCTS).status_code == 401
