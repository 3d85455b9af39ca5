"""Read serializers of the public catalog: a product embeds its category."""

from rest_framework import serializers

from catalog.models import Category, Product


class CategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["id", "name", "slug", "description"]


class ProductSerializer(serializers.ModelSerializer):
    category = CategorySerializer(read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "category",
            "price",
            "compare_at_price",
            "status",
            "condition",
            "stock",
            "image",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields
