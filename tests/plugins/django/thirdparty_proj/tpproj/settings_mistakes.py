"""Zone mistakes a newcomer makes with third-party packages; `manage.py check` must list each as a
system-check error with advice that is right for it (never "add it to INSTALLED_APPS" for a URL module,
never "create a file" inside an installed package)."""

from tpproj.settings import *  # noqa: F403

DJANGO_REVOLUTION = get_revolution_config(  # noqa: F405
    project_root=DJANGO_REVOLUTION.project_root,  # noqa: F405
    zones={
        "auth": ZoneConfig(urls=["djoser.url", ("knox/", "knox.urls")]),  # noqa: F405
        "legacy": ZoneConfig(apps=["djoser.urls", "push_notifications"]),  # noqa: F405
        "app": ZoneConfig(paths=["/v2/"]),  # noqa: F405
    },
    archivers=[],
)
