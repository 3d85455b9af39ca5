"""Public, read-only catalog endpoints: anyone may browse."""

from rest_framework import viewsets
from rest_framework.permissions import AllowAny

from catalog.filters import ProductFilter
from catalog.models import Category, Product
from catalog.serializers import CategorySerializer, ProductSerializer


class CategoryViewSet(viewsets.ReadOnlyModelViewSet):
    """Product categories; a short reference list, so it is not paginated."""

    queryset = Category.objects.all()
    serializer_class = CategorySerializer
    permission_classes = [AllowAny]
    pagination_class = None
    filter_backends = []


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """Products with their category: filter, search, order and page through them."""

    queryset = Product.objects.select_related("category")
    serializer_class = ProductSerializer
    permission_classes = [AllowAny]
    filterset_class = ProductFilter
    search_fields = ["name", "description", "category__name"]
    ordering_fields = ["price", "created_at", "name"]
    ordering = ["name", "id"]
