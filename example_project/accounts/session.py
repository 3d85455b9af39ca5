"""The browser session: what a same-site single-page app (or the zones' docs pages) signs in with.

GET sets Django's CSRF cookie and tells who is signed in; POST signs in with username and password (CSRF
token required, against login CSRF); DELETE signs out. Every zone's views accept the session cookie
(REST_FRAMEWORK's DEFAULT_AUTHENTICATION_CLASSES), with the CSRF token on unsafe methods.
"""

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.authentication import SessionAuthentication
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView


class SessionSerializer(serializers.Serializer):
    """Who the session belongs to: `username` is null when nobody is signed in."""

    username = serializers.CharField(allow_null=True, read_only=True)
    is_staff = serializers.BooleanField(read_only=True)


class SessionLoginSerializer(serializers.Serializer):
    username = serializers.CharField(write_only=True)
    password = serializers.CharField(write_only=True, style={"input_type": "password"})


def describe(request: Request) -> dict:
    user = request.user
    signed_in = bool(user and user.is_authenticated)
    return {"username": user.get_username() if signed_in else None, "is_staff": signed_in and user.is_staff}


class SessionView(APIView):
    """Sign in and out of a browser session (cookie `sessionid`, CSRF cookie `csrftoken`)."""

    authentication_classes = [SessionAuthentication]
    permission_classes = [AllowAny]

    @extend_schema(responses=SessionSerializer)
    def get(self, request: Request) -> Response:
        get_token(request)  # sets the CSRF cookie the app echoes in X-CSRFToken
        return Response(describe(request))

    @extend_schema(
        request=SessionLoginSerializer,
        responses={200: SessionSerializer, 403: OpenApiResponse(description="No CSRF token, or wrong credentials.")},
        extensions={"x-revolution-auth": "obtain"},
    )
    def post(self, request: Request) -> Response:
        SessionAuthentication().enforce_csrf(request)  # a login form needs CSRF protection too
        credentials = SessionLoginSerializer(data=request.data)
        credentials.is_valid(raise_exception=True)
        user = authenticate(request, **credentials.validated_data)
        if user is None:
            raise AuthenticationFailed("No active account found with the given credentials")
        login(request, user)
        return Response(describe(request))

    @extend_schema(request=None, responses={204: OpenApiResponse(description="Signed out.")},
                   extensions={"x-revolution-auth": "revoke"})
    def delete(self, request: Request) -> Response:
        logout(request)
        return Response(status=status.HTTP_204_NO_CONTENT)
