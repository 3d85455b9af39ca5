from rest_framework import serializers

from shop.models import Order, Product


class ProductSerializer(serializers.ModelSerializer):
    class Meta:
        model = Product
        fields = ["id", "name", "status", "condition", "image"]


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "product", "quantity", "status"]
        read_only_fields = ["status"]


class OrderSummarySerializer(serializers.ModelSerializer):
    """Reuses Order.status in a second component: drf-spectacular then hashes the enum names."""

    class Meta:
        model = Order
        fields = ["id", "status"]
