from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class ServicesStatusSerializer(serializers.Serializer):
    app = serializers.CharField()


class StatusView(APIView):
    serializer_class = ServicesStatusSerializer

    def get(self, request):
        return Response({"app": "services"})


urlpatterns = [path("services/status/", StatusView.as_view(), name="services-status")]
