"""Settings of the example shop: a DRF API split into three Revolution zones.

Everything a deployment changes comes from environment variables, so the same file serves the local
demo, the test suite and the end-to-end test server:

    EXAMPLE_DEBUG                 "1" (default, local demo) or "0" (production-like, `check --deploy` clean)
    EXAMPLE_SECRET_KEY            required when EXAMPLE_DEBUG=0
    EXAMPLE_ALLOWED_HOSTS         comma-separated, default "localhost,127.0.0.1,[::1]"
    EXAMPLE_DB_PATH               sqlite file, default BASE_DIR/db.sqlite3
    EXAMPLE_MEDIA_ROOT            uploaded files, default BASE_DIR/media
    EXAMPLE_OUTPUT_ROOT           where `manage.py revolution` writes openapi/ and clients/, default BASE_DIR
    EXAMPLE_ACCESS_TOKEN_SECONDS  lifetime of a JWT access token, default 300
    EXAMPLE_FAST_PASSWORDS        "1" hashes passwords with MD5: test servers only, never in production
    EXAMPLE_CORS_ORIGINS          comma-separated origins of browser apps served elsewhere (e.g.
                                  "http://localhost:5173"): CORS with credentials + CSRF_TRUSTED_ORIGINS
    EXAMPLE_REQUEST_LOG           a file that gets `METHOD path status` per request (test servers)

`manage.py check --deploy` with the defaults reports only what a local http demo needs: DEBUG on, the
development secret key, and no HTTPS (SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SESSION_COOKIE_SECURE,
CSRF_COOKIE_SECURE: security.W004, W008, W009, W012, W016, W018). With EXAMPLE_DEBUG=0 and a real
EXAMPLE_SECRET_KEY it reports nothing.
"""

import os
from datetime import timedelta
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent


def _env_flag(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


DEBUG = _env_flag("EXAMPLE_DEBUG", "1")

_DEV_SECRET_KEY = "django-insecure-example-project-local-demo-only"
SECRET_KEY = os.environ.get("EXAMPLE_SECRET_KEY") or _DEV_SECRET_KEY
if not DEBUG and SECRET_KEY == _DEV_SECRET_KEY:
    raise ImproperlyConfigured("EXAMPLE_DEBUG=0 needs EXAMPLE_SECRET_KEY set to a long random value.")

ALLOWED_HOSTS = [h.strip() for h in os.environ.get("EXAMPLE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "rest_framework",
    "rest_framework.authtoken",
    "rest_framework_simplejwt.token_blacklist",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "revolution_django",
    "catalog",
    "accounts",
    "profiles",
    "orders",
    "backoffice",
    "suppliers",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

if os.environ.get("EXAMPLE_REQUEST_LOG"):
    MIDDLEWARE.insert(0, "config.request_log.RequestLogMiddleware")

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("EXAMPLE_DB_PATH") or BASE_DIR / "db.sqlite3",
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if _env_flag("EXAMPLE_FAST_PASSWORDS", "0"):
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("EXAMPLE_MEDIA_ROOT") or BASE_DIR / "media")

# Production-grade defaults whenever the demo's DEBUG is off (see the module docstring).
SECURE_SSL_REDIRECT = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"

# A single-page app on another origin (a dev server, a CDN) calls the API with CORS; cookies (session auth)
# need CORS_ALLOW_CREDENTIALS and, for unsafe methods, the app's origin in CSRF_TRUSTED_ORIGINS.
CORS_ALLOWED_ORIGINS = [o.strip() for o in os.environ.get("EXAMPLE_CORS_ORIGINS", "").split(",") if o.strip()]
CORS_ALLOW_CREDENTIALS = True
CSRF_TRUSTED_ORIGINS = list(CORS_ALLOWED_ORIGINS)

REST_FRAMEWORK = {
    # JWT for apps and services; the session cookie (with CSRF) for same-site browser pages and the docs.
    # JWT first, so that an anonymous request gets 401 with WWW-Authenticate rather than 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 5,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(seconds=int(os.environ.get("EXAMPLE_ACCESS_TOKEN_SECONDS", "300"))),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=1),
    "UPDATE_LAST_LOGIN": True,
    # simplejwt's hardened setting: every refresh returns a new refresh token and blacklists the old one.
    "ROTATE_REFRESH_TOKENS": True,
    "BLACKLIST_AFTER_ROTATION": True,
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Example Shop API",
    "DESCRIPTION": "Catalog, accounts, orders and back office of the Django Revolution example project.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Separate request/response components: read-only fields stay out of request bodies, uploads are binary.
    "COMPONENT_SPLIT_REQUEST": True,
    # revolution names enums `<Component><Field>Enum` on its own; an override pins ONE name for a choice set
    # wherever it is used (OrderStatusEnum in every serializer showing Order.status), and is kept as given.
    "ENUM_NAME_OVERRIDES": {
        "ProductStatusEnum": "catalog.models.Product.Status",
        "ProductConditionEnum": "catalog.models.Product.Condition",
        "OrderStatusEnum": "orders.models.Order.Status",
    },
    # Every operation that validates input documents its 400 (see config/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.schema.document_validation_errors",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("EXAMPLE_OUTPUT_ROOT") or BASE_DIR),
    zones={
        "public": ZoneConfig(
            apps=["catalog", "accounts"],
            title="Public API",
            description="Catalog browsing, registration, JWT login and the browser session: no authentication needed.",
            public=True,
            auth_required=False,
            version="v1",
        ),
        "client": ZoneConfig(
            apps=["profiles", "orders"],
            title="Client API",
            description="The signed-in customer's profile and orders (JWT, or the browser session with CSRF).",
            public=False,
            auth_required=True,
            version="v1",
        ),
        "supplier": ZoneConfig(
            apps=["suppliers"],
            title="Supplier API",
            description="Stock levels for suppliers' systems: DRF token authentication (Authorization: Token <key>).",
            public=False,
            auth_required=True,
            version="v1",
        ),
        "admin": ZoneConfig(
            apps=["backoffice"],
            title="Admin API",
            description="Staff-only reports, user and product management.",
            public=False,
            auth_required=True,
            version="v1",
            permissions=["rest_framework.permissions.IsAdminUser"],
            generators=["python"],
        ),
    },
    debug=DEBUG,
    plugin_options={
        "typescript": {"package_name": "@example/api-client", "refresh_path": "/api/public/token/refresh/"},
        "python": {"package_name": "example-api-client", "refresh_path": "/api/public/token/refresh/"},
        # `manage.py revolution --verify` (docs/verify.md): seed data and who signs in, per zone.
        "django": {
            "verify": {
                "setup": "config.verify.seed",
                "user": "config.verify.customer",
                "cases": "config.verify.cases",
                "zones": {"admin": {"user": "config.verify.staff"}, "supplier": {"user": "config.verify.supplier"}},
            }
        },
    },
)
