"""One zone whose drf-spectacular names collide: operationIds with numeric suffixes, `<Field>Enum` names that
change when another model gains the field. `NAMESPROJ_MORE=1` adds endpoints and fields (desk/urls.py,
desk/models.py) the way a later commit would; the tests check that nothing that existed is renamed."""

import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "test-only-secret-key-long-enough-for-hs256-jwt"
DEBUG = True
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "namesproj.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "drf_spectacular",
    "revolution_django",
    "desk",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {"COMPONENT_SPLIT_REQUEST": True}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("NAMESPROJ_OUTPUT", BASE_DIR)),
    zones={"desk": ZoneConfig(apps=["desk"], title="Desk API", public=True, auth_required=False)},
    generators=["typescript", "python"],
    archivers=[],
    project_version="1.0.0",  # the clients' first version (then semver from the API's changes)
)
