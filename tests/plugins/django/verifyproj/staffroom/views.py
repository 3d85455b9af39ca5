"""Staff memos behind Django sessions (and CSRF on writes)."""

from rest_framework import mixins, serializers, viewsets
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import IsAdminUser

from staffroom.models import Memo


class MemoSerializer(serializers.ModelSerializer):
    class Meta:
        model = Memo
        fields = ["id", "title"]


class MemoViewSet(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    queryset = Memo.objects.order_by("id")
    serializer_class = MemoSerializer
    authentication_classes = [SessionAuthentication]
    permission_classes = [IsAdminUser]
