"""The Django app users add to INSTALLED_APPS as "revolution_django": it provides `manage.py revolution`
and system checks of the zones."""

from django.apps import AppConfig

SPECTACULAR_AUTO_SCHEMA = "drf_spectacular.openapi.AutoSchema"


class RevolutionDjangoConfig(AppConfig):
    name = "revolution_django"
    label = "revolution_django"
    verbose_name = "Django Revolution"
    default_auto_field = "django.db.models.AutoField"

    def ready(self) -> None:
        from revolution_django import checks  # noqa: F401  (registers the checks)

        default_to_spectacular_schema()


def default_to_spectacular_schema() -> None:
    """Zero config: without REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"], drf-spectacular's AutoSchema becomes DRF's
    default, before any view module is imported. `@extend_schema` subclasses the default schema class when it
    decorates a view; built on DRF's own AutoSchema, such a view breaks schema generation ("Incompatible
    AutoSchema", "get_operation() takes 3 positional arguments"). Set lazily (a dotted path, imported by DRF on
    first use) and kept across `api_settings.reload()`; an explicit DEFAULT_SCHEMA_CLASS is left alone."""
    from django.conf import settings
    from rest_framework import settings as drf

    if "DEFAULT_SCHEMA_CLASS" in (getattr(settings, "REST_FRAMEWORK", None) or {}):
        return
    if drf.DEFAULTS.get("DEFAULT_SCHEMA_CLASS") != SPECTACULAR_AUTO_SCHEMA:
        drf.DEFAULTS["DEFAULT_SCHEMA_CLASS"] = SPECTACULAR_AUTO_SCHEMA
        drf.api_settings.reload()
