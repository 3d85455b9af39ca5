from rest_framework.routers import DefaultRouter

from shop.views import OrderViewSet, ProductViewSet

router = DefaultRouter(trailing_slash=True)
router.include_root_view = False
router.register("products", ProductViewSet)
router.register("orders", OrderViewSet)

urlpatterns = router.urls
