"""Every zone mistake at once (the validation tests expect all of them in one report)."""

from revolution_django import ZoneConfig, get_revolution_config

from shopproj.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS]  # noqa: F405

DJANGO_REVOLUTION = get_revolution_config(
    project_root=BASE_DIR,  # noqa: F405
    zones={
        "public": ZoneConfig(apps=["shop", "shp", "loose", "nourls"], public=True, auth_required=False),
        "client": ZoneConfig(apps=["accounts", "shop"]),
        "broken": ZoneConfig(apps=["brokenurls"]),
        "empty": ZoneConfig(apps=[]),
        "clash": ZoneConfig(apps=["staff"], path_prefix="public",
                            permissions=["rest_framework.permissions.IsAdminUsr"]),
    },
    archivers=[],
)

if os.environ.get("SHOPPROJ_PLAIN_URLS"):  # noqa: F405
    ROOT_URLCONF = "shopproj.urls_plain"
