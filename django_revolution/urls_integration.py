"""`from django_revolution.urls_integration import add_revolution_urls`."""

from revolution_django.urls_integration import add_revolution_urls

__all__ = ["add_revolution_urls"]
