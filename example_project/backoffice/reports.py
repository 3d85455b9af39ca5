"""The sales figures behind /api/admin/reports/sales/, computed in the database."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum

from orders.models import Order, OrderItem

TOP_PRODUCTS = 5


def sales_report(since: date | None = None) -> dict:
    orders = Order.objects.all()
    if since is not None:
        orders = orders.filter(created_at__date__gte=since)
    items = OrderItem.objects.filter(order__in=orders.exclude(status=Order.Status.CANCELLED))
    line_total = ExpressionWrapper(
        F("unit_price") * F("quantity"), output_field=DecimalField(max_digits=14, decimal_places=2)
    )
    totals = items.aggregate(items_sold=Sum("quantity"), revenue=Sum(line_total))
    top = (
        items.values("product_id", "product__name")
        .annotate(sold=Sum("quantity"), revenue=Sum(line_total))
        .order_by("-sold", "product_id")[:TOP_PRODUCTS]
    )
    return {
        "since": since,
        "order_count": orders.exclude(status=Order.Status.CANCELLED).count(),
        "items_sold": totals["items_sold"] or 0,
        "revenue": totals["revenue"] or Decimal("0.00"),
        "by_status": list(orders.values("status").annotate(count=Count("id")).order_by("status")),
        "top_products": [
            {
                "product_id": row["product_id"],
                "name": row["product__name"],
                "quantity": row["sold"],
                "revenue": row["revenue"],
            }
            for row in top
        ],
    }
