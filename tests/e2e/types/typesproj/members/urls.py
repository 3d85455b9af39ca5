from django.urls import path
from rest_framework.routers import SimpleRouter

from members.views import LegacyMeView, MeView, OrderViewSet

router = SimpleRouter()
router.register("orders", OrderViewSet, basename="order")

urlpatterns = [
    path("me/", MeView.as_view(), name="me"),
    path("me/legacy/", LegacyMeView.as_view(), name="me_legacy"),
    *router.urls,
]
