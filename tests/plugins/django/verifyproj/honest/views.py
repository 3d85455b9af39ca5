"""A signed-in user's notes (JWT): every documented answer is what the views return."""

from rest_framework import serializers, viewsets

from honest.models import Note


class NoteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Note
        fields = ["id", "text", "pinned", "created"]
        read_only_fields = ["id", "created"]


class NoteViewSet(viewsets.ModelViewSet):
    serializer_class = NoteSerializer

    def get_queryset(self):
        return Note.objects.filter(owner=self.request.user).order_by("id")

    def perform_create(self, serializer: NoteSerializer) -> None:
        serializer.save(owner=self.request.user)
