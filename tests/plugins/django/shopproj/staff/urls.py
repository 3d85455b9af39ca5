from django.urls import path
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view, permission_classes
from rest_framework.permissions import IsAdminUser
from rest_framework.response import Response


@extend_schema(responses=inline_serializer("SalesReport", {"total": serializers.IntegerField()}))
@api_view(["GET"])
@permission_classes([IsAdminUser])
def sales_report(request):
    return Response({"total": 0})


urlpatterns = [path("reports/sales/", sales_report, name="sales-report")]
