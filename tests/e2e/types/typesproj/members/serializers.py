from django.contrib.auth import get_user_model
from rest_framework import serializers

from members.models import Order


class OrderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Order
        fields = ["id", "product", "status", "placed_at", "due_on"]


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["username", "date_joined", "last_login"]
