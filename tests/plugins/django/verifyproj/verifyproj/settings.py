"""Four zones for `revolution verify`: `public` (liars: every way a schema can lie), `private` (honest JWT
views, credentials minted from a user factory), `staff` (honest session views, with CSRF) and `tokens`
(honest views behind DRF tokens from a credentials callable).

VERIFYPROJ_* environment variables switch on the configurations the refusal tests need."""

import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "test-only-secret-key-long-enough-for-hs256-jwt"
DEBUG = True
ALLOWED_HOSTS = ["localhost"]
ROOT_URLCONF = "verifyproj.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "rest_framework",
    "rest_framework.authtoken",
    "revolution_django",
    "liars",
    "honest",
    "staffroom",
    "vault",
]
MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("VERIFYPROJ_DB", str(BASE_DIR / "verifyproj.sqlite3")),
    }
}
if os.environ.get("VERIFYPROJ_TEST_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["VERIFYPROJ_TEST_NAME"]}
if os.environ.get("VERIFYPROJ_POSTGRES"):  # never connected to: verify must refuse before that
    DATABASES["default"] = {"ENGINE": "django.db.backends.postgresql", "NAME": "shop", "HOST": "db.example.com"}

SPECTACULAR_SETTINGS = {
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums",
                             "verifyproj.schema.document_validation_errors"],
}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 3,
}

if os.environ.get("VERIFYPROJ_COOKIE_JWT"):  # the only scheme: a JWT in a cookie named `access`
    REST_FRAMEWORK["DEFAULT_AUTHENTICATION_CLASSES"] = ["verifyproj.cookiejwt.CookieJWTAuthentication"]

if os.environ.get("VERIFYPROJ_ACCESS_SECONDS"):  # access tokens that expire while verify runs
    from datetime import timedelta

    SIMPLE_JWT = {"ACCESS_TOKEN_LIFETIME": timedelta(seconds=int(os.environ["VERIFYPROJ_ACCESS_SECONDS"]))}

VERIFY = {
    "setup": "verifyproj.verify_setup.seed",
    "user": "verifyproj.verify_setup.customer",
    "zones": {
        "staff": {"user": "verifyproj.verify_setup.staff_member"},
        "tokens": {"auth": "verifyproj.verify_setup.token_credentials"},
    },
    "production_databases": [p for p in os.environ.get("VERIFYPROJ_PRODUCTION", "").split(",") if p],
}
if os.environ.get("VERIFYPROJ_TYPO"):  # a misspelt verify setting
    VERIFY["exampels"] = 3
if os.environ.get("VERIFYPROJ_ALLOW"):  # these operations allow-listed, with the reason shown in the report
    VERIFY["zones"]["public"] = {"allow": [
        {"operation": name, "kind": "*", "reason": "known liar"} for name in os.environ["VERIFYPROJ_ALLOW"].split(",")
    ]}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("VERIFYPROJ_OUTPUT", BASE_DIR)),
    zones={
        "public": ZoneConfig(apps=["liars"], title="Liars", public=True, auth_required=False),
        "private": ZoneConfig(apps=["honest"], title="Honest JWT", auth_required=True),
        "staff": ZoneConfig(apps=["staffroom"], title="Honest session", auth_required=True),
        "tokens": ZoneConfig(apps=["vault"], title="Honest tokens", auth_required=True),
    },
    generators=[],
    archivers=[],
    plugin_options={"django": {"verify": VERIFY}},
)
