"""A project whose whole API comes from third-party DRF packages wired the way their READMEs say
(djangorestframework-simplejwt, djoser, django-rest-knox, django-push-notifications) plus a project-level
router (drf-nested-routers), split into zones with both URL forms: `urls` (mounted) and `paths` (cut from
the project's own urls.py, served where they are)."""

import os
from datetime import timedelta
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "thirdparty-test-secret-key-long-enough-for-hs256"
DEBUG = True
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "tpproj.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "drf_spectacular",
    "djoser",
    "knox",
    "push_notifications",
    "revolution_django",
    "notes",
]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("TPPROJ_DB", ":memory:")}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # test speed only

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "knox.auth.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}
SIMPLE_JWT = {"ACCESS_TOKEN_LIFETIME": timedelta(minutes=5)}
PUSH_NOTIFICATIONS_SETTINGS = {"UPDATE_ON_DUPLICATE_REG_ID": True}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("TPPROJ_OUTPUT", BASE_DIR)),
    zones={
        # Mounted under /api/auth/: djoser's urls and its JWT urls as its README has them, knox under knox/.
        "auth": ZoneConfig(urls=["djoser.urls", "djoser.urls.jwt", ("knox/", "knox.urls")],
                           title="Auth API", public=True, auth_required=False),
        # Cut from tpproj/urls.py, served where they are: everything under /api/ but the devices...
        "app": ZoneConfig(paths=["/api/"], title="App API"),
        # ...which the longer prefix takes.
        "devices": ZoneConfig(paths=["/api/device/"], title="Devices API"),
    },
    # The fast tests swap the real generators for fakes (REVOLUTION_DISABLE_PLUGINS), which take no options.
    plugin_options={} if "typescript" in os.environ.get("REVOLUTION_DISABLE_PLUGINS", "") else {
        "typescript": {"package_name": "@tp/api-client"}, "python": {"package_name": "tp-api-client"}},
    archivers=[],
)
