"""A Django project whose Revolution settings are the seed docs' Quick Start snippet, pasted unchanged
(import line included), with the app names of this project, which are the snippet's own."""

from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "quickstart-test-secret-key-long-enough-for-hs256"
DEBUG = True
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "qs.urls"
USE_TZ = True
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "django_revolution",
    "accounts",
    "billing",
    "payments",
    "admin_panel",
    "services",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
# No REST_FRAMEWORK DEFAULT_SCHEMA_CLASS and no "drf_spectacular" app: the snippet alone must do.

# --- pasted from the seed's "Basic Zone Configuration" ---
# settings.py
from django_revolution.app_config import ZoneConfig, get_revolution_config

zones = {
    'public': ZoneConfig(
        apps=['accounts', 'billing', 'payments'],
        title='Public API',
        description='API for public client applications',
        public=True,
        auth_required=False,
        version='v1'
    ),
    'admin': ZoneConfig(
        apps=['admin_panel', 'services'],
        title='Admin API',
        description='Administrative API endpoints',
        public=False,
        auth_required=True,
        version='v1'
    )
}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=BASE_DIR,
    zones=zones
)
