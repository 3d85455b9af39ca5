"""Sign-up; JWT login, refresh and verify are simplejwt's own views, the browser session is session.py."""

from rest_framework import generics
from rest_framework.permissions import AllowAny

from accounts.serializers import RegisterSerializer


class RegisterView(generics.CreateAPIView):
    """Create a customer account; log in afterwards with /token/."""

    serializer_class = RegisterSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
