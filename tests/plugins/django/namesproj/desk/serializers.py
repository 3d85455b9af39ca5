from rest_framework import serializers

from desk.models import MORE, Device, Ticket


class TicketSerializer(serializers.ModelSerializer):
    class Meta:
        model = Ticket
        fields = ["id", "title", "status", "priority"]


class TicketSummarySerializer(serializers.ModelSerializer):
    """Ticket.status again in another component: drf-spectacular then hashes the enum's name."""

    class Meta:
        model = Ticket
        fields = ["id", "status"]


class DeviceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Device
        fields = ["id", "token", "status"]


class PasswordResetSerializer(serializers.Serializer):
    email = serializers.EmailField()


class PasswordResetConfirmSerializer(serializers.Serializer):
    new_password = serializers.CharField()


class MessageSerializer(serializers.Serializer):
    detail = serializers.CharField()


if MORE:
    from desk.models import Invoice

    class InvoiceSerializer(serializers.ModelSerializer):
        class Meta:
            model = Invoice
            fields = ["id", "number", "priority"]
