"""The signed-in user's own account: read, update, change password, upload an avatar."""

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from profiles.models import Profile
from profiles.serializers import AvatarSerializer, MeSerializer, PasswordChangeSerializer


class MeView(generics.RetrieveUpdateAPIView):
    """The current user and their profile; PATCH changes any writable field."""

    serializer_class = MeSerializer
    http_method_names = ["get", "patch", "head", "options"]

    def get_object(self):
        Profile.objects.get_or_create(user=self.request.user)
        return self.request.user


class PasswordChangeView(APIView):
    """Change the password; existing tokens stay valid until they expire."""

    @extend_schema(
        request=PasswordChangeSerializer,
        responses={204: OpenApiResponse(description="Password changed.")},
    )
    def post(self, request: Request) -> Response:
        serializer = PasswordChangeSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        serializer.save()
        return Response(status=status.HTTP_204_NO_CONTENT)


class AvatarView(APIView):
    """Replace the avatar with an uploaded image (multipart field `avatar`, at most 2 MB)."""

    parser_classes = [MultiPartParser]

    @extend_schema(request=AvatarSerializer, responses={200: MeSerializer})
    def put(self, request: Request) -> Response:
        profile, _ = Profile.objects.get_or_create(user=request.user)
        previous = profile.avatar.name if profile.avatar else None
        serializer = AvatarSerializer(profile, data=request.data)
        serializer.is_valid(raise_exception=True)
        serializer.save()
        if previous and previous != profile.avatar.name:
            profile.avatar.storage.delete(previous)
        return Response(MeSerializer(request.user, context={"request": request}).data)
