import os

from rest_framework import generics

from lab.serializers import ItemSerializer


class ItemList(generics.ListCreateAPIView):
    serializer_class = ItemSerializer

    def get_queryset(self):
        return []

    def get_parsers(self):
        if os.environ.get("LAB_FAULT") == "view":
            raise LookupError("no parser configured for this view")
        return super().get_parsers()
