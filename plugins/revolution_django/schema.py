"""Zone schemas with drf-spectacular, in-process: `SchemaGenerator(urlconf=<zone module>)` with the
zone's title/description/version, its warnings collected (not only printed), zone security applied."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from revolution_core.config import RevolutionConfig, ZoneConfig
from revolution_core.security import AUTH_EXTENSION, CSRF_EXTENSION
from revolution_django import actions, camelcase
from revolution_django.conf import DjangoZoneFields
from revolution_django.naming import OperationView
from revolution_django.versions import ZoneVersionError

ANSI = re.compile(r"\x1b\[[0-9;]*m")
OPERATION_ID_COLLISION = re.compile(r'operationId "[^"]*" has collisions')
ENUM_COLLISION = re.compile(r"enum naming encountered a non-optimally resolvable collision")
_LOCK = threading.Lock()  # drf-spectacular settings patches are process-global
# Token endpoints by view class (dotted path of the class or a base): their 401 must never trigger a refresh.
TOKEN_VIEWS = {
    "rest_framework_simplejwt.views.TokenObtainPairView": "obtain",
    "rest_framework_simplejwt.views.TokenObtainSlidingView": "obtain",
    "rest_framework_simplejwt.views.TokenRefreshView": "refresh",
    "rest_framework_simplejwt.views.TokenRefreshSlidingView": "obtain",  # {token} -> {token}: not a pair refresh
    "rest_framework_simplejwt.views.TokenVerifyView": "verify",
    "rest_framework_simplejwt.views.TokenBlacklistView": "revoke",
    "rest_framework.authtoken.views.ObtainAuthToken": "obtain",
    "knox.views.LoginView": "obtain",
    "knox.views.LogoutView": "revoke",
    "knox.views.LogoutAllView": "revoke",
    "dj_rest_auth.views.LoginView": "obtain",
    "dj_rest_auth.views.LogoutView": "revoke",
}


class SpectacularOptions(BaseModel):
    """Options of the `drf-spectacular` schema producer (a zone's `schema_options`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    normalize: bool = Field(True, description="apply the DRF schema normalizer (see revolution_django.normalizer)")
    normalizer: str | None = Field(None, description="dotted path of a replacement normalizer callable")
    server_url: str = Field("/", description="the `servers` entry the normalizer adds ('' for none)")
    operation_ids: bool = Field(
        True, description="name operations from their meaning (`<action>_<resource>`) instead of path order"
    )
    enum_names: bool = Field(True, description="name choice enums `<Component><Field>Enum` (stable across changes)")
    component_split_request: bool = Field(True, description="separate request components (no read-only fields)")
    settings: dict[str, Any] = Field(default_factory=dict, description="extra SPECTACULAR_SETTINGS for this zone")
    optional_action_bodies: bool = Field(
        False,
        description="make the request body of an @action optional when drf-spectacular took it from the "
        "viewset's serializer (no @extend_schema(request=...)); otherwise such actions get a warning",
    )


def zone_title(name: str, zone: ZoneConfig) -> str:
    return zone.title or f"{name.replace('_', ' ').title()} API"


@dataclass(frozen=True)
class ZoneSchema:
    """drf-spectacular's document for a zone, its messages, and what the normalizer needs to name things."""

    document: dict[str, Any]
    messages: list[str]
    views: dict[tuple[str, str], OperationView] = field(default_factory=dict)
    enum_overrides: frozenset[str] = frozenset()
    enum_suffix: str = "Enum"
    components: dict[str, Any] = field(default_factory=dict)  # schema component -> its serializer (verify)


def generate_zone_schema(config: RevolutionConfig, zone: str, urlconf: Any, options: SpectacularOptions,
                         seen: list[Any] | None = None) -> ZoneSchema:
    """The zone's raw OpenAPI document (security applied), drf-spectacular's warnings/errors, and each
    operation's view as the normalizer needs it (see `revolution_django.introspect`). `seen` receives the
    objects drf-spectacular made components of (serializers, mostly: see `revolution_django.inputs`)."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.settings import patched_settings, spectacular_settings

    from revolution_django.introspect import RecordingGenerator

    zone_config = config.zones[zone]
    prefix = urlconf.prefix.rstrip("/")
    patches = {
        "TITLE": zone_title(zone, zone_config),
        "DESCRIPTION": zone_config.description,
        "VERSION": zone_config.version,
        "SCHEMA_PATH_PREFIX": re.escape(prefix) if prefix else "/",
        "COMPONENT_SPLIT_REQUEST": options.component_split_request,
        **options.settings,
    }
    with (_LOCK, patched_settings(patches), GENERATOR_STATS.silence(), _spectacular_schema_class(),
          actions.guessed_action_bodies() as guessed):
        depth = len(GENERATOR_STATS._traces)
        try:
            generator = _recording(RecordingGenerator)(urlconf=urlconf, zone_version=zone_config.version)
            document = generator.get_schema(request=None, public=True)
            messages = [*GENERATOR_STATS._error_cache, *GENERATOR_STATS._warn_cache]
            views = generator.operation_views()
            components = {c.name: c.object for (_, kind), c in generator.registry._components.items()
                          if kind == "schemas" and c.object is not None}
            messages += camelcase.parser_mismatches(document, generator.operations(), components)
            if seen is not None:
                seen.extend(c.object for c in generator.registry._components.values())
            overrides = frozenset(spectacular_settings.ENUM_NAME_OVERRIDES or {})
            suffix = str(spectacular_settings.ENUM_SUFFIX)
        except Exception as exc:  # the project's serializers and views run in here: say where it failed
            from revolution_django.located import located_error

            trail = list(GENERATOR_STATS._traces[depth:])
            raise located_error(exc, trail) from exc
        finally:
            del GENERATOR_STATS._traces[depth:]  # drf-spectacular does not pop its trail when an error unwinds
            GENERATOR_STATS.reset()
    if generator.version_problem:
        raise ZoneVersionError(generator.version_problem)
    document = json.loads(json.dumps(document, default=str))
    from revolution_django.conf import zone_fields

    mark_token_endpoints(document, generator.token_roles)
    mark_session_schemes(document)
    apply_zone_security(document, zone_fields(config, zone))
    messages += actions.apply(document, guessed, options.optional_action_bodies)
    from rest_framework.settings import api_settings

    messages += format_override_clashes(document, api_settings.URL_FORMAT_OVERRIDE)
    if not document.get("paths"):
        messages.append(
            "the zone's routes hold no DRF view, so its schema has no operation and its clients no call: "
            "drf-spectacular documents DRF APIViews and viewsets only, not Django views (a package's HTML "
            "pages, such as allauth.account's, are not an API). Give the zone the package's REST API instead "
            "(its DRF urls module in `urls`, or `paths` where your urls.py serves it), or remove the entry."
        )
    return ZoneSchema(document, [ANSI.sub("", m) for m in messages], views, overrides, suffix, components)


def format_override_clashes(document: dict[str, Any], override: str | None) -> list[str]:
    """A warning for query parameters that DRF's content negotiation takes first: with the default
    `URL_FORMAT_OVERRIDE = "format"`, a filter on a model's `format` field is documented (and sent by the
    generated clients), but `?format=ebook` makes DRF look for a renderer named `ebook` and answer 404
    before the view runs."""
    if not override:
        return []
    methods = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}
    clashing = [f"{method.upper()} {path}" for path, item in document.get("paths", {}).items()
                for method, operation in item.items()
                if method in methods and isinstance(operation, dict)
                and any(isinstance(p, dict) and p.get("in") == "query" and p.get("name") == override
                        for p in operation.get("parameters", []))]
    if not clashing:
        return []
    return [
        f"query parameter `{override}` of {', '.join(clashing)} is also DRF's URL_FORMAT_OVERRIDE: a request "
        f"with `?{override}=<value>` is answered 404 by DRF's content negotiation (no renderer has that format) "
        f"before the view runs, so generated clients that send it fail. Set REST_FRAMEWORK"
        f"[\"URL_FORMAT_OVERRIDE\"] = None (`?{override}=` then stops choosing renderers; the zone's schema URL "
        f"keeps `?format=json`), or rename the filter (e.g. a FilterSet field "
        f"`{override}_ = ChoiceFilter(field_name=\"{override}\", ...)`)."
    ]


def component_serializers(config: RevolutionConfig, zone: str, urlconf: str,
                          options: Any = None) -> dict[str, Any]:
    """Schema component name -> the serializer (class or instance) drf-spectacular built it from, for
    naming the serializer at fault (`revolution verify`), with the zone's producer options."""
    import importlib

    module = importlib.import_module(urlconf)
    options = options if isinstance(options, SpectacularOptions) else SpectacularOptions.model_validate({})
    return generate_zone_schema(config, zone, module, options).components


