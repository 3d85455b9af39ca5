"""Mounted by Django Revolution under /api/client/ (zone `client`)."""

from django.urls import path

from profiles.views import AvatarView, MeView, PasswordChangeView

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/password/", PasswordChangeView.as_view(), name="me-password"),
    path("me/avatar/", AvatarView.as_view(), name="me-avatar"),
]
