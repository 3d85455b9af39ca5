"""The project's own URLs, as the packages' READMEs wire them; add_revolution_urls adds the `auth` zone's
mounted modules and every zone's schema/docs views, and mounts nothing of the `paths` zones a second time."""

from django.urls import include, path
from notes.views import CommentViewSet, NoteViewSet
from push_notifications.api.rest_framework import GCMDeviceAuthorizedViewSet
from rest_framework_nested import routers
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView
from revolution_django import add_revolution_urls

router = routers.DefaultRouter()
router.register(r"notes", NoteViewSet, basename="note")
router.register(r"device/gcm", GCMDeviceAuthorizedViewSet)
notes_router = routers.NestedSimpleRouter(router, r"notes", lookup="note")
notes_router.register(r"comments", CommentViewSet, basename="note-comments")

urlpatterns = [
    path("api/token/", TokenObtainPairView.as_view(), name="token_obtain_pair"),
    path("api/token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("api/", include(router.urls)),
    path("api/", include(notes_router.urls)),
]

add_revolution_urls(urlpatterns)
