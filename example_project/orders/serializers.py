"""Orders with writable nested line items: the client sends products and quantities, we price them."""

from django.db import transaction
from rest_framework import serializers

from catalog.models import Product
from orders.models import Order, OrderItem

MAX_QUANTITY = 100


class OrderItemSerializer(serializers.ModelSerializer):
    product = serializers.PrimaryKeyRelatedField(queryset=Product.objects.all())
    product_name = serializers.CharField(source="product.name", read_only=True)
    quantity = serializers.IntegerField(min_value=1, max_value=MAX_QUANTITY)
    line_total = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = OrderItem
        fields = ["id", "product", "product_name", "quantity", "unit_price", "line_total"]
        read_only_fields = ["id", "unit_price"]

    def validate_product(self, product: Product) -> Product:
        if product.status != Product.Status.IN_STOCK:
            raise serializers.ValidationError(
                f"'{product.name}' cannot be ordered: it is {product.get_status_display().lower()}."
            )
        return product


class OrderSerializer(serializers.ModelSerializer):
    items = OrderItemSerializer(many=True)
    total = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)

    class Meta:
        model = Order
        fields = ["id", "status", "note", "items", "total", "created_at", "updated_at"]
        read_only_fields = ["id", "status", "created_at", "updated_at"]

    def validate_items(self, items: list[dict]) -> list[dict]:
        if not items:
            raise serializers.ValidationError("An order needs at least one item.")
        products = [item["product"].pk for item in items]
        if len(products) != len(set(products)):
            raise serializers.ValidationError("List each product once; raise its quantity instead.")
        return items

    @transaction.atomic
    def create(self, validated_data: dict) -> Order:
        items = validated_data.pop("items")
        order = Order.objects.create(**validated_data)
        OrderItem.objects.bulk_create(
            OrderItem(order=order, product=item["product"], quantity=item["quantity"], unit_price=item["product"].price)
            for item in items
        )
        return order
