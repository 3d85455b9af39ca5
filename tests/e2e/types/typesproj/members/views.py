from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from members.models import Order
from members.serializers import MeSerializer, OrderSerializer


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    """The signed-in user's orders, two per page."""

    queryset = Order.objects.none()  # the schema's path parameter type; get_queryset() answers requests
    serializer_class = OrderSerializer

    def get_queryset(self):  # type: ignore[no-untyped-def]
        return Order.objects.filter(owner=self.request.user).order_by("placed_at")


class MeView(APIView):
    @extend_schema(responses=MeSerializer, operation_id="retrieve_me")
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class LegacyMeView(APIView):
    """Documented as the profile, answers like an old endpoint: zod rejects it."""

    @extend_schema(responses=MeSerializer, operation_id="legacy_me")
    def get(self, request: Request) -> Response:
        return Response({"status": "OK"})
