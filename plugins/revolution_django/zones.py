"""Dynamic zones: one in-memory URL module per zone, built from its apps' `urls` modules, and the
checks that find every configuration problem at once (each with its fix).

No file is written: a zone's URL module is a `types.ModuleType` registered in `sys.modules`, so that
both Django (`include`) and drf-spectacular (`SchemaGenerator(urlconf=...)`) can use it.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import re
import sys
import traceback
import types
from collections.abc import Mapping
from typing import Any

from revolution_core.config import RevolutionConfig, zone_name_problem
from revolution_core.errors import Problem, RevolutionError
from revolution_django.conf import DjangoZoneFields, django_options, django_zones, settings_config, zone_prefix

MODULE_PREFIX = "revolution_django._zone_urls"


class ZoneUrlsImportError(RevolutionError):
    """An app's `urls` module exists but raised while being imported."""


class DynamicZoneDetector:
    """Finds a zone's apps among the installed Django apps and their `urls` modules."""

    def installed(self) -> dict[str, str]:
        """Installed apps by label and by dotted name -> dotted module name."""
        from django.apps import apps

        found: dict[str, str] = {}
        for app_config in apps.get_app_configs():
            found[app_config.label] = app_config.name
            found[app_config.name] = app_config.name
        return found

    def app_module(self, app: str) -> str | None:
        """The dotted module of an installed app given by label or name, else None."""
        return self.installed().get(app)

    def urls_module_name(self, app: str) -> str | None:
        module = self.app_module(app)
        return f"{module}.urls" if module else None

    def has_urls(self, app: str) -> bool:
        name = self.urls_module_name(app)
        if not name:
            return False
        try:
            return importlib.util.find_spec(name) is not None
        except (ImportError, ValueError):
            return False

    def import_urls(self, zone: str, app: str) -> types.ModuleType:
        """Import an app's `urls`; an error inside it is raised, never swallowed, naming zone and app."""
        name = self.urls_module_name(app)
        if name is None:
            raise RevolutionError(f"zone '{zone}': app '{app}' is not in INSTALLED_APPS; add it there")
        try:
            return importlib.import_module(name)
        except Exception as exc:
            if isinstance(exc, ModuleNotFoundError) and exc.name == name:
                raise RevolutionError(
                    f"zone '{zone}': app '{app}' has no `urls` module ({name}); create {name.replace('.', '/')}.py "
                    "with `urlpatterns`, or remove the app from the zone"
                ) from None
            raise ZoneUrlsImportError(
                f"zone '{zone}': importing {name} (app '{app}') failed: {type(exc).__name__}: {exc}"
                f"{_where(exc)}; fix that module (the zone cannot be built without it)"
            ) from exc


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "importlib" not in f.filename]
    if not frames:
        return ""
    last = frames[-1]
    return f" at {last.filename}:{last.lineno}"


class DynamicZoneManager:
    """Builds and caches one URL module per Django zone: its apps' urls mounted under `<prefix>/<zone>/`."""

    def __init__(self, config: RevolutionConfig | None = None, detector: DynamicZoneDetector | None = None) -> None:
        self.config = config if config is not None else settings_config()
        self.zones = django_zones(self.config)
        self.api_prefix = django_options(self.config).api_prefix
        self.detector = detector or DynamicZoneDetector()
        self._modules: dict[str, types.ModuleType] = {}

    @property
    def zone_names(self) -> list[str]:
        return list(self.zones)

    def prefix(self, zone: str) -> str:
        """`api/public/` (no leading slash)."""
        return zone_prefix(self.api_prefix, zone, self.zones[zone])

    def module_name(self, zone: str) -> str:
        return f"{MODULE_PREFIX}.{zone}"

    def get_zone_module(self, zone: str) -> types.ModuleType:
        """The zone's in-memory URL module (`urlpatterns` holds the zone's API only)."""
        if zone in self._modules:
            return self._modules[zone]
        from django.urls import include, path

        if zone not in self.zones:
            raise RevolutionError(f"unknown Django zone '{zone}'; configured: {', '.join(self.zones)}")
        zone_config = self.zones[zone]
        prefix = self.prefix(zone)
        patterns: list[Any] = []
        for app in zone_config.apps:
            module = self.detector.import_urls(zone, app)
            if not hasattr(module, "urlpatterns"):
                raise RevolutionError(
                    f"zone '{zone}': {module.__name__} (app '{app}') defines no `urlpatterns`; add a list of "
                    "path(...) entries or a DRF router's urls"
                )
            patterns.append(path(prefix, include(module)))
        module = types.ModuleType(self.module_name(zone), f"Revolution zone '{zone}' URLconf (in memory).")
        module.urlpatterns = patterns  # type: ignore[attr-defined]
        module.zone = zone  # type: ignore[attr-defined]
        module.prefix = "/" + prefix  # type: ignore[attr-defined]
        sys.modules[module.__name__] = module
        self._modules[zone] = module
        return module

    def create_all(self) -> dict[str, types.ModuleType]:
        return {zone: self.get_zone_module(zone) for zone in self.zone_names}

    def url_patterns(self, zone: str) -> list[tuple[str, str]]:
        """(route, view name) for every endpoint of a zone, for `--show-urls`."""
        from django.urls import URLPattern, URLResolver

        rows: list[tuple[str, str]] = []

        def readable(pattern: Any) -> str:
            text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"<\1>", str(pattern))
            return text.removeprefix("^").removesuffix("$").replace("\\", "")

        def walk(patterns: list[Any], prefix: str) -> None:
            for entry in patterns:
                if isinstance(entry, URLResolver):
                    walk(entry.url_patterns, prefix + readable(entry.pattern))
                elif isinstance(entry, URLPattern):
                    route = "/" + prefix + readable(entry.pattern)
                    if "<format>" in route:
                        continue  # DRF's format-suffix twins add nothing to read
                    callback = entry.callback
                    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
                    # __name__, not __qualname__: DRF's @api_view names its wrapper class after the function
                    rows.append((route, f"{view.__module__}.{getattr(view, '__name__', view)}"))

        walk(self.get_zone_module(zone).urlpatterns, "")
        return rows


