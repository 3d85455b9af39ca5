"""Every problem of the Django zones at once, each at its setting and with a fix that is right for it.

One function, `validate_zone_configuration`, feeds `manage.py revolution --validate-zones` and `--show-urls`,
`revolution validate`, the run, and `manage.py check`, so they all report the same thing.
"""

from __future__ import annotations

import difflib
import importlib
import importlib.util
import pkgutil
import re
import sysconfig
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from revolution_core.config import RevolutionConfig, zone_name_problem
from revolution_core.errors import Problem, RevolutionError
from revolution_django.conf import DjangoZoneFields, django_options, django_zones, zone_prefix
from revolution_django.zones import (
    DynamicZoneDetector,
    DynamicZoneManager,
    module_exists,
    zone_paths,
    zone_urls,
)


def validate_zone_configuration(
    zones: Mapping[str, DjangoZoneFields] | RevolutionConfig | None = None,
    *,
    api_prefix: str = "api",
    detector: DynamicZoneDetector | None = None,
    import_errors: list[BaseException] | None = None,
    project_urls: bool = True,
) -> list[Problem]:
    """Every problem of the Django zones (given as their fields, or a whole configuration), each with its
    fix. Needs Django set up (apps loaded).

    With `project_urls` (the default), the project's ROOT_URLCONF is read too: zones cut by `paths`, modules
    the project already includes, and route conflicts inside each zone and across the served URLs. Exceptions
    raised by urlconf modules are appended to `import_errors` (to chain them when raising)."""
    if zones is None:
        from revolution_django.conf import settings_config

        zones = settings_config()
    config: RevolutionConfig | None = None
    given: Mapping[str, Any]
    if isinstance(zones, RevolutionConfig):
        config, api_prefix, given = zones, django_options(zones).api_prefix, django_zones(zones)
    else:
        given = zones
    zones = {name: _fields(zone) for name, zone in given.items()}
    detector = detector or DynamicZoneDetector()
    manager = DynamicZoneManager(config, detector, zones=zones, api_prefix=api_prefix)
    problems: list[Problem] = []
    installed = detector.installed()
    owners: dict[str, str] = {}
    prefixes: dict[str, str] = {}
    for name, zone in zones.items():
        where = f"zones.{name}"
        name_problem = zone_name_problem(name)
        if name_problem:
            problems.append(Problem(where, name_problem))
        if not (zone.apps or zone_urls(zone) or zone_paths(zone)):
            problems.append(Problem(f"{where}.apps", (
                "the zone lists no apps, urls or paths: add the Django apps whose urls it serves "
                "(apps=['catalog']), urlconf modules (urls=['djoser.urls', ('knox/', 'knox.urls')]), or path "
                "prefixes of your own urls.py (paths=['/api/auth/']); or point `openapi_file` at an OpenAPI document")))
        for i, app in enumerate(zone.apps):
            problems.extend(_app_problems(f"{where}.apps[{i}]", name, app, installed, detector, import_errors))
            problems.extend(_one_zone(f"{where}.apps[{i}]", f"app '{app}'", installed.get(app, app), name, owners))
        for i, entry in enumerate(zone_urls(zone)):
            found = _entry_problems(f"{where}.urls[{i}]", name, entry, detector, import_errors)
            problems.extend(found)
            if isinstance(entry.target, str) and not found:
                problems.extend(_one_zone(f"{where}.urls[{i}]", f"'{entry.target}'", entry.target, name, owners))
        for i, permission in enumerate(zone.permissions or []):
            problems.extend(_permission_problems(f"{where}.permissions[{i}]", permission))
        prefix = zone_prefix(api_prefix, name, zone)
        for other, other_prefix in prefixes.items():
            if prefix == other_prefix or prefix.startswith(other_prefix) or other_prefix.startswith(prefix):
                problems.append(Problem(f"{where}.path_prefix", (
                    f"URL prefix '/{prefix}' clashes with zone '{other}' ('/{other_prefix}'): give one of them a "
                    "distinct `path_prefix` (e.g. path_prefix='" + name.replace("_", "-") + "-api')")))
        prefixes[name] = prefix
    if project_urls:
        problems.extend(project_problems(manager))
    return problems


