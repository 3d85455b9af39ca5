"""For `manage.py spectacular --urlconf`: the routes of zone `app` (tpproj/urls.py without the devices)."""

from django.urls import include, path
from notes.views import CommentViewSet, NoteViewSet
from rest_framework_nested import routers
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView

router = routers.DefaultRouter()
router.register(r"notes", NoteViewSet, basename="note")
notes_router = routers.NestedSimpleRouter(router, r"notes", lookup="note")
notes_router.register(r"comments", CommentViewSet, basename="note-comments")

urlpatterns = [
    path("api/token/", TokenObtainPairView.as_view()),
    path("api/token/refresh/", TokenRefreshView.as_view()),
    path("api/", include(router.urls)),
    path("api/", include(notes_router.urls)),
]
