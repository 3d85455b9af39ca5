"""One zone's files: `models.py`, `client.py` (blocking), `async_client.py` and `__init__.py`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from revolution_core.models import Zone
from revolution_python.models import generate_models
from revolution_python.options import PythonOptions, PythonZoneOptions, refresh_path_for
from revolution_python.parser import parse_api
from revolution_python.render import render
from revolution_python.security import credential_fields, scheme_literal


def zone_files(zone: Zone, document: Mapping[str, Any], options: PythonOptions,
               zone_options: PythonZoneOptions) -> tuple[dict[str, bytes], list[str]]:
    """Relative path -> bytes for the zone's package, and the warnings met on the way."""
    return render_zone(zone.name, zone.title, document, options, zone_options)


def render_zone(name: str, title: str, document: Mapping[str, Any], options: PythonOptions,
                zone_options: PythonZoneOptions) -> tuple[dict[str, bytes], list[str]]:
    """`zone_files` from plain values (what a worker process receives, see `parallel`)."""
    models = generate_models(document, options, zone_options, name)
    api = parse_api(document, name, title, models.names, options.token_keyword, models.enums)
    assert api.security is not None
    context: dict[str, Any] = {
        "api": api,
        "schemes": [(scheme.name, scheme_literal(scheme)) for scheme in api.security.schemes],
        "security_constants": api.security.constants,
        "credentials": credential_fields(api.security.schemes),
        "refresh_path": refresh_path_for(options.refresh_path, [document]),
        "timeout": options.timeout,
        "max_retries": options.max_retries,
    }
    files = {
        "__init__.py": render("zone_init.py.jinja", **context),
        "client.py": render("client.py.jinja", is_async=False, **context),
        "async_client.py": render("client.py.jinja", is_async=True, **context),
    }
    out = {name: text.encode("utf-8") for name, text in files.items()}
    out["models.py"] = models.source.encode("utf-8")
    return out, [*models.warnings, *api.warnings]