def validate_zone_configuration(
    zones: Mapping[str, DjangoZoneFields] | RevolutionConfig | None = None,
    *,
    api_prefix: str = "api",
    detector: DynamicZoneDetector | None = None,
    import_errors: list[BaseException] | None = None,
) -> list[Problem]:
    """Every problem of the Django zones (given as their fields, or a whole configuration), each with its
    fix. Needs Django set up (apps loaded).

    Exceptions raised by apps' urls modules are appended to `import_errors` (to chain them when raising)."""
    if zones is None:
        zones = settings_config()
    if isinstance(zones, RevolutionConfig):
        api_prefix = django_options(zones).api_prefix
        zones = django_zones(zones)
    zones = {name: _fields(zone) for name, zone in zones.items()}
    detector = detector or DynamicZoneDetector()
    problems: list[Problem] = []
    installed = detector.installed()
    owners: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for name, zone in zones.items():
        where = f"zones.{name}"
        name_problem = zone_name_problem(name)
        if name_problem:
            problems.append(Problem(where, name_problem))
        if not zone.apps:
            problems.append(Problem(f"{where}.apps", (
                "the zone lists no apps: add the Django apps whose urls it serves, e.g. apps=['catalog'], "
                "or point `openapi_file` at an OpenAPI document")))
        for i, app in enumerate(zone.apps):
            problems.extend(_app_problems(f"{where}.apps[{i}]", name, app, installed, detector, import_errors))
            module = installed.get(app, app)
            if module in owners and owners[module] != name:
                problems.append(Problem(f"{where}.apps[{i}]", (
                    f"app '{app}' is already in zone '{owners[module]}'; an app's URLs can belong to one zone "
                    "only: remove it from one of them (or split the app's urls)")))
            owners.setdefault(module, name)
        for i, permission in enumerate(zone.permissions or []):
            problems.extend(_permission_problems(f"{where}.permissions[{i}]", permission))
        prefix = zone_prefix(api_prefix, name, zone)
        for other, other_prefix in prefixes.items():
            if prefix == other_prefix or prefix.startswith(other_prefix) or other_prefix.startswith(prefix):
                problems.append(Problem(f"{where}.path_prefix", (
                    f"URL prefix '/{prefix}' clashes with zone '{other}' ('/{other_prefix}'): give one of them a "
                    "distinct `path_prefix` (e.g. path_prefix='" + name.replace("_", "-") + "-api')")))
        prefixes[name] = prefix
    return problems


def _fields(zone: Any) -> DjangoZoneFields:
    """A zone's Django fields, from a `DjangoZoneFields` or any `ZoneConfig` (core or Django flavour)."""
    if isinstance(zone, DjangoZoneFields):
        return zone
    from revolution_django.conf import DjangoZoneOptions

    return DjangoZoneOptions.model_validate(zone.source_fields())


def _app_problems(where: str, zone: str, app: str, installed: dict[str, str],
                  detector: DynamicZoneDetector, import_errors: list[BaseException] | None) -> list[Problem]:
    if app not in installed:
        if _module_exists(app):
            return [Problem(where, f"app '{app}' exists but is not in INSTALLED_APPS; add '{app}' to INSTALLED_APPS")]
        labels = sorted({name for name in installed if "." not in name} | set(installed.values()))
        close = difflib.get_close_matches(app, labels, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return [Problem(where, (
            f"unknown app '{app}': {hint}it is neither an installed app label nor an importable module; "
            "fix the name or add the app to INSTALLED_APPS"))]
    if not detector.has_urls(app):
        module = installed[app]
        return [Problem(where, (
            f"app '{app}' has no `urls` module ({module}.urls); create it with `urlpatterns` "
            "(e.g. a DRF router's urls) or remove the app from the zone"))]
    try:
        detector.import_urls(zone, app)
    except RevolutionError as exc:
        if import_errors is not None and exc.__cause__ is not None:
            import_errors.append(exc)
        return [Problem(where, str(exc))]
    return []


def _permission_problems(where: str, dotted: str) -> list[Problem]:
    from django.utils.module_loading import import_string

    try:
        import_string(dotted)
    except ImportError as exc:
        return [Problem(where, (
            f"permission class '{dotted}' cannot be imported ({exc}); give the dotted path of a DRF permission "
            "class, e.g. 'rest_framework.permissions.IsAdminUser'"))]
    return []


def _module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False