def project_problems(manager: DynamicZoneManager) -> list[Problem]:
    """What needs the project's URLs: `paths` that match nothing or are claimed twice, modules mounted a second
    time, and route conflicts (see `revolution_django.conflicts`)."""
    from revolution_django.conflicts import conflict_problems, zone_conflicts
    from revolution_django.urltree import Tree, is_revolution

    try:
        project = manager.project_routes()
    except RevolutionError as exc:
        return [Problem("ROOT_URLCONF", str(exc))]
    problems: list[Problem] = []
    problems.extend(_paths_problems(manager, project))
    problems.extend(_double_mounts(manager))
    zone_routes = {zone: manager.routes(zone, strict=False) for zone in manager.zone_names}
    trees = {zone: manager.tree(zone, strict=False) for zone in manager.zone_names}
    problems.extend(conflict_problems(zone_conflicts(zone_routes, trees, served_tree(manager, is_revolution, Tree),
                                                     project)))
    return problems


def served_tree(manager: DynamicZoneManager, is_revolution: Any, tree: Any) -> Any:
    """The URL tree the project serves: ROOT_URLCONF as is when it calls add_revolution_urls, else
    ROOT_URLCONF with every zone's mounted entries appended (what add_revolution_urls would add)."""
    from django.urls import get_resolver

    root = get_resolver()
    if any(is_revolution(item) for item in root.url_patterns):
        return tree(list(root.url_patterns), root)
    mounted = [m.pattern for zone in manager.zone_names for m in manager.mounts(zone, strict=False)]
    return tree([*manager.project_patterns(), *mounted])


def _paths_problems(manager: DynamicZoneManager, project: list[Any]) -> list[Problem]:
    from django.conf import settings

    problems = []
    claimed: dict[str, str] = {}
    owners = manager.owners()
    taken = {(zone, i) for zone, i in owners.values()}
    tops = sorted({"/" + route.path.strip("/").split("/")[0] + "/" for route in project if route.path.strip("/")})
    for zone in manager.zone_names:
        for i, prefix in enumerate(zone_paths(manager.zones[zone])):
            where = f"zones.{zone}.paths[{i}]"
            if prefix in claimed and claimed[prefix] != zone:
                problems.append(Problem(where, (
                    f"path prefix '{prefix}' is also in zone '{claimed[prefix]}': a route belongs to one zone; "
                    "remove it from one of them (a longer prefix in another zone takes the routes under it)")))
                continue
            claimed.setdefault(prefix, zone)
            if (zone, i) not in taken:
                seen = ", ".join(tops[:8]) or "none"
                hint = _parameter_hint(prefix, project)
                problems.append(Problem(where, (
                    f"no route of your ROOT_URLCONF ({settings.ROOT_URLCONF}) is under '{prefix}' (top-level "
                    f"prefixes there: {seen}); {hint or 'fix the prefix, or mount the routes with urls=[...] instead'}"
                )))
    return problems


def _parameter_hint(prefix: str, project: list[Any]) -> str:
    """For a prefix that routes match only through a path parameter (`/api/v1/` against DRF's versioned
    `^api/(?P<version>v1|v2)/books/`, documented `/api/{version}/books/`): what to write instead."""
    wanted = [part for part in prefix.strip("/").split("/") if part]
    for route in project:
        parts = [part for part in route.path.strip("/").split("/") if part]
        if len(parts) < len(wanted):
            continue
        pairs = list(zip(wanted, parts, strict=False))
        params = [have for want, have in pairs if want != have]
        if params and all(p.startswith("{") and p.endswith("}") for p in params):
            first = next(index for index, (want, have) in enumerate(pairs) if want != have)
            instead = "/" + "".join(f"{part}/" for part in wanted[:first])
            return (f"routes such as '{route.path}' reach it only through their path parameter "
                    f"{', '.join(params)}, and a prefix is matched against the path as documented: take them with "
                    f"paths=['{instead}'] (with DRF's URLPathVersioning the zone's `version` chooses the version "
                    f"its schema documents)")
    return ""


