"""Dynamic zones: one in-memory URL module per zone, holding exactly the zone's routes.

A zone's routes come from three forms, which may be combined:

* `apps=[...]`: each app's `<app>.urls`, mounted under the zone prefix `/<api_prefix>/<zone>/`;
* `urls=[...]`: urlconf modules (or pattern objects), each under the zone prefix plus its own sub-prefix;
* `paths=[...]`: the routes of the project's ROOT_URLCONF under these path prefixes, cut out of the resolved
  URL tree with their real paths (they stay served where they are; nothing is mounted a second time). A route
  under prefixes of two zones belongs to the zone with the longest prefix.

No file is written: a zone's URL module is a `types.ModuleType` registered in `sys.modules`, so that both
Django (`include`) and drf-spectacular (`SchemaGenerator(urlconf=...)`) can use it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import traceback
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from revolution_core.config import RevolutionConfig
from revolution_core.errors import Problem, RevolutionError
from revolution_django.conf import DjangoZoneFields, django_options, django_zones, settings_config, zone_prefix
from revolution_django.urlentries import UrlEntry
from revolution_django.urltree import MARK, Route, Tree, cut, is_revolution, walk

MODULE_PREFIX = "revolution_django._zone_urls"


class ZoneUrlsImportError(RevolutionError):
    """A zone's urlconf module exists but raised while being imported."""


def zone_urls(zone: DjangoZoneFields) -> list[UrlEntry]:
    return list(zone.urls)


def zone_paths(zone: DjangoZoneFields) -> list[str]:
    return list(zone.paths)


def is_mounted(zone: DjangoZoneFields) -> bool:
    """Whether add_revolution_urls mounts routes for this zone (apps or urls entries)."""
    return bool(zone.apps or zone_urls(zone))


def under(path: str, prefix: str) -> bool:
    """`/api/auth/login/` is under `/api/auth/`; so is `/api/auth` itself."""
    return prefix == "/" or path.startswith(prefix) or path == prefix.rstrip("/")


class DynamicZoneDetector:
    """Finds a zone's apps among the installed Django apps and imports urlconf modules, naming the zone."""

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
        return bool(name) and module_exists(str(name))

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
                    f"zone '{zone}': app '{app}' has no `urls` module ({name}); point the zone at its urlconf "
                    f"with urls=['<module>'], or remove the app from the zone"
                ) from None
            raise import_failure(f"zone '{zone}': importing {name} (app '{app}')", exc) from exc

    def import_target(self, zone: str, entry: UrlEntry) -> Any:
        """What a `urls` entry names: a urlconf module, a list of patterns, or the pattern objects given."""
        target = entry.target
        if not isinstance(target, str):
            return target
        try:
            return importlib.import_module(target)
        except ModuleNotFoundError as exc:
            if exc.name != target or "." not in target:
                if exc.name == target or (exc.name and target.startswith(exc.name + ".")):
                    raise RevolutionError(f"zone '{zone}': cannot import '{target}': no module named "
                                          f"'{exc.name}'") from None
                raise import_failure(f"zone '{zone}': importing {target}", exc) from exc
        except Exception as exc:
            raise import_failure(f"zone '{zone}': importing {target}", exc) from exc
        module, _, attribute = target.rpartition(".")  # `pkg.urls.auth_patterns`: an attribute of a module
        try:
            owner = importlib.import_module(module)
        except ModuleNotFoundError as exc:
            raise RevolutionError(f"zone '{zone}': cannot import '{target}': no module named '{exc.name}'") from None
        except Exception as exc:
            raise import_failure(f"zone '{zone}': importing {module}", exc) from exc
        if not hasattr(owner, attribute):
            raise RevolutionError(f"zone '{zone}': cannot import '{target}': {module} has no attribute "
                                  f"'{attribute}' and there is no module of that name")
        return getattr(owner, attribute)


def import_failure(what: str, exc: BaseException) -> ZoneUrlsImportError:
    return ZoneUrlsImportError(f"{what} failed: {type(exc).__name__}: {exc}{_where(exc)}; fix that module "
                               "(the zone cannot be built without it)")


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "importlib" not in f.filename]
    if not frames:
        return ""
    last = frames[-1]
    return f" at {last.filename}:{last.lineno}"


@dataclass(frozen=True)
class Mount:
    """One mounted entry of a zone: the setting it comes from and the `path(prefix, include(...))` built."""

    location: str  # zones.auth.urls[1]
    module: str  # the urlconf module's dotted name ("" for pattern objects)
    pattern: Any  # a URLResolver


