"""`manage.py revolution` for projects that install the app as `'django_revolution'`."""

from revolution_django.management.commands.revolution import Command

__all__ = ["Command"]
