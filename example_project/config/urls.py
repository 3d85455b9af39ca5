"""Root URLs: Django admin, uploaded media in DEBUG, and every zone's API under /api/<zone>/.

`add_revolution_urls` mounts each zone's apps' `urls` modules together with the zone's
schema, Swagger UI and ReDoc views (see DJANGO_REVOLUTION in settings).
"""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import path
from revolution_django import add_revolution_urls

urlpatterns = [
    path("admin/", admin.site.urls),
]

add_revolution_urls(urlpatterns)

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
