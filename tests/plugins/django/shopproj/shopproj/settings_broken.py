"""A zone whose app's urls module raises on import: the error must be shown, naming zone and app."""

from shopproj.settings import *  # noqa: F403

from revolution_django import ZoneConfig, get_revolution_config

DJANGO_REVOLUTION = get_revolution_config(
    project_root=BASE_DIR,  # noqa: F405
    zones={"public": ZoneConfig(apps=["shop"]), "partners": ZoneConfig(apps=["brokenurls"])},
    archivers=[],
)

