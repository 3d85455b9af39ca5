"""Routes of two zones on one path: zone `feed` mounted at /api/notes/ (path_prefix) where zone `app`'s
notes list already is (the project's router, cut by `paths`)."""

from tpproj.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "feed"]  # noqa: F405

DJANGO_REVOLUTION = get_revolution_config(  # noqa: F405
    project_root=DJANGO_REVOLUTION.project_root,  # noqa: F405
    zones={**DJANGO_REVOLUTION.zones, "feed": ZoneConfig(apps=["feed"], path_prefix="notes")},  # noqa: F405
    archivers=[],
)
