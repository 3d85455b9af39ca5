"""Stock updates from suppliers' systems, server to server: DRF token authentication (`Authorization:
Token <key>`), the key obtained once from `token/` with the supplier account's username and password."""

from rest_framework import mixins, viewsets
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny, IsAuthenticated

from catalog.models import Product
from suppliers.permissions import IsSupplier
from suppliers.serializers import StockSerializer


class SupplierTokenView(ObtainAuthToken):
    """Exchange a supplier account's username and password for its API token (the same key every time)."""

    authentication_classes = []
    permission_classes = [AllowAny]


class StockViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.UpdateModelMixin,
                   viewsets.GenericViewSet):
    """Products' stock levels; PATCH `stock` (and `status`) when a delivery arrives or stock runs out."""

    queryset = Product.objects.order_by("id")
    serializer_class = StockSerializer
    authentication_classes = [TokenAuthentication]
    permission_classes = [IsAuthenticated, IsSupplier]
    http_method_names = ["get", "patch", "head", "options"]
    filter_backends = []
