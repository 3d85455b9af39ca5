"""Django system checks: zone problems show up in `manage.py check` and when `runserver` starts, as
errors naming the setting and the fix (the same report as `manage.py revolution --validate-zones`)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register

from revolution_core.errors import ConfigError, RevolutionError


@register(Tags.urls, "revolution")
def check_zones(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from django.conf import settings

    from revolution_django.conf import SETTING, django_zone_names, settings_config
    from revolution_django.validation import validate_zone_configuration

    if not hasattr(settings, SETTING):
        return [Warning("settings.DJANGO_REVOLUTION is not set: no API zone is configured",
                        hint="DJANGO_REVOLUTION = get_revolution_config(project_root=BASE_DIR, zones={...})",
                        id="revolution_django.W001")]
    try:
        config = settings_config()
    except ConfigError as exc:
        return [Error(str(problem), id="revolution_django.E001") for problem in exc.problems]
    except RevolutionError as exc:
        return [Error(str(exc), id="revolution_django.E001")]
    names = django_zone_names(config)
    if not names:
        return []
    problems = list(validate_zone_configuration(config))
    problems.extend(_schema_option_problems(config, names))
    return [Error(str(problem), id="revolution_django.E002") for problem in problems]


def _schema_option_problems(config: Any, zones: list[str]) -> list[Any]:
    from revolution_django.urls_integration import _check_schema_options

    problems: list[Any] = []
    for zone in zones:
        try:
            _check_schema_options(config, zone)
        except ConfigError as exc:
            problems.extend(exc.problems)
    return problems
