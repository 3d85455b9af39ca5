import os

from django.db import models

MORE = bool(os.environ.get("NAMESPROJ_MORE"))


class Ticket(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    class Priority(models.TextChoices):
        LOW = "low", "Low"
        HIGH = "high", "High"

    title = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # drf-spectacular names this `PriorityEnum` while no other model has a `priority` field
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.LOW)


class Device(models.Model):
    """`status` again, with other choices: drf-spectacular falls back to `<Component><Field>Enum` names."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        RETIRED = "retired", "Retired"

    token = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)


if MORE:

    class Invoice(models.Model):
        """Added later: a third `priority` (drf-spectacular renames `PriorityEnum` to `TicketPriorityEnum`)."""

        class Priority(models.IntegerChoices):
            NORMAL = 1, "Normal"
            URGENT = 2, "Urgent"

        number = models.CharField(max_length=20)
        priority = models.IntegerField(choices=Priority.choices, default=Priority.NORMAL)
