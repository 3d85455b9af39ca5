"""The signed-in user as one flat object: account fields plus profile fields."""

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.validators import FileExtensionValidator
from rest_framework import serializers

from profiles.models import AVATAR_EXTENSIONS, Profile

User = get_user_model()
MAX_AVATAR_BYTES = 2 * 1024 * 1024
PROFILE_FIELDS = ("display_name", "bio", "newsletter")


class MeSerializer(serializers.ModelSerializer):
    display_name = serializers.CharField(
        source="profile.display_name", max_length=100, required=False, allow_blank=True
    )
    bio = serializers.CharField(source="profile.bio", required=False, allow_blank=True)
    newsletter = serializers.BooleanField(source="profile.newsletter", required=False)
    avatar = serializers.FileField(source="profile.avatar", read_only=True, allow_null=True)

    class Meta:
        model = User
        fields = [
            "id",
            "username",
            "email",
            "first_name",
            "last_name",
            "display_name",
            "bio",
            "newsletter",
            "avatar",
            "is_staff",
            "date_joined",
        ]
        read_only_fields = ["id", "username", "is_staff", "date_joined"]

    def validate_email(self, value: str) -> str:
        if User.objects.exclude(pk=self.instance.pk).filter(email__iexact=value).exists():
            raise serializers.ValidationError("Another account already uses this email address.")
        return value

    def update(self, instance: User, validated_data: dict) -> User:
        profile_data = validated_data.pop("profile", {})
        super().update(instance, validated_data)
        profile, _ = Profile.objects.get_or_create(user=instance)
        for field in PROFILE_FIELDS:
            if field in profile_data:
                setattr(profile, field, profile_data[field])
        profile.save()
        return instance


class PasswordChangeSerializer(serializers.Serializer):
    old_password = serializers.CharField(write_only=True, style={"input_type": "password"})
    new_password = serializers.CharField(write_only=True, style={"input_type": "password"}, min_length=8)

    def validate_old_password(self, value: str) -> str:
        if not self.context["request"].user.check_password(value):
            raise serializers.ValidationError("The current password is not correct.")
        return value

    def validate_new_password(self, value: str) -> str:
        validate_password(value, user=self.context["request"].user)
        return value

    def save(self, **kwargs: object) -> User:
        user = self.context["request"].user
        user.set_password(self.validated_data["new_password"])
        user.save(update_fields=["password"])
        return user


class AvatarSerializer(serializers.ModelSerializer):
    avatar = serializers.FileField(allow_empty_file=False, validators=[FileExtensionValidator(AVATAR_EXTENSIONS)])

    class Meta:
        model = Profile
        fields = ["avatar"]

    def validate_avatar(self, value: object) -> object:
        if value.size > MAX_AVATAR_BYTES:
            raise serializers.ValidationError("The avatar must be at most 2 MB.")
        return value
