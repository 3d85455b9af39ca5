"""Two zones: `shop` (public: products, JWT login, views that answer differently from their serializers)
and `member` (signed in: orders and the user's profile, TypeScript with zod and TanStack Query).

TIME_ZONE is Europe/Berlin with USE_TZ, so datetimes go out with +01:00/+02:00 offsets."""

import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "types-test-project-secret-key-long-enough-for-hs256"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "typesproj.urls"
TIME_ZONE = "Europe/Berlin"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # a test server only

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "django_filters",
    "revolution_django",
    "catalog",
    "drift",
    "members",
]
MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                         "NAME": os.environ.get("TYPESPROJ_DB", BASE_DIR / "db.sqlite3")}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 2,
}
SPECTACULAR_SETTINGS = {
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ProductStatusEnum": "catalog.models.Product.Status",
        "OrderStatusEnum": "members.models.Order.Status",
    },
}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("TYPESPROJ_OUTPUT", BASE_DIR)),
    zones={
        "shop": ZoneConfig(apps=["catalog", "drift"], title="Shop API", public=True, auth_required=False),
        "member": ZoneConfig(
            apps=["members"], title="Member API", public=False, auth_required=True,
            generators=["python", {"name": "typescript", "options": {"zod": True, "tanstack_query": "react"}}],
        ),
    },
    generators=["python", "typescript"],
    archivers=[],
    plugin_options={
        "typescript": {"package_name": "@typesproj/api-client"},
        "python": {"package_name": "typesproj-client"},
    },
)
