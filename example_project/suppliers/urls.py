"""Mounted by Django Revolution under /api/supplier/ (zone `supplier`)."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from suppliers.views import StockViewSet, SupplierTokenView

router = SimpleRouter()
router.register("stock", StockViewSet, basename="stock")

urlpatterns = [
    path("token/", SupplierTokenView.as_view(), name="supplier_token"),
    *router.urls,
]
