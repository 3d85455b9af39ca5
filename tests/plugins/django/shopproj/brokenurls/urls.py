from django.urls import path

from brokenurls.views import does_not_exist  # an ImportError the plugin must show

urlpatterns = [path("x/", does_not_exist)]
