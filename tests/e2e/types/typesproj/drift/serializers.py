"""What the drift views promise (their schema); the views answer otherwise, as real servers do."""

from rest_framework import serializers


class ProfileSerializer(serializers.Serializer):
    username = serializers.CharField()
    email = serializers.EmailField()


class SignupRequestSerializer(serializers.Serializer):
    username = serializers.CharField()
    password = serializers.CharField(write_only=True)


class AccountSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    email = serializers.EmailField()


class EntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()


class ResetRequestSerializer(serializers.Serializer):
    email = serializers.EmailField()


class ResetSerializer(serializers.Serializer):
    email = serializers.EmailField()
    sent_at = serializers.DateTimeField()
