from rest_framework.routers import SimpleRouter

from staffroom.views import MemoViewSet

router = SimpleRouter()
router.register("memos", MemoViewSet, basename="memo")
urlpatterns = router.urls
