"""Django system checks: zone problems show up in `manage.py check` and when `runserver` starts, as
errors naming the setting and the fix (the same report as `manage.py revolution --validate-zones`)."""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Tags, Warning, register

from revolution_core.errors import ConfigError, RevolutionError


@register(Tags.urls, "revolution")
def check_zones(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from django.conf import settings

    from revolution_django.conf import SETTING, django_zone_names
    from revolution_django.loading import load_config
    from revolution_django.zones import validate_zone_configuration

    if not hasattr(settings, SETTING):
        return [Warning("settings.DJANGO_REVOLUTION is not set: no API zone is configured",
                        hint="DJANGO_REVOLUTION = get_revolution_config(project_root=BASE_DIR, zones={...})",
                        id="revolution_django.W001")]
    try:
        config = load_config()
    except ConfigError as exc:
        return [Error(str(problem), id="revolution_django.E001") for problem in exc.problems]
    except RevolutionError as exc:
        return [Error(str(exc), id="revolution_django.E001")]
    errors = [Error(str(problem), id="revolution_django.E001") for problem in _plan_problems(config)]
    if not django_zone_names(config):
        return errors
    try:
        problems = validate_zone_configuration(config)
    except ConfigError as exc:
        problems = exc.problems
    return [*errors, *(Error(str(problem), id="revolution_django.E002") for problem in problems)]


def _plan_problems(config: Any) -> list[Any]:
    """What the run's own plan rejects before any zone source is asked: a misspelt zone field (`path=`),
    an unknown generator, bad plugin options. Such a zone belongs to no source, so without this the check
    passed while `manage.py revolution` refused to run."""
    from revolution_core.plan import build_plan
    from revolution_core.plugins import build_registry

    try:
        build_plan(config, build_registry())
    except ConfigError as exc:
        return list(exc.problems)
    return []
