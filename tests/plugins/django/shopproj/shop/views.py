from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import permissions, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shop.models import Order, Product
from shop.serializers import OrderSerializer, OrderSummarySerializer, ProductSerializer


class ProductViewSet(viewsets.ModelViewSet):
    """Products anyone may read and write (a test project)."""

    queryset = Product.objects.all()
    serializer_class = ProductSerializer
    permission_classes = [permissions.AllowAny]


class OrderViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Order.objects.all()
    serializer_class = OrderSerializer
    permission_classes = [permissions.IsAuthenticated]

    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        order = self.get_object()
        order.status = Order.Status.CANCELLED
        order.save()
        return Response(OrderSerializer(order).data)

    # a query parameter named like DRF's URL_FORMAT_OVERRIDE: the zone gets a warning
    @extend_schema(parameters=[OpenApiParameter("format", str, enum=["short", "long"], required=False)])
    @action(detail=False, methods=["get"], serializer_class=OrderSummarySerializer)
    def summary(self, request):
        return Response(OrderSummarySerializer(self.get_queryset(), many=True).data)
