"""Mounted by Django Revolution under /api/admin/ (zone `admin`)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from backoffice.views import AdminProductViewSet, SalesReportView, UserViewSet, health

router = SimpleRouter()
router.register("users", UserViewSet, basename="admin-user")
router.register("products", AdminProductViewSet, basename="admin-product")

urlpatterns = [
    path("reports/sales/", SalesReportView.as_view(), name="sales-report"),
    path("health/", health, name="health"),
    *router.urls,
]
