from django.urls import path

from vault.views import SecretListView

urlpatterns = [path("secrets/", SecretListView.as_view())]
