from rest_framework.routers import SimpleRouter

from honest.views import NoteViewSet

router = SimpleRouter()
router.register("notes", NoteViewSet, basename="note")
urlpatterns = router.urls
