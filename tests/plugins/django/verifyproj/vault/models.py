from django.db import models


class Secret(models.Model):
    label = models.CharField(max_length=40)
