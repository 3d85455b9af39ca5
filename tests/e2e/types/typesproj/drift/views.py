"""Views whose responses differ from their documented serializers: an extra field, a missing required field,
null in a non-nullable field, and `{"status": "OK"}` instead of the serializer. Each did its work."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from drift.serializers import (
    AccountSerializer,
    EntrySerializer,
    ProfileSerializer,
    ResetRequestSerializer,
    ResetSerializer,
    SignupRequestSerializer,
)

RESETS: list[str] = []


class Open(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list[type] = []


class ProfileView(Open):
    @extend_schema(responses=ProfileSerializer, operation_id="drift_profile")
    def get(self, request: Request) -> Response:
        return Response({"username": "ann", "email": "ann@example.com", "auth_token": "tok-123"})  # extra field


class SignupView(Open):
    @extend_schema(request=SignupRequestSerializer, responses={201: AccountSerializer}, operation_id="drift_signup")
    def post(self, request: Request) -> Response:
        body = SignupRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        user = get_user_model().objects.create_user(body.validated_data["username"],
                                                    password=body.validated_data["password"])
        return Response({"id": user.pk, "username": user.username}, status=status.HTTP_201_CREATED)  # no email


class EntriesView(Open):
    @extend_schema(responses=EntrySerializer(many=True), operation_id="drift_entries")
    def get(self, request: Request) -> Response:
        return Response([{"id": 1, "title": "first"}, {"id": 2, "title": None}])  # null where not nullable


class PasswordResetView(Open):
    @extend_schema(request=ResetRequestSerializer, responses=ResetSerializer, operation_id="drift_password_reset")
    def post(self, request: Request) -> Response:
        body = ResetRequestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        RESETS.append(body.validated_data["email"])  # the mail went out
        return Response({"status": "OK"})  # not the serializer


class ResetCountView(Open):
    @extend_schema(responses={200: {"type": "object", "properties": {"count": {"type": "integer"}}}},
                   operation_id="drift_reset_count")
    def get(self, request: Request) -> Response:
        return Response({"count": len(RESETS)})
