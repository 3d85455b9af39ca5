"""For `manage.py spectacular --urlconf`: the routes of zone `devices` (push_notifications' viewset)."""

from django.urls import include, path
from push_notifications.api.rest_framework import GCMDeviceAuthorizedViewSet
from rest_framework.routers import SimpleRouter

router = SimpleRouter()
router.register(r"device/gcm", GCMDeviceAuthorizedViewSet)

urlpatterns = [path("api/", include(router.urls))]
