"""Entry point `django` of the `revolution` group: registers the `django` zone source, the
`drf-spectacular` schema producer and the `revolution verify` command, and finds a Django project's
configuration for `revolution run`.
Kept cheap: stage modules import Django only inside their methods."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from revolution_core import hookimpl


@hookimpl
def revolution_register_zone_sources() -> list[type[Any]]:
    from revolution_django.source import DjangoZoneSource

    return [DjangoZoneSource]


@hookimpl
def revolution_register_schema_producers() -> list[type[Any]]:
    from revolution_django.source import SpectacularSchemaProducer

    return [SpectacularSchemaProducer]


@hookimpl
def revolution_register_commands() -> list[Any]:
    """`revolution verify` (docs/verify.md)."""
    from revolution_django.verify.command import verify

    return [verify]


@hookimpl
def revolution_load_config(project_root: Path) -> Any:
    """`settings.DJANGO_REVOLUTION` when `project_root` is in a Django project (manage.py there or in a
    parent directory, or DJANGO_SETTINGS_MODULE); None otherwise."""
    import os

    from revolution_django.bootstrap import django_ready, ensure_django, settings_module_from_manage_py

    start = Path(project_root).resolve()
    # Like [tool.revolution] in pyproject.toml, manage.py is looked for upwards: `revolution run` works from
    # any directory of the project (an app's, say), not only from the one holding manage.py.
    root = next((d for d in (start, *start.parents) if settings_module_from_manage_py(d)), start)
    if not (os.environ.get("DJANGO_SETTINGS_MODULE") or settings_module_from_manage_py(root)) and not (
        django_ready() and _inside_configured_project(start)
    ):
        return None
    if not ensure_django(root):
        return None
    from revolution_django.loading import load_config

    return load_config()


@hookimpl
def revolution_fingerprint_inputs(config: Any) -> Any:
    """The Django project's sources, manage.py, .env and the environment its settings read (see `inputs`)."""
    from revolution_django.bootstrap import django_ready

    if not django_ready():
        return None
    from revolution_django.inputs import project_inputs

    return project_inputs()


# Library modules a run imports that import without settings (checked one by one: none reads settings at
# import time, not even in a try). DRF's own modules read settings on import: the run imports them.
PRELOADED = (
    "django.db.models", "django.urls", "django.views.generic", "django.test", "django.contrib.admin.options",
    "django.contrib.admindocs.views",  # DRF's routers import it, and with it docutils
    "rest_framework.serializers", "drf_spectacular", "django_filters.rest_framework",
    "revolution_django.zones", "revolution_django.schema", "revolution_django.normalizer",
    "revolution_django.inputs",
)


@hookimpl
def revolution_preload() -> None:
    """Django, DRF and drf-spectacular modules that import without settings (`revolution watch`), and the
    system library lookups drf-spectacular's GeoDjango probe makes (`preload.remember_library_lookups`).
    The settings module is hidden meanwhile, so that nothing of the project is imported before its run."""
    import importlib
    import os

    from revolution_django.preload import remember_library_lookups

    hidden = os.environ.pop("DJANGO_SETTINGS_MODULE", None)
    try:
        for name in PRELOADED:
            try:
                importlib.import_module(name)
            except Exception:  # needs settings after all, or not installed: imported by the run if at all
                continue
        remember_library_lookups()
    finally:
        if hidden is not None:
            os.environ["DJANGO_SETTINGS_MODULE"] = hidden


def _inside_configured_project(path: Path) -> bool:
    """A process that set Django up itself (an embedding, a test run) answers for its own project only."""
    from django.conf import settings

    base = getattr(settings, "BASE_DIR", None)
    return base is not None and path.is_relative_to(Path(base).resolve())
