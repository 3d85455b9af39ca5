"""Mounted by Django Revolution under /api/public/ (zone `public`)."""

from rest_framework.routers import SimpleRouter

from catalog.views import CategoryViewSet, ProductViewSet

router = SimpleRouter()
router.register("categories", CategoryViewSet, basename="category")
router.register("products", ProductViewSet, basename="product")

urlpatterns = router.urls
