import os

from rest_framework import serializers


class ItemSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(max_length=40)

    def get_fields(self):
        fields = super().get_fields()
        if os.environ.get("LAB_FAULT") == "serializer":
            raise RuntimeError("boom in get_fields")
        return fields
