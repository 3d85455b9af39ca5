from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class AdminPanelStatusSerializer(serializers.Serializer):
    app = serializers.CharField()


class StatusView(APIView):
    serializer_class = AdminPanelStatusSerializer

    def get(self, request):
        return Response({"app": "admin_panel"})


urlpatterns = [path("admin_panel/status/", StatusView.as_view(), name="admin_panel-status")]
