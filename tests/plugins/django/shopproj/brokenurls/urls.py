from django.urls import path

from brokenurls.views import does_not_exist  # noqa: F401  (an error the plugin must show, not swallow)

urlpatterns = [path("x/", does_not_exist)]
