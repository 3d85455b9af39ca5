from django.contrib.auth import get_user_model
from rest_framework import generics, parsers, permissions, serializers


class MeSerializer(serializers.ModelSerializer):
    class Meta:
        model = get_user_model()
        fields = ["id", "username", "email", "first_name"]
        read_only_fields = ["id", "username"]


class AvatarSerializer(serializers.Serializer):
    avatar = serializers.FileField()


class MeView(generics.RetrieveUpdateAPIView):
    serializer_class = MeSerializer
    permission_classes = [permissions.IsAuthenticated]
    http_method_names = ["get", "patch"]

    def get_object(self):
        return self.request.user


class AvatarView(generics.UpdateAPIView):
    serializer_class = AvatarSerializer
    permission_classes = [permissions.IsAuthenticated]
    parser_classes = [parsers.MultiPartParser, parsers.JSONParser]
    http_method_names = ["put"]

    def get_object(self):
        return self.request.user
