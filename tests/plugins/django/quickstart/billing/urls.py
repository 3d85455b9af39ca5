from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class BillingStatusSerializer(serializers.Serializer):
    app = serializers.CharField()


class StatusView(APIView):
    serializer_class = BillingStatusSerializer

    @extend_schema(summary="Billing status")  # a view method annotated, without DEFAULT_SCHEMA_CLASS
    def get(self, request):
        return Response({"app": "billing"})


urlpatterns = [path("billing/status/", StatusView.as_view(), name="billing-status")]
