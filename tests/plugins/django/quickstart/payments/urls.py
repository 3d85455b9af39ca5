from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class PaymentsStatusSerializer(serializers.Serializer):
    app = serializers.CharField()


class StatusView(APIView):
    serializer_class = PaymentsStatusSerializer

    def get(self, request):
        return Response({"app": "payments"})


urlpatterns = [path("payments/status/", StatusView.as_view(), name="payments-status")]
