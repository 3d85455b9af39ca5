"""DRF's API versioning in zone schemas. drf-spectacular documents one API version per schema: the version
it is given, else the versioning class's DEFAULT_VERSION; with neither, it leaves out every view that has a
versioning class, including views whose URL carries no version (a project-wide URLPathVersioning covers
dj-rest-auth's and simplejwt's views too). The zone's `version` ("v1" unless set) is that version wherever
the views allow it, so the schema documents the API its `info.version` names; otherwise the project's
DEFAULT_VERSION applies, and with none the zone's schema would silently lose those views: an error."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from revolution_core.errors import RevolutionError


class ZoneVersionError(RevolutionError):
    """A zone whose versioned views no API version can be chosen for."""


def versioning_classes(views: Iterable[Any]) -> list[type]:
    """The versioning classes drf-spectacular can document among `views`, in order, each once."""
    from drf_spectacular.plumbing import is_versioning_supported

    found: list[type] = []
    for view in views:
        klass = getattr(view, "versioning_class", None)
        if isinstance(klass, type) and is_versioning_supported(klass) and klass not in found:
            found.append(klass)
    return found


def names(klass: type, version: str) -> bool:
    """Whether DRF's `klass` names `version`: its DEFAULT_VERSION or one of its ALLOWED_VERSIONS. (With no
    ALLOWED_VERSIONS DRF serves any version its URL patterns let through, which only the patterns know.)"""
    allowed = getattr(klass, "allowed_versions", None) or ()
    return version == getattr(klass, "default_version", None) or version in allowed


def _has_version_parameter(path: str, view: Any) -> bool:
    from rest_framework.versioning import URLPathVersioning

    klass = getattr(view, "versioning_class", None)
    if not isinstance(klass, type) or not issubclass(klass, URLPathVersioning):
        return False
    return "{" + str(getattr(klass, "version_param", "version")) + "}" in path


def choose_version(zone_version: str, endpoints: Iterable[tuple[str, str, str, Any]]) -> tuple[str | None, str]:
    """(the version to document or None for drf-spectacular's default, a problem to report or "") for the
    endpoints (path, path regex, method, view) of a zone."""
    endpoints = list(endpoints)
    classes = versioning_classes(view for *_, view in endpoints)
    if not classes:
        return None, ""
    if all(names(klass, zone_version) for klass in classes):
        return zone_version, ""
    if all(getattr(klass, "default_version", None) for klass in classes):
        return None, ""
    listing = any(getattr(klass, "allowed_versions", None) for klass in classes)
    if not listing and not any(_has_version_parameter(path, view) for path, _, _, view in endpoints):
        return zone_version, ""  # any version is served and none is in a URL: the version changes no path
    kinds = ", ".join(klass.__name__ for klass in classes)
    allowed = sorted({str(v) for klass in classes for v in (getattr(klass, "allowed_versions", None) or ())})
    example = allowed[0] if allowed else zone_version
    why = (f"the zone's version {zone_version!r} is not one of its ALLOWED_VERSIONS ({', '.join(allowed)})"
           if listing else "REST_FRAMEWORK lists no ALLOWED_VERSIONS, so which versions the URLs take is unknown")
    return None, (
        f"the zone's views are versioned by {kinds} and drf-spectacular documents one API version per schema, "
        f"but {why} and REST_FRAMEWORK sets no DEFAULT_VERSION, so every versioned view would be left out of "
        f"the schema. Set the zone's version to the API version it documents, e.g. ZoneConfig(..., "
        f"version={example!r}){'' if listing else ' listed in ALLOWED_VERSIONS'}, or set "
        f"REST_FRAMEWORK['DEFAULT_VERSION']"
    )


def versioned_path(path: str, view: Any, version: str | None) -> str:
    """`/api/{version}/books/` -> `/api/v1/books/` for a URLPathVersioning view, as drf-spectacular writes it."""
    from rest_framework.versioning import URLPathVersioning

    klass = getattr(view, "versioning_class", None)
    if not isinstance(klass, type) or not issubclass(klass, URLPathVersioning):
        return path
    version = version or getattr(klass, "default_version", None)
    if not version:
        return path
    return path.replace("{" + str(getattr(klass, "version_param", "version")) + "}", str(version))


def unreachable(endpoints: Iterable[tuple[str, str, str, Any]]) -> str:
    """A problem naming the URLPathVersioning views whose URL has no version parameter while the class allows
    no missing version (ALLOWED_VERSIONS, no DEFAULT_VERSION): DRF answers every request to them 404
    "Invalid version in URL path", so a schema must not offer them. "" when there are none."""
    from rest_framework.versioning import URLPathVersioning

    found: list[str] = []
    names: list[str] = []
    for path, _, method, view in endpoints:
        klass = getattr(view, "versioning_class", None)
        if not isinstance(klass, type) or not issubclass(klass, URLPathVersioning):
            continue
        param = "{" + str(getattr(klass, "version_param", "version")) + "}"
        served = getattr(klass, "default_version", None) is not None or not getattr(klass, "allowed_versions", None)
        if param in path or served:
            continue
        found.append(f"{method.upper()} {path} ({user_view_name(type(view))})")
        names.append(klass.__name__)
    if not found:
        return ""
    shown = ", ".join(found[:5]) + (f" and {len(found) - 5} more" if len(found) > 5 else "")
    return (
        f"{shown}: these views are versioned by {names[0]} but their URL has no version parameter and "
        f"REST_FRAMEWORK sets ALLOWED_VERSIONS without a DEFAULT_VERSION, so DRF answers every request to them "
        f"404 'Invalid version in URL path' and the clients could never call them. Set "
        f"REST_FRAMEWORK['DEFAULT_VERSION'] (the version those URLs then serve), or give those views "
        f"`versioning_class = None` (a subclass of a package's view), or route them under the version parameter"
    )


def user_view_name(view_class: type) -> str:
    """The view class a user wrote or imported: drf-spectacular's contrib modules replace some packages' views
    (dj-rest-auth's LoginView) by a subclass of theirs, `...view_replacement.<locals>.Fixed`."""
    for klass in view_class.__mro__:
        if not klass.__module__.startswith("drf_spectacular."):
            return f"{klass.__module__}.{klass.__qualname__}"
    return f"{view_class.__module__}.{view_class.__qualname__}"
