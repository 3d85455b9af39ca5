from rest_framework import generics, serializers, viewsets
from rest_framework.parsers import MultiPartParser

from .models import Book, Scan


class BookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = ["id", "title", "published_year", "isbn13"]


class BookV2Serializer(BookSerializer):
    """v2 adds the number of scanned pages."""

    scan_count = serializers.IntegerField(source="scans.count", read_only=True)

    class Meta(BookSerializer.Meta):
        fields = [*BookSerializer.Meta.fields, "scan_count"]


class ScanSerializer(serializers.ModelSerializer):
    class Meta:
        model = Scan
        fields = ["id", "book", "page_image"]


class BookViewSet(viewsets.ModelViewSet):
    queryset = Book.objects.order_by("id")

    def get_serializer_class(self):
        return BookV2Serializer if self.request.version == "v2" else BookSerializer


class ScanUploadView(generics.CreateAPIView):
    queryset = Scan.objects.all()
    serializer_class = ScanSerializer
    parser_classes = [MultiPartParser]
