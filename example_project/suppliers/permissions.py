"""Supplier systems: accounts in the `suppliers` group."""

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

SUPPLIERS_GROUP = "suppliers"


class IsSupplier(BasePermission):
    message = "Only supplier accounts may manage stock."

    def has_permission(self, request: Request, view: object) -> bool:
        user = request.user
        return bool(user and user.is_authenticated and user.groups.filter(name=SUPPLIERS_GROUP).exists())
