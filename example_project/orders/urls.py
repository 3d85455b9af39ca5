"""Mounted by Django Revolution under /api/client/ (zone `client`)."""

from rest_framework.routers import SimpleRouter

from orders.views import OrderViewSet

router = SimpleRouter()
router.register("orders", OrderViewSet, basename="order")

urlpatterns = router.urls
