"""`manage.py load_demo_data`: the users, catalog and orders the demo and the end-to-end tests read.

Idempotent: running it twice updates the same rows instead of duplicating them.
"""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from catalog.models import Category, Product
from orders.models import Order, OrderItem
from profiles.models import Profile
from suppliers.permissions import SUPPLIERS_GROUP

User = get_user_model()

# username, password, is_staff, display name
USERS = [
    ("demo", "demo-pass-1234", False, "Demo Customer"),
    ("other", "other-pass-1234", False, "Other Customer"),
    ("staff", "staff-pass-1234", True, "Shop Staff"),
    ("supplier", "supplier-pass-1234", False, "Acme Supplies"),  # member of the `suppliers` group
]

CATEGORIES = [
    ("Books", "books", "Paper and e-books."),
    ("Electronics", "electronics", "Gadgets, audio and accessories."),
    ("Home", "home", "Kitchen and living."),
    ("Outdoor", "outdoor", "Camping and garden."),
]

S, C = Product.Status, Product.Condition
# slug, name, category slug, price, compare-at price, status, condition, stock
PRODUCTS = [
    ("django-for-pros", "Django for Professionals", "books", "39.00", None, S.IN_STOCK, C.NEW, 25),
    ("two-scoops", "Two Scoops of Django", "books", "45.50", "49.99", S.IN_STOCK, C.USED, 4),
    ("rest-api-design", "REST API Design Rulebook", "books", "24.99", None, S.OUT_OF_STOCK, None, 0),
    ("typescript-handbook", "TypeScript Handbook (e-book)", "books", "9.99", None, S.IN_STOCK, None, 999),
    ("usb-c-hub", "USB-C Hub 7-in-1", "electronics", "59.90", "79.90", S.IN_STOCK, C.NEW, 40),
    (
        "noise-cancelling-headphones",
        "Noise Cancelling Headphones",
        "electronics",
        "249.00",
        None,
        S.IN_STOCK,
        C.REFURBISHED,
        7,
    ),
    ("mechanical-keyboard", "Mechanical Keyboard", "electronics", "129.00", None, S.IN_STOCK, C.NEW, 15),
    ("crt-monitor", "CRT Monitor 17in", "electronics", "15.00", None, S.DISCONTINUED, C.USED, 1),
    ("espresso-machine", "Espresso Machine", "home", "389.00", "429.00", S.IN_STOCK, C.NEW, 3),
    ("cast-iron-pan", "Cast Iron Pan", "home", "34.95", None, S.IN_STOCK, C.NEW, 60),
    ("linen-throw", "Linen Throw Blanket", "home", "79.00", None, S.OUT_OF_STOCK, C.NEW, 0),
    ("two-person-tent", "Two-Person Tent", "outdoor", "199.00", None, S.IN_STOCK, C.NEW, 9),
    ("camping-stove", "Camping Stove", "outdoor", "64.50", None, S.IN_STOCK, C.USED, 5),
    ("garden-hose", "Garden Hose 25 m", "outdoor", "27.00", "32.00", S.IN_STOCK, None, 30),
]


class Command(BaseCommand):
    help = "Create the demo users (demo, other, staff, supplier), categories, products and a few orders."

    @transaction.atomic
    def handle(self, *args: object, **options: int) -> None:
        users = {}
        for username, password, is_staff, display_name in USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"email": f"{username}@example.com"})
            user.is_staff = is_staff
            user.set_password(password)
            user.save()
            Profile.objects.update_or_create(user=user, defaults={"display_name": display_name})
            users[username] = user
        suppliers, _ = Group.objects.get_or_create(name=SUPPLIERS_GROUP)
        users["supplier"].groups.add(suppliers)

        categories = {}
        for name, slug, description in CATEGORIES:
            categories[slug], _ = Category.objects.update_or_create(
                slug=slug, defaults={"name": name, "description": description}
            )

        products = {}
        for slug, name, category, price, compare_at, status, condition, stock in PRODUCTS:
            products[slug], _ = Product.objects.update_or_create(
                slug=slug,
                defaults={
                    "name": name,
                    "category": categories[category],
                    "description": f"{name}: a demo product in {categories[category].name}.",
                    "price": Decimal(price),
                    "compare_at_price": Decimal(compare_at) if compare_at else None,
                    "status": status,
                    "condition": condition,
                    "stock": stock,
                },
            )

        if not Order.objects.filter(user=users["demo"]).exists():
            self._order(users["demo"], Order.Status.PAID, [(products["usb-c-hub"], 1), (products["cast-iron-pan"], 2)])
            self._order(users["demo"], Order.Status.PENDING, [(products["django-for-pros"], 1)])
        if not Order.objects.filter(user=users["other"]).exists():
            self._order(users["other"], Order.Status.SHIPPED, [(products["two-person-tent"], 1)])

        if options["verbosity"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ready: {len(users)} users (demo, other, staff, supplier), "
                    f"{len(categories)} categories, {len(products)} products, {Order.objects.count()} orders."
                )
            )

    @staticmethod
    def _order(user: User, status: str, lines: list[tuple[Product, int]]) -> Order:
        order = Order.objects.create(user=user, status=status, note="Demo order")
        for product, quantity in lines:
            OrderItem.objects.create(order=order, product=product, quantity=quantity, unit_price=product.price)
        return order