class DynamicZoneManager:
    """Builds and caches one URL module per Django zone (see the module docstring for the forms).

    Built from a whole configuration (its Django zones, validated), or from zones' fields checked before a
    configuration exists (`zones=`, `api_prefix=`)."""

    def __init__(self, config: RevolutionConfig | None = None, detector: DynamicZoneDetector | None = None, *,
                 zones: Mapping[str, DjangoZoneFields] | None = None, api_prefix: str | None = None) -> None:
        if zones is None:
            self.config = config if config is not None else settings_config()
            self.zones: dict[str, DjangoZoneFields] = dict(django_zones(self.config))
            self.api_prefix = django_options(self.config).api_prefix
        else:
            self.config = config  # type: ignore[assignment]
            self.zones = dict(zones)
            self.api_prefix = api_prefix if api_prefix is not None else "api"
        self.detector = detector or DynamicZoneDetector()
        self._modules: dict[str, types.ModuleType] = {}
        self._mounts: dict[str, list[Mount]] = {}
        self._project: list[Any] | None = None
        self._owners: dict[tuple[Any, ...], tuple[str, int]] | None = None

    @property
    def zone_names(self) -> list[str]:
        return list(self.zones)

    def prefix(self, zone: str) -> str:
        """`api/public/` (no leading slash): where mounted entries and the schema/docs views live."""
        return zone_prefix(self.api_prefix, zone, self.zones[zone])

    def schema_prefix(self, zone: str) -> str:
        """The path prefix shared by every route of the zone (`/api/auth`), for tags and operation ids."""
        zone_config = self.zones[zone]
        roots = ([f"/{self.prefix(zone)}"] if is_mounted(zone_config) else []) + zone_paths(zone_config)
        if not roots:
            return "/" + self.prefix(zone).rstrip("/")
        parts = [root.strip("/").split("/") for root in roots]
        common = []
        for segments in zip(*parts, strict=False):
            if len(set(segments)) != 1:
                break
            common.append(segments[0])
        return "/" + "/".join(s for s in common if s)

    def module_name(self, zone: str) -> str:
        return f"{MODULE_PREFIX}.{zone}"

    # -- mounted entries (apps, urls) --

    def mounts(self, zone: str, *, strict: bool = True) -> list[Mount]:
        """The zone's `apps` and `urls` entries as resolvers under the zone prefix. With `strict=False`, an
        entry that cannot be built is left out (validation reports it on its own)."""
        if strict and zone in self._mounts:
            return self._mounts[zone]
        from django.urls import include, path

        if zone not in self.zones:
            raise RevolutionError(f"unknown Django zone '{zone}'; configured: {', '.join(self.zones)}")
        zone_config = self.zones[zone]
        prefix = self.prefix(zone)
        mounts: list[Mount] = []
        for i, app in enumerate(zone_config.apps):
            try:
                module = self.detector.import_urls(zone, app)
                _require_urlpatterns(zone, module, f"app '{app}'")
            except RevolutionError:
                if strict:
                    raise
                continue
            mounts.append(Mount(f"zones.{zone}.apps[{i}]", module.__name__, path(prefix, include(module))))
        for i, entry in enumerate(zone_urls(zone_config)):
            try:
                target = self.detector.import_target(zone, entry)
                mounted = path(prefix + entry.prefix, _includable(zone, entry, target))
            except (RevolutionError, TypeError, ValueError) as exc:
                if strict:
                    raise exc if isinstance(exc, RevolutionError) else RevolutionError(
                        f"zone '{zone}': cannot mount {entry.name}: {exc}") from None
                continue
            mounts.append(Mount(f"zones.{zone}.urls[{i}]", _target_module(target), mounted))
        for mount in mounts:
            setattr(mount.pattern, MARK, zone)
        if strict:
            self._mounts[zone] = mounts
        return mounts

    # -- routes cut from the project's ROOT_URLCONF (paths) --

    def project_patterns(self) -> list[Any]:
        """The project's own ROOT_URLCONF patterns (what add_revolution_urls appended left out)."""
        if self._project is None:
            from django.urls import get_resolver

            try:
                patterns = list(get_resolver().url_patterns)
            except Exception as exc:
                from django.conf import settings

                raise RevolutionError(
                    f"importing ROOT_URLCONF '{settings.ROOT_URLCONF}' failed: {type(exc).__name__}: {exc}"
                    f"{_where(exc)}; zones cut by `paths` and the route checks need the project's URLs"
                ) from exc
            self._project = [item for item in patterns if not is_revolution(item)]
        return self._project

    def project_routes(self) -> list[Route]:
        from django.conf import settings

        return walk(self.project_patterns(), module=str(settings.ROOT_URLCONF), skip=is_revolution)

    def owners(self) -> dict[tuple[Any, ...], tuple[str, int]]:
        """Route key -> (zone, index in its `paths`) for every project route some zone's `paths` claims."""
        if self._owners is None:
            claims = [(prefix, zone, i) for zone in self.zone_names
                      for i, prefix in enumerate(zone_paths(self.zones[zone]))]
            owners: dict[tuple[Any, ...], tuple[str, int]] = {}
            if claims:
                for route in self.project_routes():
                    path = route.path
                    matching = [(len(prefix), zone, i) for prefix, zone, i in claims if under(path, prefix)]
                    if matching:
                        _, zone, i = max(matching, key=lambda claim: claim[0])
                        owners[route.key] = (zone, i)
            self._owners = owners
        return self._owners

    def cut_patterns(self, zone: str) -> list[Any]:
        """The part of ROOT_URLCONF whose routes belong to this zone's `paths`, with their real paths."""
        if not zone_paths(self.zones[zone]):
            return []
        owners = self.owners()

        def keep(chain: tuple[Any, ...]) -> bool:
            return owners.get(Route(chain, "").key, ("", 0))[0] == zone

        return cut(self.project_patterns(), keep)

    # -- the zone --

    def get_zone_module(self, zone: str) -> types.ModuleType:
        """The zone's in-memory URL module (`urlpatterns` holds the zone's API only)."""
        if zone in self._modules:
            return self._modules[zone]
        patterns = [mount.pattern for mount in self.mounts(zone)] + self.cut_patterns(zone)
        module = types.ModuleType(self.module_name(zone), f"Revolution zone '{zone}' URLconf (in memory).")
        module.urlpatterns = patterns  # type: ignore[attr-defined]
        module.zone = zone  # type: ignore[attr-defined]
        module.prefix = self.schema_prefix(zone) + "/"  # type: ignore[attr-defined]
        sys.modules[module.__name__] = module
        self._modules[zone] = module
        return module

    def create_all(self) -> dict[str, types.ModuleType]:
        return {zone: self.get_zone_module(zone) for zone in self.zone_names}

    def routes(self, zone: str, *, strict: bool = True) -> list[Route]:
        """Every route of the zone, each with the setting that brought it in."""
        routes: list[Route] = []
        for mount in self.mounts(zone, strict=strict):
            routes.extend(walk([mount.pattern], module=mount.module, entry=mount.location, zone=zone))
        if zone_paths(self.zones[zone]):
            from django.conf import settings

            owners = self.owners()
            for route in walk(self.cut_patterns(zone), module=str(settings.ROOT_URLCONF), zone=zone):
                index = owners.get(route.key, (zone, 0))[1]
                routes.append(Route(route.chain, route.module, f"zones.{zone}.paths[{index}]", zone))
        return routes

    def tree(self, zone: str, *, strict: bool = True) -> Tree:
        patterns = [mount.pattern for mount in self.mounts(zone, strict=strict)] + self.cut_patterns(zone)
        return Tree(patterns)

    def url_patterns(self, zone: str) -> list[tuple[str, str]]:
        """(path, view) for every endpoint of a zone, for `--show-urls` (DRF's format-suffix twins left out)."""
        return [(route.path, route.view) for route in self.routes(zone) if not route.is_format_suffix]


