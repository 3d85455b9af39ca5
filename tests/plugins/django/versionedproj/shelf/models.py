from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=200)
    published_year = models.PositiveIntegerField()


class Scan(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="scans")
    page_image = models.FileField(upload_to="scans/")
