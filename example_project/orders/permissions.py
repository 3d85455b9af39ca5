from rest_framework.permissions import BasePermission


class IsOwner(BasePermission):
    """Object-level guard: an order belongs to the user who placed it (the queryset already filters)."""

    def has_object_permission(self, request, view, obj) -> bool:
        return obj.user_id == request.user.id
