from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class BillingStatusSerializer(serializers.Serializer):
    app = serializers.CharField()


class StatusView(APIView):
    serializer_class = BillingStatusSerializer

    def get(self, request):
        return Response({"app": "billing"})


urlpatterns = [path("billing/status/", StatusView.as_view(), name="billing-status")]
