"""`'django_revolution'` in INSTALLED_APPS: the same app as `'revolution_django'` under the original's name
(system checks, the default schema class, `manage.py revolution`). Listing both is harmless: the checks
register once and both provide the same command."""

from django.apps import AppConfig


class DjangoRevolutionConfig(AppConfig):
    name = "django_revolution"
    label = "django_revolution"
    verbose_name = "Django Revolution (original import path)"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from revolution_django import checks  # noqa: F401  (registers the checks)
        from revolution_django.apps import default_to_spectacular_schema

        default_to_spectacular_schema()