def _double_mounts(manager: DynamicZoneManager) -> list[Problem]:
    """A module mounted by a zone and also included by the project's own urls.py would be served twice."""
    from django.conf import settings
    from django.urls import URLResolver

    included: dict[str, str] = {}

    def collect(patterns: list[Any], prefix: str) -> None:
        for item in patterns:
            if isinstance(item, URLResolver):
                module = getattr(item.urlconf_module, "__name__", None)
                route = prefix + str(item.pattern)
                if module:
                    included.setdefault(module, route)
                collect(item.url_patterns, route)

    try:
        collect(manager.project_patterns(), "")
    except Exception:  # a broken include is reported by Django's own checks
        return []
    problems = []
    from revolution_django.urltree import documented_path

    for zone in manager.zone_names:
        for mount in manager.mounts(zone, strict=False):
            if mount.module in included:
                at = documented_path(included[mount.module])
                problems.append(Problem(mount.location, (
                    f"{mount.module} is already included by your ROOT_URLCONF ({settings.ROOT_URLCONF}) at {at}: "
                    "mounting it in the zone would serve its routes twice (and a namespaced module trips "
                    f"urls.W005). Take the zone from where the project serves it with paths=['{at}'], or remove "
                    "that include from your urls.py")))
    return problems


def _fields(zone: Any) -> DjangoZoneFields:
    """A zone's Django fields, from a `DjangoZoneFields` or any `ZoneConfig` (core or Django flavour)."""
    if isinstance(zone, DjangoZoneFields):
        return zone
    from revolution_django.conf import DjangoZoneOptions

    return DjangoZoneOptions.model_validate(zone.source_fields())


def _one_zone(where: str, what: str, module: str, zone: str, owners: dict[str, str]) -> list[Problem]:
    problems = []
    if module in owners and owners[module] != zone:
        problems.append(Problem(where, (
            f"{what} is already in zone '{owners[module]}'; a route can belong to one zone only: remove it from "
            "one of them (or split its urls)")))
    owners.setdefault(module, zone)
    return problems


