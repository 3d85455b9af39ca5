from django.urls import include, path, re_path
from rest_framework.routers import DefaultRouter
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView
from revolution_django import add_revolution_urls
from shelf.views import BookViewSet, ScanUploadView

router = DefaultRouter()
router.register(r"books", BookViewSet, basename="book")

urlpatterns = [
    path("api/auth/token/", TokenObtainPairView.as_view(), name="token_obtain_pair"),
    path("api/auth/token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    re_path(r"^api/(?P<version>(v1|v2))/", include(router.urls)),
    re_path(r"^api/(?P<version>(v1|v2))/scans/$", ScanUploadView.as_view(), name="scan-upload"),
]

add_revolution_urls(urlpatterns)
