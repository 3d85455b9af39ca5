"""The customer's own profile data next to Django's User."""

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models

AVATAR_EXTENSIONS = ["png", "jpg", "jpeg", "gif", "webp"]


class Profile(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    display_name = models.CharField(max_length=100, blank=True)
    bio = models.TextField(blank=True)
    avatar = models.FileField(upload_to="avatars/", blank=True, validators=[FileExtensionValidator(AVATAR_EXTENSIONS)])
    newsletter = models.BooleanField(default=False)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.display_name or str(self.user)
