"""Per-zone schema, Swagger UI and Redoc views. Private zones (not public, or auth_required) refuse
anonymous users; `ZoneConfig.permissions` replaces the default check; UI assets come from
drf-spectacular-sidecar through this app (no CDN, no static files setup needed)."""

from __future__ import annotations

import html
import json
import mimetypes
from pathlib import Path
from typing import Any, ClassVar

from django.http import FileResponse, Http404, HttpRequest
from django.utils.module_loading import import_string
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.renderers import BaseRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from revolution_core.config import RevolutionConfig
from revolution_django.conf import DjangoZoneFields

ASSETS = {
    "swagger-ui-bundle.js": "swagger-ui-dist/swagger-ui-bundle.js",
    "swagger-ui-standalone-preset.js": "swagger-ui-dist/swagger-ui-standalone-preset.js",
    "swagger-ui.css": "swagger-ui-dist/swagger-ui.css",
    "favicon-32x32.png": "swagger-ui-dist/favicon-32x32.png",
    "redoc.standalone.js": "redoc/bundles/redoc.standalone.js",
}


def zone_permission_classes(zone: DjangoZoneFields) -> list[type]:
    """The zone's own permissions if given; open for public zones without auth; else authenticated."""
    if zone.permissions:
        return [import_string(dotted) for dotted in zone.permissions]
    if zone.public and not zone.auth_required:
        return [AllowAny]
    return [IsAuthenticated]


class _HTMLRenderer(BaseRenderer):
    media_type = "text/html"
    format = "html"
    charset = "utf-8"

    def render(self, data: Any, accepted_media_type: str | None = None, renderer_context: Any = None) -> bytes:
        if isinstance(data, str):
            return data.encode("utf-8")
        detail = data.get("detail", data) if isinstance(data, dict) else data
        return f"<!doctype html><title>Error</title><p>{html.escape(str(detail))}</p>".encode()


class ZoneViewMixin:
    schema = None  # never part of an OpenAPI document itself
    config: ClassVar[RevolutionConfig | None] = None
    zone: ClassVar[str] = ""
    manager: ClassVar[Any] = None  # a DynamicZoneManager; the zone's URL module is built on first request,
    # since a zone cut from ROOT_URLCONF (`paths`) cannot be built while ROOT_URLCONF is being imported

    @property
    def urlconf(self) -> Any:
        return self.manager.get_zone_module(self.zone)


class ZoneSchemaView(ZoneViewMixin, APIView):
    """The zone's OpenAPI document (YAML by default, `?format=json` for JSON), exactly as generated."""

    def get_renderers(self) -> list[BaseRenderer]:
        from drf_spectacular.renderers import OpenApiJsonRenderer, OpenApiYamlRenderer

        return [OpenApiYamlRenderer(), OpenApiJsonRenderer()]

    def get_format_suffix(self, **kwargs: Any) -> str | None:
        """`?format=json` whatever REST_FRAMEWORK["URL_FORMAT_OVERRIDE"] says: projects with a `format` filter
        set it to None (else `?format=ebook` answers 404), and the docs pages load `schema/?format=json`."""
        return self.request.query_params.get("format") or super().get_format_suffix(**kwargs)  # type: ignore[no-any-return]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        from revolution_django.schema import SpectacularOptions, build_document

        assert self.config is not None
        options = SpectacularOptions.model_validate(self.config.zones[self.zone].schema_options)
        document, _ = build_document(self.config, self.zone, self.urlconf, options)
        return Response(document, headers={"Content-Disposition": f'inline; filename="{self.zone}.yaml"'})


class _DocsView(ZoneViewMixin, APIView):
    renderer_classes = [_HTMLRenderer]
    schema_url: ClassVar[str] = ""
    assets_url: ClassVar[str] = ""
    template: ClassVar[str] = ""

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Response:
        assert self.config is not None
        from revolution_django.schema import zone_title

        title = html.escape(zone_title(self.zone, self.config.zones[self.zone]))
        page = self.template.format(
            title=title, assets=html.escape(self.assets_url),
            schema_url=json.dumps(self.schema_url + "?format=json"),
        )
        return Response(page)


class ZoneSwaggerView(_DocsView):
    template = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<link rel="stylesheet" href="{assets}swagger-ui.css"><link rel="icon" href="{assets}favicon-32x32.png"></head>
<body><div id="swagger-ui"></div>
<script src="{assets}swagger-ui-bundle.js"></script>
<script src="{assets}swagger-ui-standalone-preset.js"></script>
<script>window.ui = SwaggerUIBundle({{url: {schema_url}, dom_id: "#swagger-ui", deepLinking: true,
presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], layout: "StandaloneLayout"}});</script>
</body></html>
"""


class ZoneRedocView(_DocsView):
    template = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title></head>
<body><redoc spec-url={schema_url}></redoc><script src="{assets}redoc.standalone.js"></script></body></html>
"""


def docs_asset(request: HttpRequest, name: str) -> FileResponse:
    """Swagger UI / Redoc files shipped by drf-spectacular-sidecar."""
    relative = ASSETS.get(name)
    if relative is None:
        raise Http404(name)
    import drf_spectacular_sidecar

    path = Path(drf_spectacular_sidecar.__file__).parent / "static" / "drf_spectacular_sidecar" / relative
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(path.open("rb"), content_type=content_type)
    response["Cache-Control"] = "public, max-age=86400"
    return response
