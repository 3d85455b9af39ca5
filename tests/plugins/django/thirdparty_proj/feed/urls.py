"""An app whose API root is its own view at `''` (GET lists, POST posts), as apps often have."""

from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView


class PostSerializer(serializers.Serializer):
    text = serializers.CharField()


class FeedView(APIView):
    serializer_class = PostSerializer

    def get(self, request):
        return Response([])

    def post(self, request):
        return Response(request.data, status=201)


urlpatterns = [path("", FeedView.as_view(), name="feed")]
