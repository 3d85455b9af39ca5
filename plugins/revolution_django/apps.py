"""The Django app users add to INSTALLED_APPS as "revolution_django" (it provides `manage.py revolution`)."""

from django.apps import AppConfig


class RevolutionDjangoConfig(AppConfig):
    name = "revolution_django"
    label = "revolution_django"
    verbose_name = "Django Revolution"
    default_auto_field = "django.db.models.AutoField"
