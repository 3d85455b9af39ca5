from django.urls import path

from lab.views import ItemList

urlpatterns = [path("items/", ItemList.as_view(), name="items")]
