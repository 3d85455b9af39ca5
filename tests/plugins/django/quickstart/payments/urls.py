from django.urls import path
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.response import Response


class PaymentsStatusSerializer(serializers.Serializer):
    app = serializers.CharField()


# Annotated with drf-spectacular, in a project without DEFAULT_SCHEMA_CLASS (a function view).
@extend_schema(summary="Payments status", responses=PaymentsStatusSerializer)
@api_view(["GET"])
def status(request):
    return Response({"app": "payments"})


urlpatterns = [path("payments/status/", status, name="payments-status")]
