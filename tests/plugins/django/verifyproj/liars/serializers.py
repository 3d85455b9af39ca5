"""Serializers whose schemas lie about what the views return (each lie is named where it is told)."""

from rest_framework import serializers

from liars.models import Book


class BookSerializer(serializers.ModelSerializer):
    isbn = serializers.CharField()  # LIE: the model allows null, so the view returns null in a non-nullable field

    class Meta:
        model = Book
        fields = ["id", "title", "isbn", "pages"]


class SummarySerializer(serializers.Serializer):
    title = serializers.CharField()
    pages = serializers.IntegerField()
    rating = serializers.FloatField()  # LIE: documented as required, never returned


class ShelfSerializer(serializers.Serializer):
    name = serializers.CharField()
    books = BookSerializer(many=True)


class NewBookSerializer(serializers.ModelSerializer):
    class Meta:
        model = Book
        fields = ["id", "title", "pages"]

    def validate_title(self, value: str) -> str:  # LIE: a rule the schema does not state, answered with 400
        if not value[:1].isupper():
            raise serializers.ValidationError("Titles start with a capital letter.")
        return value


class ReviewSerializer(serializers.Serializer):
    stars = serializers.IntegerField(min_value=1, max_value=5)


class RatioSerializer(serializers.Serializer):
    ratio = serializers.IntegerField()
