"""What `manage.py revolution --verify` runs in its test database: the demo data, the user each private
zone's requests are signed in as (the plugin mints what the zone's schema asks for: a JWT, or the
supplier's DRF token), and requests no generator would guess (real credentials, a CSRF pair, products
that exist), so those operations' successful answers are checked too. See docs/verify.md."""

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management import call_command

PASSWORDS = {"demo": "demo-pass-1234", "staff": "staff-pass-1234", "supplier": "supplier-pass-1234"}
CSRF = "verifycsrfsecretverifycsrfsecret"  # any 32 letters: Django compares the cookie with the header


def seed() -> None:
    call_command("load_demo_data", verbosity=0)


def customer(zone: str) -> Any:
    return get_user_model().objects.get(username="demo")


def staff(zone: str) -> Any:
    return get_user_model().objects.get(username="staff")


def supplier(zone: str) -> Any:
    return get_user_model().objects.get(username="supplier")


def cases(zone: str) -> dict[str, list[dict[str, Any]]]:
    """operationId -> requests sent as written, before the generated ones."""
    from rest_framework_simplejwt.tokens import RefreshToken

    from catalog.models import Category, Product

    if zone == "public":
        refresh = RefreshToken.for_user(customer(zone))
        return {
            "create_token": [{"body": {"username": "demo", "password": PASSWORDS["demo"]}}],
            "refresh_token": [{"body": {"refresh": str(refresh)}}],
            "verify_token": [{"body": {"token": str(refresh.access_token)}}],
            "create_register": [{"body": {"username": "newcomer", "email": "newcomer@example.com",
                                          "password": "a-long-unusual-passphrase"}}],
            "create_session": [{"body": {"username": "demo", "password": PASSWORDS["demo"]},
                                "cookies": {"csrftoken": CSRF}, "headers": {"X-CSRFToken": CSRF}}],
        }
    if zone == "supplier":
        return {"create_token": [{"body": {"username": "supplier", "password": PASSWORDS["supplier"]}}]}
    if zone == "client":
        product = Product.objects.filter(status=Product.Status.IN_STOCK).order_by("id").first()
        return {
            "create_orders": [{"body": {"note": "Ring twice", "items": [{"product": product.pk, "quantity": 2}]}}],
            "password_me": [{"body": {"old_password": PASSWORDS["demo"], "new_password": "another-long-passphrase"}}],
        }
    if zone == "admin":
        category = Category.objects.order_by("id").first()
        product = {"name": "Verify Lamp", "slug": "verify-lamp", "category": category.pk, "price": "12.50",
                   "status": "in_stock", "stock": 3}
        return {
            "create_users": [{"body": {"username": "new-clerk", "email": "clerk@example.com",
                                       "password": "a-long-unusual-passphrase", "is_staff": True}}],
            "create_products": [{"body": product}],
            "update_products": [{"path_parameters": {"id": Product.objects.order_by("id").first().pk},
                                 "body": product}],
        }
    return {}
