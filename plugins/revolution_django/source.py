"""The `django` zone source and the `drf-spectacular` schema producer (stages 1 and 2)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

from pydantic import BaseModel

from revolution_core.errors import Problem, RevolutionError
from revolution_core.models import SchemaResult, Zone, ZoneSpec
from revolution_core.stages import RunContext, SchemaProducer, ZoneSource
from revolution_django.conf import DjangoOptions, DjangoZoneOptions, accepts_fields
from revolution_django.schema import SpectacularOptions


def _require_django(ctx: RunContext) -> None:
    from revolution_django.bootstrap import ensure_django

    if not ensure_django(ctx.project_root):
        raise RevolutionError(
            f"Django zones need a Django project, but none was found at {ctx.project_root}: run from the "
            "directory holding manage.py, or set DJANGO_SETTINGS_MODULE"
        )


def _with_tracebacks(problems: list[Problem], errors: Sequence[BaseException]) -> list[Problem]:
    import traceback

    causes = {str(error): error.__cause__ for error in errors if error.__cause__ is not None}
    return [
        Problem(p.location, f"{p.message}\n{''.join(traceback.format_exception(causes[p.message])).rstrip()}")
        if p.message in causes else p
        for p in problems
    ]


class DjangoZoneSource(ZoneSource):
    """Django zones (`apps`, `urls`, `paths`), each served from an in-memory URL module."""

    name = "django"
    Options = DjangoOptions
    ZoneOptions = DjangoZoneOptions
    default_schema_producer: ClassVar[str] = "drf-spectacular"
    _manager: Any = None

    @classmethod
    def accepts(cls, fields: Mapping[str, Any]) -> bool:
        return accepts_fields(fields)

    def manager(self, ctx: RunContext) -> Any:
        from revolution_django.zones import DynamicZoneManager

        if self._manager is None or self._manager.config is not ctx.config:
            self._manager = DynamicZoneManager(ctx.config)
        return self._manager

    def validate(self, zones: Mapping[str, ZoneSpec], ctx: RunContext) -> list[Problem]:
        try:
            _require_django(ctx)
        except RevolutionError as exc:
            # Outside a Django project, a zone without `apps` most likely lacks its OpenAPI file.
            return [
                Problem(f"zones.{name}", str(exc)) if getattr(spec.options, "apps", None) else Problem(
                    f"zones.{name}.openapi_file",
                    f"missing: point it at the zone's OpenAPI document (e.g. openapi_file = \"specs/{name}.yaml\", "
                    f"relative to {ctx.project_root}); a zone of Django apps (`apps = [...]`) needs a Django project",
                )
                for name, spec in zones.items()
            ]
        from revolution_django.zones import validate_zone_configuration

        errors: list[BaseException] = []
        problems = validate_zone_configuration(ctx.config, detector=self.manager(ctx).detector, import_errors=errors)
        if ctx.debug:  # --debug: an exception raised inside an app's urls module comes with its traceback
            problems = _with_tracebacks(problems, errors)
        problems = [p for p in problems if not p.location.startswith("zones.") or any(
            p.location == f"zones.{n}" or p.location.startswith(f"zones.{n}.") for n in zones)]
        from revolution_django.verify.options import verify_problems

        return problems + verify_problems(ctx.config)  # a mistake there is found before verify runs

    def resolve(self, zones: Mapping[str, ZoneSpec], ctx: RunContext) -> list[Zone]:
        _require_django(ctx)
        manager = self.manager(ctx)
        resolved = []
        for name, spec in zones.items():
            module = manager.get_zone_module(name)
            resolved.append(Zone(
                name=name, config=spec.config, source=self.name,
                schema_producer=spec.config.schema_producer or self.default_schema_producer,
                extras={"urlconf": module.__name__, "prefix": module.prefix}, options=spec.options,
            ))
        return resolved


class SpectacularSchemaProducer(SchemaProducer):
    """drf-spectacular in this process: one `SchemaGenerator(urlconf=<zone module>)` per zone."""

    name = "drf-spectacular"
    ZoneOptions = SpectacularOptions
    _manager: Any = None
    _graph: Any = None

    def prepare(self, zones: Sequence[Zone], ctx: RunContext) -> None:
        from revolution_django.zones import DynamicZoneManager

        _require_django(ctx)
        self._manager = DynamicZoneManager(ctx.config)

    def produce(self, zone: Zone, options: BaseModel, ctx: RunContext) -> SchemaResult:
        from revolution_django.schema import build_document

        assert isinstance(options, SpectacularOptions)
        if self._manager is None:
            self.prepare([zone], ctx)
        module = self._manager.get_zone_module(zone.name)
        components: list[Any] = []
        document, warnings = build_document(ctx.config, zone.name, module, options, components)
        return SchemaResult(document=document, warnings=tuple(warnings), inputs=self._inputs(zone, module, components))

    def _inputs(self, zone: Zone, module: Any, components: list[Any]) -> tuple[Path, ...] | None:
        """The files the zone's schema was built from; None (every change regenerates it) if unknown."""
        import sys

        from revolution_django.inputs import ModuleGraph, zone_inputs

        if self._graph is None:
            self._graph = ModuleGraph()
        detector = self._manager.detector
        apps = getattr(zone.options, "apps", None) or []
        dirs = []
        for app in apps:
            found = sys.modules.get(detector.app_module(app) or "")
            file = getattr(found, "__file__", None)
            if not file:
                return None
            dirs.append(Path(file).parent)
        try:
            return zone_inputs(module, dirs, components, self._graph)
        except Exception:  # never fail a zone over an optimisation: it is just always regenerated
            return None

    def version(self) -> str:
        from importlib.metadata import version

        return f"drf-spectacular {version('drf-spectacular')}"
