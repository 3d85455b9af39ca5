"""Secrets behind DRF tokens."""

from rest_framework import generics, serializers
from rest_framework.authentication import TokenAuthentication

from vault.models import Secret


class SecretSerializer(serializers.ModelSerializer):
    class Meta:
        model = Secret
        fields = ["id", "label"]


class SecretListView(generics.ListCreateAPIView):
    queryset = Secret.objects.order_by("id")
    serializer_class = SecretSerializer
    authentication_classes = [TokenAuthentication]
    pagination_class = None
