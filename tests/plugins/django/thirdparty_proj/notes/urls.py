"""The notes API as an app's own urls (a DefaultRouter: its API root answers GET at `''`); tpproj/urls.py
wires the viewsets itself, so only settings_conflict uses this module."""

from rest_framework.routers import DefaultRouter

from notes.views import NoteViewSet

router = DefaultRouter()
router.register(r"notes", NoteViewSet, basename="note")
urlpatterns = router.urls
