"""Staff-only endpoints: a report (APIView), user and product management (viewsets), health (function view)."""

from django.contrib.auth import get_user_model
from django.db import DatabaseError, connection
from django.db.models import Count, ProtectedError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backoffice.permissions import STAFF_ONLY
from backoffice.reports import sales_report
from backoffice.serializers import AdminProductSerializer, AdminUserSerializer, HealthSerializer, SalesReportSerializer
from catalog.filters import ProductFilter
from catalog.models import Product

User = get_user_model()


class SalesReportView(APIView):
    """Orders, items sold and revenue, optionally since a date."""

    permission_classes = STAFF_ONLY

    @extend_schema(
        parameters=[
            OpenApiParameter("since", OpenApiTypes.DATE, description="Only orders placed on or after this day.")
        ],
        responses=SalesReportSerializer,
    )
    def get(self, request: Request) -> Response:
        since_field = serializers.DateField(required=False, allow_null=True)
        raw = request.query_params.get("since")
        try:
            since = since_field.run_validation(raw) if raw else None
        except serializers.ValidationError as exc:
            raise serializers.ValidationError({"since": exc.detail}) from None
        return Response(SalesReportSerializer(sales_report(since)).data)


@extend_schema_view(
    destroy=extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted."),
            400: OpenApiResponse(description="Staff cannot delete their own account."),
        }
    )
)
class UserViewSet(viewsets.ModelViewSet):
    """Every account; staff can create, edit, deactivate and delete them."""

    serializer_class = AdminUserSerializer
    permission_classes = STAFF_ONLY
    filterset_fields = ["is_staff", "is_active"]
    search_fields = ["username", "email", "first_name", "last_name"]
    ordering_fields = ["username", "date_joined"]
    ordering = ["username"]

    def get_queryset(self):
        return User.objects.annotate(order_count=Count("orders"))

    def perform_destroy(self, instance: User) -> None:
        if instance.pk == self.request.user.pk:
            raise serializers.ValidationError({"detail": "You cannot delete your own account."})
        instance.delete()


class ProductInUse(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "This product appears in orders and cannot be deleted; set its status to discontinued instead."
    default_code = "product_in_use"


@extend_schema_view(
    destroy=extend_schema(
        responses={
            204: OpenApiResponse(description="Deleted."),
            409: OpenApiResponse(description=ProductInUse.default_detail),
        }
    )
)
class AdminProductViewSet(viewsets.ModelViewSet):
    """Catalog management; send multipart/form-data to upload an image."""

    queryset = Product.objects.select_related("category")
    serializer_class = AdminProductSerializer
    permission_classes = STAFF_ONLY
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    filterset_class = ProductFilter
    search_fields = ["name", "description"]
    ordering_fields = ["price", "created_at", "name", "stock"]
    ordering = ["name", "id"]

    def perform_destroy(self, instance: Product) -> None:
        try:
            instance.delete()
        except ProtectedError:
            raise ProductInUse() from None


@extend_schema(responses=HealthSerializer)
@api_view(["GET"])
@permission_classes(STAFF_ONLY)
def health(request: Request) -> Response:
    """Database reachability and a couple of counts, for monitoring."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = True
        products, users = Product.objects.count(), User.objects.count()
    except DatabaseError:
        database, products, users = False, 0, 0
    data = {"status": "ok" if database else "degraded", "database": database, "products": products, "users": users}
    return Response(HealthSerializer(data).data, status=200 if database else 503)
