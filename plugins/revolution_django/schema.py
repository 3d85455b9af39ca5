"""Zone schemas with drf-spectacular, in-process: `SchemaGenerator(urlconf=<zone module>)` with the
zone's title/description/version, its warnings collected (not only printed), zone security applied."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from revolution_core.config import RevolutionConfig, ZoneConfig
from revolution_django.conf import DjangoZoneFields

ANSI = re.compile(r"\x1b\[[0-9;]*m")
_LOCK = threading.Lock()  # drf-spectacular settings patches are process-global


class SpectacularOptions(BaseModel):
    """Options of the `drf-spectacular` schema producer (a zone's `schema_options`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    normalize: bool = Field(True, description="apply the DRF schema normalizer (see revolution_django.normalizer)")
    normalizer: str | None = Field(None, description="dotted path of a replacement normalizer callable")
    server_url: str = Field("/", description="the `servers` entry the normalizer adds ('' for none)")
    operation_ids: bool = Field(True, description="rewrite operationIds to `<action>_<tag>`")
    component_split_request: bool = Field(True, description="separate request components (no read-only fields)")
    settings: dict[str, Any] = Field(default_factory=dict, description="extra SPECTACULAR_SETTINGS for this zone")


def zone_title(name: str, zone: ZoneConfig) -> str:
    return zone.title or f"{name.replace('_', ' ').title()} API"


def generate_zone_schema(config: RevolutionConfig, zone: str, urlconf: Any,
                         options: SpectacularOptions) -> tuple[dict[str, Any], list[str]]:
    """The zone's raw OpenAPI document (security applied) and drf-spectacular's warnings/errors."""
    from drf_spectacular.drainage import GENERATOR_STATS
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.settings import patched_settings

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
    with _LOCK, patched_settings(patches), GENERATOR_STATS.silence(), _spectacular_schema_class():
        try:
            generator = SchemaGenerator(urlconf=urlconf)
            document = generator.get_schema(request=None, public=True)
            messages = [*GENERATOR_STATS._error_cache, *GENERATOR_STATS._warn_cache]
        finally:
            GENERATOR_STATS.reset()
    document = json.loads(json.dumps(document, default=str))
    from revolution_django.conf import zone_fields

    apply_zone_security(document, zone_fields(config, zone))
    return document, [ANSI.sub("", m) for m in messages]


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
    """auth_required zones: top-level `security` with every scheme DRF is configured with. Public zones
    without auth: operations anonymous users may call carry no security at all."""
    seen = [name for op in _operations(document) for req in op.get("security", []) for name in req]
    declared = document.get("components", {}).get("securitySchemes", {})
    schemes = list(dict.fromkeys([*seen, *declared]))  # DRF's authentication_classes order first
    if zone.auth_required:
        if schemes:
            document["security"] = [{name: []} for name in schemes]
        return
    if not zone.public:
        return
    used: set[str] = set()
    for operation in _operations(document):
        security = operation.get("security")
        if security is None:
            continue
        if {} in security:
            del operation["security"]
        else:
            used.update(name for requirement in security for name in requirement)
    components = document.get("components", {})
    if "securitySchemes" in components:
        kept = {k: v for k, v in components["securitySchemes"].items() if k in used}
        if kept:
            components["securitySchemes"] = kept
        else:
            del components["securitySchemes"]
    document.pop("security", None)


def _operations(document: dict[str, Any]) -> list[dict[str, Any]]:
    methods = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}
    return [op for item in document.get("paths", {}).values() for method, op in item.items() if method in methods]


def build_document(config: RevolutionConfig, zone: str, urlconf: Any,
                   options: SpectacularOptions) -> tuple[dict[str, Any], list[str]]:
    """Generate, then normalize (unless turned off): the document both the pipeline and the schema view serve."""
    document, warnings = generate_zone_schema(config, zone, urlconf, options)
    if options.normalize:
        from revolution_django.normalizer import NormalizeContext, load_normalizer

        normalizer = load_normalizer(options.normalizer)
        context = NormalizeContext(zone=zone, path_prefix=urlconf.prefix.rstrip("/"),
                                   server_url=options.server_url, operation_ids=options.operation_ids)
        document, extra = normalizer(document, context)
        warnings = [*warnings, *extra]
    return document, warnings