def _app_problems(where: str, zone: str, app: str, installed: dict[str, str],
                  detector: DynamicZoneDetector, import_errors: list[BaseException] | None) -> list[Problem]:
    if app not in installed:
        if module_exists(app):
            if _is_urlconf(app):
                return [Problem(where, (
                    f"'{app}' is a URL module, not a Django app: list it under urls=['{app}'] (or "
                    f"urls=[('<sub-prefix>/', '{app}')]) instead of apps"))]
            if _looks_like_app(app):
                return [Problem(where, f"app '{app}' exists but is not in INSTALLED_APPS; add '{app}' to "
                                       "INSTALLED_APPS")]
            return [Problem(where, (
                f"'{app}' is a module but not an installed Django app; name its urlconf module with "
                f"urls=['{app}.urls'] (or the module holding its `urlpatterns`)"))]
        labels = sorted({name for name in installed if "." not in name} | set(installed.values()))
        close = difflib.get_close_matches(app, labels, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        return [Problem(where, (
            f"unknown app '{app}': {hint}it is neither an installed app label nor an importable module; "
            "fix the name or add the app to INSTALLED_APPS"))]
    if not detector.has_urls(app):
        module = installed[app]
        candidates = _urlconf_candidates(module)
        if _is_installed_package(module):
            if not candidates:
                return [Problem(where, (
                    f"app '{app}' has no `urls` module ({module}.urls) and ships no URL module at all: wire its "
                    "views in your urls.py as its README shows, then take them into the zone where you serve them "
                    "with paths=['/<their prefix>/'] (or list a urlconf module of yours with urls=['...'])"))]
            return [Problem(where, (
                f"app '{app}' has no `urls` module ({module}.urls); it is an installed package, so point the zone "
                f"at its urlconf instead: urls=['{candidates[0]}'] (its URL modules: {', '.join(candidates)}), "
                "or remove the app from the zone"))]
        also = f", or use urls=['{candidates[0]}']" if candidates else ""
        return [Problem(where, (
            f"app '{app}' has no `urls` module ({module}.urls); create it with `urlpatterns` "
            f"(e.g. a DRF router's urls){also}, or remove the app from the zone"))]
    try:
        detector.import_urls(zone, app)
    except RevolutionError as exc:
        if import_errors is not None and exc.__cause__ is not None:
            import_errors.append(exc)
        return [Problem(where, str(exc))]
    return []


def _entry_problems(where: str, zone: str, entry: Any, detector: DynamicZoneDetector,
                    import_errors: list[BaseException] | None) -> list[Problem]:
    from revolution_django.zones import _includable

    try:
        target = detector.import_target(zone, entry)
        _includable(zone, entry, target)
    except RevolutionError as exc:
        if import_errors is not None and exc.__cause__ is not None:
            import_errors.append(exc)
        message = str(exc)
        if isinstance(entry.target, str) and "cannot import" in message:
            message += _module_hint(entry.target)
        return [Problem(where, message)]
    return []


def _module_hint(name: str) -> str:
    """`; did you mean 'djoser.urls'?` from the modules that do exist next to the one asked for."""
    parent = name.rpartition(".")[0]
    candidates: list[str] = []
    while parent and not candidates:
        if module_exists(parent):
            candidates = _urlconf_candidates(parent, limit=50) or _submodules(parent)
            break
        parent = parent.rpartition(".")[0]
    close = difflib.get_close_matches(name, candidates, n=1, cutoff=0.5)
    if close:
        return f"; did you mean '{close[0]}'?"
    if candidates:
        return f"; URL modules there: {', '.join(candidates[:6])}"
    return "; give the dotted name of a module holding `urlpatterns` (e.g. 'djoser.urls')"


def _submodules(package: str) -> list[str]:
    try:
        module = importlib.import_module(package)
    except Exception:
        return []
    paths = getattr(module, "__path__", None)
    return sorted(f"{package}.{info.name}" for info in pkgutil.iter_modules(paths)) if paths else []


def _urlconf_candidates(package: str, limit: int = 6) -> list[str]:
    """Modules named like urlconfs (`urls`, `urls.jwt`, `api.urls`, `routers`) inside a package, shallow first."""
    found: list[str] = []
    queue = [package]
    while queue and len(found) < limit:
        current = queue.pop(0)
        for name in _submodules(current):
            last = name.rpartition(".")[2]
            if re.search(r"urls|routes|routers?$", last) and name not in found:
                found.append(name)
            if current.count(".") - package.count(".") < 2 and "test" not in last and "migrations" not in last:
                queue.append(name)
    return found[:limit]


def _is_urlconf(name: str) -> bool:
    try:
        return hasattr(importlib.import_module(name), "urlpatterns")
    except Exception:
        return name.rpartition(".")[2] == "urls"


def _looks_like_app(name: str) -> bool:
    return any(module_exists(f"{name}.{part}") for part in ("apps", "models", "migrations"))


def _is_installed_package(module: str) -> bool:
    """Installed from a distribution (site-packages), where a user cannot add a file."""
    spec = importlib.util.find_spec(module)
    origin = (spec.origin if spec else None) or ""
    if not origin:
        return False
    roots = {Path(p).resolve() for key in ("purelib", "platlib") if (p := sysconfig.get_paths().get(key))}
    where = Path(origin).resolve()
    return any(root in where.parents for root in roots) or "site-packages" in where.parts


def _permission_problems(where: str, dotted: str) -> list[Problem]:
    from django.utils.module_loading import import_string

    try:
        import_string(dotted)
    except ImportError as exc:
        return [Problem(where, (
            f"permission class '{dotted}' cannot be imported ({exc}); give the dotted path of a DRF permission "
            "class, e.g. 'rest_framework.permissions.IsAdminUser'"))]
    return []