def _recording(base: type) -> Any:
    """drf-spectacular's generator, remembering which (path, method) a known token view serves."""

    class RecordingGenerator(base):
        token_roles: dict[tuple[str, str], str] = {}

        def _get_paths_and_endpoints(self) -> Any:
            endpoints = super()._get_paths_and_endpoints()
            self.token_roles = {(self.document_path(path, view), method.lower()): role
                                for path, _, method, view in endpoints if (role := token_view_role(type(view)))}
            return endpoints

    return RecordingGenerator


def token_view_role(view_class: type) -> str:
    """`obtain`/`refresh`/`verify`/`revoke` for simplejwt, DRF authtoken, knox and dj-rest-auth token views
    (and their subclasses), else ''."""
    for klass in view_class.__mro__:
        role = TOKEN_VIEWS.get(f"{klass.__module__}.{klass.__qualname__}")
        if role:
            return role
    return ""


def mark_token_endpoints(document: dict[str, Any], roles: dict[tuple[str, str], str]) -> None:
    """`x-revolution-auth: <role>` on token endpoints, so clients never answer their 401 with a refresh.
    A mark the view set itself (`@extend_schema(extensions={...})`) is kept."""
    paths = document.get("paths") or {}
    for (path, method), role in roles.items():
        operation = (paths.get(path) or {}).get(method)
        if isinstance(operation, dict):
            operation.setdefault(AUTH_EXTENSION, role)


