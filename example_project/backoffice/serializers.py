"""Back-office serializers: writable products (with image upload), users, and the sales report."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from catalog.models import Category, Product
from catalog.serializers import CategorySerializer
from orders.models import Order

User = get_user_model()


class AdminProductSerializer(serializers.ModelSerializer):
    category = serializers.PrimaryKeyRelatedField(queryset=Category.objects.all())
    category_detail = CategorySerializer(source="category", read_only=True)

    class Meta:
        model = Product
        fields = [
            "id",
            "name",
            "slug",
            "description",
            "category",
            "category_detail",
            "price",
            "compare_at_price",
            "status",
            "condition",
            "stock",
            "image",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "created_at", "updated_at"]


class AdminUserSerializer(serializers.ModelSerializer):
    password = serializers.CharField(write_only=True, required=False, style={"input_type": "password"})
    order_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "is_active",
            "is_staff",
            "date_joined",
            "last_login",
            "order_count",
            "password",
        ]
        read_only_fields = ["id", "date_joined", "last_login"]

    def validate(self, attrs: dict) -> dict:
        if self.instance is None and not attrs.get("password"):
            raise serializers.ValidationError({"password": "Set a password for the new account."})
        if attrs.get("password"):
            try:
                validate_password(attrs["password"], user=self.instance)
            except DjangoValidationError as exc:
                raise serializers.ValidationError({"password": list(exc.messages)}) from None
        return attrs

    def create(self, validated_data: dict) -> User:
        user = User.objects.create_user(**validated_data)
        user.order_count = 0  # the list's annotation; a new account has no orders yet
        return user

    def update(self, instance: User, validated_data: dict) -> User:
        password = validated_data.pop("password", None)
        if password:
            instance.set_password(password)
        return super().update(instance, validated_data)


class StatusCountSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Order.Status.choices)
    count = serializers.IntegerField()


class TopProductSerializer(serializers.Serializer):
    product_id = serializers.IntegerField()
    name = serializers.CharField()
    quantity = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=14, decimal_places=2)


class SalesReportSerializer(serializers.Serializer):
    since = serializers.DateField(allow_null=True)
    order_count = serializers.IntegerField(help_text="Orders placed, cancelled ones excluded.")
    items_sold = serializers.IntegerField()
    revenue = serializers.DecimalField(max_digits=14, decimal_places=2)
    by_status = StatusCountSerializer(many=True)
    top_products = TopProductSerializer(many=True)


class HealthSerializer(serializers.Serializer):
    status = serializers.CharField()
    database = serializers.BooleanField()
    products = serializers.IntegerField()
    users = serializers.IntegerField()
