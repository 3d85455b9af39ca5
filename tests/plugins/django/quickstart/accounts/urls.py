from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class AccountsStatusSerializer(serializers.Serializer):
    app = serializers.CharField()


class StatusView(APIView):
    serializer_class = AccountsStatusSerializer

    def get(self, request):
        return Response({"app": "accounts"})


urlpatterns = [path("accounts/status/", StatusView.as_view(), name="accounts-status")]
