"""One zone of plain serializers and views whose code raises when LAB_FAULT asks it to (see lab/)."""

import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "labproj-test-secret-key-long-enough-for-hs256"
DEBUG = False
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "labproj.urls"
USE_TZ = True
INSTALLED_APPS = ["django.contrib.auth", "django.contrib.contenttypes", "rest_framework", "revolution_django", "lab"]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
REST_FRAMEWORK = {"DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema"}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ["LAB_OUTPUT_ROOT"]),
    zones={"shop": ZoneConfig(apps=["lab"], title="Lab API", public=True, auth_required=False)},
    generators=["python"],
    plugin_options={"python": {"package_name": "lab-client"}},
)