def _require_urlpatterns(zone: str, module: Any, what: str) -> None:
    if not hasattr(module, "urlpatterns"):
        raise RevolutionError(
            f"zone '{zone}': {module.__name__} ({what}) defines no `urlpatterns`; point the zone at the module "
            "that does (e.g. urls=['<package>.urls'])"
        )


def _includable(zone: str, entry: UrlEntry, target: Any) -> Any:
    """What `path(prefix, ...)` takes for a `urls` entry's target."""
    from django.urls import include

    if isinstance(target, types.ModuleType):
        _require_urlpatterns(zone, target, f"urls entry '{entry.name}'")
        return include(target)
    if isinstance(target, tuple) and len(target) == 3 and not hasattr(target[0], "resolve"):
        return target  # include(...) given as is
    if hasattr(target, "resolve") and hasattr(target, "pattern"):
        return include([target])
    if isinstance(getattr(target, "urls", None), list):  # a DRF router
        return include(target.urls)
    if isinstance(target, list | tuple):
        if not all(hasattr(item, "resolve") for item in target):
            raise RevolutionError(f"zone '{zone}': {entry.name} is not a list of URL patterns (path(...) entries)")
        return include(list(target))
    raise RevolutionError(
        f"zone '{zone}': {entry.name} is a {type(target).__name__}, not a urlconf module or a list of URL patterns"
    )


def _target_module(target: Any) -> str:
    if isinstance(target, types.ModuleType):
        return target.__name__
    if isinstance(target, tuple) and target and isinstance(target[0], types.ModuleType):
        return target[0].__name__
    return ""


def validate_zone_configuration(zones: Any = None, **kwargs: Any) -> list[Problem]:
    """The seed's name for the zone checks (see `revolution_django.validation`)."""
    from revolution_django.validation import validate_zone_configuration as validate

    return validate(zones, **kwargs)
