"""The signed-in customer's orders: place, list, read, cancel, delete. Other users' orders are invisible."""

from django.db.models import Prefetch
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import filters, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from orders.models import Order, OrderItem
from orders.permissions import IsOwner
from orders.serializers import OrderSerializer


@extend_schema_view(
    destroy=extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted."),
            400: OpenApiResponse(description="Only pending or cancelled orders can be deleted."),
        }
    )
)
class OrderViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = OrderSerializer
    permission_classes = [IsAuthenticated, IsOwner]
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    filterset_fields = ["status"]
    ordering_fields = ["created_at"]

    def get_queryset(self):
        items = Prefetch("items", queryset=OrderItem.objects.select_related("product"))
        if getattr(self, "swagger_fake_view", False):
            return Order.objects.none()
        return Order.objects.filter(user=self.request.user).prefetch_related(items)

    def perform_create(self, serializer: OrderSerializer) -> None:
        serializer.save(user=self.request.user)

    def perform_destroy(self, instance: Order) -> None:
        if instance.status not in Order.DELETABLE:
            raise serializers.ValidationError(
                {"status": f"A {instance.status} order cannot be deleted; cancel it first."}
            )
        instance.delete()

    @extend_schema(request=None, responses={200: OrderSerializer})
    @action(detail=True, methods=["post"])
    def cancel(self, request: Request, pk: str | None = None) -> Response:
        """Cancel a pending or paid order."""
        order = self.get_object()
        if order.status not in Order.CANCELLABLE:
            raise serializers.ValidationError({"status": f"A {order.status} order cannot be cancelled."})
        order.status = Order.Status.CANCELLED
        order.save(update_fields=["status", "updated_at"])
        return Response(self.get_serializer(order).data)
