"""For `manage.py spectacular --urlconf`: the routes of zone `auth`, written by hand as a urls.py would."""

from django.urls import include, path

urlpatterns = [
    path("api/auth/", include("djoser.urls")),
    path("api/auth/", include("djoser.urls.jwt")),
    path("api/auth/knox/", include("knox.urls")),
]
