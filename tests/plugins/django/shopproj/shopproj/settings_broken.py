"""A zone whose app's urls module raises on import: the error must be shown, naming zone and app."""

from revolution_django import ZoneConfig, get_revolution_config

from shopproj.settings import *  # noqa: F403

DJANGO_REVOLUTION = get_revolution_config(
    project_root=BASE_DIR,  # noqa: F405
    zones={"public": ZoneConfig(apps=["shop"]), "partners": ZoneConfig(apps=["brokenurls"])},
    archivers=[],
)

