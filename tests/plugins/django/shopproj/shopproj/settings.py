"""A small DRF project with three zones (public / client / admin) for the plugin's tests."""

import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "test-only-secret-key-long-enough-for-hs256-jwt"
DEBUG = True
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "shopproj.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "revolution_django",
    "shop",
    "accounts",
    "staff",
    "nourls",
    "brokenurls",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": os.environ.get("SHOPPROJ_DB", ":memory:")}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("SHOPPROJ_OUTPUT", BASE_DIR)),
    zones={
        "public": ZoneConfig(apps=["shop"], title="Shop API", description="Products and orders", public=True,
                             auth_required=False, version="v2"),
        "client": ZoneConfig(apps=["accounts"], title="Client API", public=False, auth_required=True),
        "admin": ZoneConfig(apps=["staff"], title="Staff API", public=False, auth_required=True,
                            permissions=["rest_framework.permissions.IsAdminUser"]),
    },
    generators=["typescript", "python"],
    archivers=["fakearchive"] if os.environ.get("SHOPPROJ_ARCHIVE") else [],
)

if os.environ.get("SHOPPROJ_ENUM_OVERRIDES"):  # the normalizer's ready-to-paste hint, pasted
    SPECTACULAR_SETTINGS = {
        "ENUM_NAME_OVERRIDES": {
            "OrderStatusEnum": [("pending", "Pending"), ("paid", "Paid"), ("cancelled", "Cancelled")],
        },
    }
