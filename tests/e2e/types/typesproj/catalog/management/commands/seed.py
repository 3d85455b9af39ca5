"""Demo data: the user ann, three products, three of ann's orders (placed in Berlin summer and winter)."""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from members.models import Order

from catalog.models import Product

BERLIN = ZoneInfo("Europe/Berlin")


class Command(BaseCommand):
    help = "Load the types test project's demo data."

    def handle(self, *args: object, **options: object) -> None:
        ann = get_user_model().objects.create_user("ann", "ann@example.com", "ann-pass-1234")
        lamp = Product.objects.create(name="Lamp", status="active", tags=["light", "home"], discount=Decimal("1.50"))
        Product.objects.create(name="Chair", status="draft", tags=["home"])
        Product.objects.create(name="Desk", status="active", tags=[], note="oak")
        for day, status in ((dt.datetime(2026, 1, 5, 9, 30, tzinfo=BERLIN), "paid"),
                            (dt.datetime(2026, 7, 1, 18, 0, tzinfo=BERLIN), "pending"),
                            (dt.datetime(2026, 7, 2, 8, 15, tzinfo=BERLIN), "paid")):
            Order.objects.create(owner=ann, product=lamp, status=status, placed_at=day, due_on=day.date())
