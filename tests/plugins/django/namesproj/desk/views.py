from drf_spectacular.utils import extend_schema
from rest_framework import generics, mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from desk import serializers as s
from desk.models import MORE, Device, Ticket


class TicketViewSet(viewsets.ModelViewSet):
    queryset = Ticket.objects.all()
    serializer_class = s.TicketSerializer

    @extend_schema(request=None, responses=s.TicketSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return Response(s.TicketSerializer(self.get_object()).data)

    @action(detail=False, methods=["get"], serializer_class=s.TicketSummarySerializer)
    def summary(self, request):
        return Response(s.TicketSummarySerializer(self.get_queryset(), many=True).data)

    @action(detail=True, methods=["get", "put"], url_path="notes-text", serializer_class=s.MessageSerializer)
    def notes(self, request, pk=None):
        return Response({"detail": ""})


class GCMDeviceViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    """Registered at `device/gcm`: a router `create` that must keep its verb."""

    queryset = Device.objects.all()
    serializer_class = s.DeviceSerializer


class PasswordResetView(generics.GenericAPIView):
    serializer_class = s.PasswordResetSerializer

    @extend_schema(responses=s.MessageSerializer)
    def post(self, request):
        return Response({"detail": "sent"})


class PasswordResetConfirmView(generics.GenericAPIView):
    """Same tokens as PasswordResetView: drf-spectacular names them password_reset_create and ..._create_2."""

    serializer_class = s.PasswordResetConfirmSerializer

    @extend_schema(responses=s.MessageSerializer)
    def post(self, request, uidb64, token):
        return Response({"detail": "changed"})


class RootView(generics.GenericAPIView):
    """At the zone's root: drf-spectacular's `root_create`."""

    serializer_class = s.MessageSerializer

    def post(self, request):
        return Response({"detail": "pong"})


class PingView(generics.GenericAPIView):
    serializer_class = s.MessageSerializer

    @extend_schema(operation_id="ping_server")
    def get(self, request):
        return Response({"detail": "pong"})


if MORE:
    from desk.models import Invoice

    class InvoiceViewSet(viewsets.ReadOnlyModelViewSet):
        queryset = Invoice.objects.all()
        serializer_class = s.InvoiceSerializer

    class PasswordResetStartView(generics.GenericAPIView):
        """A third `password_reset_create`, sorting between the other two: drf-spectacular renumbers."""

        serializer_class = s.PasswordResetSerializer

        @extend_schema(responses=s.MessageSerializer)
        def post(self, request, key):
            return Response({"detail": "started"})
