from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=100)
    isbn = models.CharField(max_length=20, null=True, blank=True)
    pages = models.PositiveIntegerField(default=100)