def mark_session_schemes(document: dict[str, Any]) -> None:
    """The CSRF cookie and header Django expects, on the session cookie scheme (`x-revolution-csrf`)."""
    from django.conf import settings

    schemes = (document.get("components") or {}).get("securitySchemes") or {}
    for scheme in schemes.values():
        if scheme.get("type") == "apiKey" and scheme.get("in") == "cookie" and \
                scheme.get("name") == settings.SESSION_COOKIE_NAME:
            header = settings.CSRF_HEADER_NAME
            header = "X-CSRFToken" if header == "HTTP_X_CSRFTOKEN" else header.removeprefix("HTTP_").replace("_", "-")
            scheme[CSRF_EXTENSION] = {"cookie": None if settings.CSRF_USE_SESSIONS else settings.CSRF_COOKIE_NAME,
                                      "header": header}


@contextmanager
def _spectacular_schema_class() -> Iterator[None]:
    """Zero config: when REST_FRAMEWORK's DEFAULT_SCHEMA_CLASS is not a drf-spectacular AutoSchema (DRF's
    default is not), use drf-spectacular's while generating. Views with their own `schema` keep it."""
    from drf_spectacular.openapi import AutoSchema
    from rest_framework.settings import api_settings

    current = api_settings.DEFAULT_SCHEMA_CLASS
    if isinstance(current, type) and issubclass(current, AutoSchema):
        yield
        return
    api_settings.DEFAULT_SCHEMA_CLASS = AutoSchema
    try:
        yield
    finally:
        api_settings.DEFAULT_SCHEMA_CLASS = current


def apply_zone_security(document: dict[str, Any], zone: DjangoZoneFields) -> None:
    """Keep drf-spectacular's per-operation `security` as it is (e.g. `[{"jwtAuth": []}, {}]` for AllowAny
    views): it is what the clients attach credentials by. auth_required zones also get a top-level
    `security` listing every scheme (Swagger UI's "Authorize"); operations drf-spectacular left without
    `security` (views with no authentication classes, such as token endpoints) then get an explicit
    `security: []`, so that they do not inherit it. Public zones carry no top-level `security`."""
    seen = [name for op in _operations(document) for req in op.get("security", []) for name in req]
    declared = document.get("components", {}).get("securitySchemes", {})
    schemes = list(dict.fromkeys([*seen, *declared]))  # DRF's authentication_classes order first
    if zone.auth_required:
        if schemes:
            document["security"] = [{name: []} for name in schemes]
            for operation in _operations(document):
                operation.setdefault("security", [])
        return
    if zone.public:
        document.pop("security", None)


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return [op for item in document.get("paths", {}).values() for method, op in item.items() if method in methods]


def build_document(config: RevolutionConfig, zone: str, urlconf: Any, options: SpectacularOptions,
                   components: list[Any] | None = None) -> tuple[dict[str, Any], list[str]]:
    """Generate, then normalize (unless turned off): the document both the pipeline and the schema view serve.
    drf-spectacular's notes on the numeric and hash suffixes it invented are dropped when the normalizer
    renames those symbols anyway."""
    produced = generate_zone_schema(config, zone, urlconf, options, components)
    document, warnings = produced.document, produced.messages
    if options.normalize:
        from revolution_django.normalizer import NormalizeContext, load_normalizer

        normalizer = load_normalizer(options.normalizer)
        context = NormalizeContext(zone=zone, path_prefix=urlconf.prefix.rstrip("/"),
                                   server_url=options.server_url, operation_ids=options.operation_ids,
                                   enum_names=options.enum_names, views=produced.views,
                                   enum_overrides=produced.enum_overrides, enum_suffix=produced.enum_suffix)
        document, extra = normalizer(document, context)
        superseded = [OPERATION_ID_COLLISION] * options.operation_ids + [ENUM_COLLISION] * options.enum_names
        warnings = [w for w in warnings if not any(p.search(w) for p in superseded)] + list(extra)
    return document, warnings
