from rest_framework import serializers

from catalog.models import Product


class StockSerializer(serializers.ModelSerializer):
    """What a supplier's system reads and updates: stock level and availability."""

    class Meta:
        model = Product
        fields = ["id", "slug", "name", "status", "stock", "updated_at"]
        read_only_fields = ["id", "slug", "name", "updated_at"]
