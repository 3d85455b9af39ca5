"""Every way a schema can lie, one view each."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from liars.models import Book
from liars.serializers import (
    BookSerializer,
    NewBookSerializer,
    RatioSerializer,
    ReviewSerializer,
    ShelfSerializer,
    SummarySerializer,
)


class Open:
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []


class BookViewSet(Open, viewsets.ReadOnlyModelViewSet):
    """Null in a non-nullable field: a seeded book has no ISBN."""

    queryset = Book.objects.order_by("id")
    serializer_class = BookSerializer


class SummaryView(Open, APIView):
    """A documented required field (`rating`) the view never returns."""

    @extend_schema(responses=SummarySerializer)
    def get(self, request: Request) -> Response:
        return Response({"title": "Summary", "pages": Book.objects.count()})


class ShelfView(Open, APIView):
    """Documented as an object, returns a list: a different shape."""

    @extend_schema(responses=ShelfSerializer)
    def get(self, request: Request) -> Response:
        return Response(BookSerializer(Book.objects.exclude(isbn=None), many=True).data)


class NewBookView(Open, generics.CreateAPIView):
    """Answers 400 to titles the schema allows."""

    serializer_class = NewBookSerializer


class ReviewView(Open, generics.CreateAPIView):
    """Documented 201, answers 200."""

    serializer_class = ReviewSerializer

    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        return Response(serializer.data, status=status.HTTP_200_OK)


class RatioView(Open, APIView):
    """Divides by a query parameter: n=0 is a server error."""

    @extend_schema(parameters=[OpenApiParameter("n", OpenApiTypes.INT, required=True)], responses=RatioSerializer)
    def get(self, request: Request) -> Response:
        return Response({"ratio": 100 // int(request.query_params["n"])})


class LogoutView(Open, APIView):
    """Documented with no response body, answers with one."""

    @extend_schema(request=None, responses={200: None})
    def post(self, request: Request) -> Response:
        return Response({"detail": "Logged out."})
