from django.db import models


class Book(models.Model):
    title = models.CharField(max_length=200)
    published_year = models.PositiveIntegerField()
    isbn13 = models.CharField(max_length=13, blank=True)  # a digit after a letter: the camel-case parser's trap


class Scan(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="scans")
    page_image = models.FileField(upload_to="scans/")
