from rest_framework import serializers

from catalog.models import Product


class ProductSerializer(serializers.ModelSerializer):
    """`tags` is a ListField of CharFields: `list[str]` in Python, `Array<string>` in TypeScript."""

    tags = serializers.ListField(child=serializers.CharField(max_length=20), required=False)

    class Meta:
        model = Product
        fields = ["id", "name", "status", "tags", "note", "discount", "created_at"]
        read_only_fields = ["created_at"]
