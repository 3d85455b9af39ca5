"""The Django app users add to INSTALLED_APPS as "revolution_django": it provides `manage.py revolution`
and system checks of the zones."""

from django.apps import AppConfig


class RevolutionDjangoConfig(AppConfig):
    name = "revolution_django"
    label = "revolution_django"
    verbose_name = "Django Revolution"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from revolution_django import checks  # noqa: F401  (registers the checks)
