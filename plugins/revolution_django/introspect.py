"""What only the views know: for each operation drf-spectacular emitted, the DRF action behind it (a router's
`list`/`create`/... or a custom `@action`), whether a plain view creates, and whether its operationId is the
user's. The normalizer names operations from this (`revolution_django.naming`); the document alone cannot
tell a router's `create` on `device/gcm/` from an APIView's POST to `token/refresh/`."""

from __future__ import annotations

import re
from typing import Any

from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.settings import spectacular_settings

from revolution_django.naming import ROUTER_ACTIONS, OperationView


class RecordingGenerator(SchemaGenerator):
    """drf-spectacular's generator, remembering the (path, path regex, method, view) of every endpoint.

    `zone_version` (the zone's `version`) becomes the API version documented for views with a DRF versioning
    class, when they allow it: drf-spectacular documents one version per schema and, with none given and no
    DEFAULT_VERSION, leaves every such view out (see `revolution_django.versions`)."""

    def __init__(self, *args: Any, zone_version: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.seen: list[tuple[str, str, str, Any]] = []
        self.zone_version = zone_version
        self.version_problem = ""

    def _get_paths_and_endpoints(self, *args: Any, **kwargs: Any) -> Any:
        from revolution_django.versions import choose_version, unreachable

        endpoints = super()._get_paths_and_endpoints(*args, **kwargs)
        self.seen = list(endpoints)
        if self.api_version is None and self.zone_version:
            self.api_version, self.version_problem = choose_version(self.zone_version, endpoints)
        self.version_problem = self.version_problem or unreachable(endpoints)
        return endpoints

    def document_path(self, path: str, view: Any) -> str:
        """`path` as the document holds it: a URLPathVersioning view's `{version}` is the version documented."""
        from revolution_django.versions import versioned_path

        return versioned_path(path, view, self.api_version)

    def operations(self) -> list[tuple[str, str, Any]]:
        """(document path, lower-case method, view) of every endpoint."""
        prefix = str(spectacular_settings.SCHEMA_PATH_PREFIX or "/")
        prefix = prefix if prefix.startswith("^") else "^" + prefix
        return [(document_path(self.document_path(path, view), prefix), method.lower(), view)
                for path, _, method, view in self.seen]

    def operation_views(self) -> dict[tuple[str, str], OperationView]:
        """(document path, lower-case method) -> OperationView for every endpoint; a view that cannot be
        introspected is left out (its operation is then named from the document alone)."""
        prefix = str(spectacular_settings.SCHEMA_PATH_PREFIX or "/")
        prefix = prefix if prefix.startswith("^") else "^" + prefix
        out: dict[tuple[str, str], OperationView] = {}
        for path, path_regex, method, view in self.seen:
            try:
                schema = view.schema
                if not isinstance(schema, AutoSchema):
                    continue
                # The state AutoSchema.get_operation() gives itself, so that get_operation_id() can run again.
                schema.path, schema.path_regex, schema.path_prefix = path, path_regex, prefix
                schema.method = method.upper()
                out[(document_path(self.document_path(path, view), prefix), method.lower())] = describe(view, schema)
            except Exception:
                continue
        return out


def document_path(path: str, prefix: str) -> str:
    """The path as drf-spectacular writes it into the document (its SCHEMA_PATH_PREFIX_TRIM/INSERT rules)."""
    if spectacular_settings.SCHEMA_PATH_PREFIX_TRIM:
        path = re.sub(pattern=prefix, repl="", string=path, flags=re.IGNORECASE)
    if spectacular_settings.SCHEMA_PATH_PREFIX_INSERT:
        path = spectacular_settings.SCHEMA_PATH_PREFIX_INSERT + path
    return path if path.startswith("/") else "/" + path


def describe(view: Any, schema: Any) -> OperationView:
    method = schema.method.lower()
    # drf-spectacular's own test for a chosen id: anything but AutoSchema's default is the user's
    # (@extend_schema(operation_id=...), or a DEFAULT_SCHEMA_CLASS naming operations its own way).
    explicit = schema.get_operation_id() != AutoSchema.get_operation_id(schema)
    action = getattr(view, "action", None)
    if not isinstance(action, str) or not getattr(view, "action_map", None):
        from rest_framework.mixins import CreateModelMixin

        return OperationView(creates=isinstance(view, CreateModelMixin) and method == "post", explicit=explicit)
    if action in ROUTER_ACTIONS:
        return OperationView(action=action, explicit=explicit)
    url_path, methods = "", (method,)
    for extra in view.get_extra_actions() if hasattr(view, "get_extra_actions") else []:
        mapping = dict(getattr(extra, "mapping", {}) or {})
        if action in mapping.values():
            url_path = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", str(getattr(extra, "url_path", "") or ""))
            methods = tuple(m for m, name in mapping.items() if name == action)
            break
    return OperationView(action=action, custom=True, url_path=url_path, action_methods=methods, explicit=explicit)
