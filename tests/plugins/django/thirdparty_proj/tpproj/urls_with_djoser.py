"""The project's URLs plus djoser where its README puts it, while zone `auth` also mounts djoser.urls."""

from django.urls import include, path

from tpproj.urls import urlpatterns as base

urlpatterns = [path("auth/", include("djoser.urls")), *base]
