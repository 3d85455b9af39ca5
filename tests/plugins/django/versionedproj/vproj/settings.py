"""DRF's URLPathVersioning set for the whole API, as DRF's docs show it, with ALLOWED_VERSIONS and no
DEFAULT_VERSION (`VPROJ_DEFAULT_VERSION` sets one): the books live under `^api/(?P<version>v1|v2)/`, the token
views (unversioned URLs) under /api/auth/. drf-spectacular documents one version per schema and, without a
version, leaves every view of a versioning class out; without a DEFAULT_VERSION, DRF answers 404 to the
unversioned token views. `VPROJ_VERSION` sets the client zone's version
(`VPROJ_CLIENT_PATH` its prefix, `VPROJ_ALLOWED_VERSIONS=` none). Bodies are camelCase
(djangorestframework-camel-case and drf-spectacular's camelize hook); the upload view keeps DRF's own
MultiPartParser, as DRF's docs show an upload view, which does not turn `pageImage` back into `page_image`."""

import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "test-only-secret-key-long-enough-for-hs256-jwt"
DEBUG = True
ALLOWED_HOSTS = ["*"]
ROOT_URLCONF = "vproj.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "rest_framework",
    "revolution_django",
    "shelf",
]
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework_simplejwt.authentication.JWTAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_VERSIONING_CLASS": "rest_framework.versioning.URLPathVersioning",
    "ALLOWED_VERSIONS": [v for v in os.environ.get("VPROJ_ALLOWED_VERSIONS", "v1,v2").split(",") if v] or None,
    "DEFAULT_VERSION": os.environ.get("VPROJ_DEFAULT_VERSION") or None,
    # djangorestframework-camel-case, as its README wires it (with drf-spectacular's hook below)
    "DEFAULT_RENDERER_CLASSES": ("djangorestframework_camel_case.render.CamelCaseJSONRenderer",),
    "JSON_UNDERSCOREIZE": {"no_underscore_before_number": bool(os.environ.get("VPROJ_NO_UNDERSCORE_BEFORE_NUMBER"))},
    "DEFAULT_PARSER_CLASSES": (
        "djangorestframework_camel_case.parser.CamelCaseFormParser",
        "djangorestframework_camel_case.parser.CamelCaseMultiPartParser",
        "djangorestframework_camel_case.parser.CamelCaseJSONParser",
    ),
}
SPECTACULAR_SETTINGS = {
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.contrib.djangorestframework_camel_case.camelize_serializer_fields",
        "drf_spectacular.hooks.postprocess_schema_enums",
    ],
}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("VPROJ_OUTPUT", BASE_DIR)),
    zones={
        "auth": ZoneConfig(paths=["/api/auth/"], title="Auth API", public=True, auth_required=False),
        "client": ZoneConfig(paths=[os.environ.get("VPROJ_CLIENT_PATH", "/api/")], title="Client API",
                             version=os.environ.get("VPROJ_VERSION", "v1")),
    },
    archivers=[],
)
