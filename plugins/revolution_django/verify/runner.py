"""`revolution verify` / `manage.py revolution --verify`: produce each Django zone's schema exactly as a
run does (same zone source, producer, options and normalizer), then exercise the zone against the app
on test databases and report what the schema gets wrong."""

from __future__ import annotations

import hashlib
import json
import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from revolution_core.errors import RevolutionError

if TYPE_CHECKING:
    from revolution_core.config import RevolutionConfig
    from revolution_core.plugins import Registry
    from revolution_django.verify.report import VerifyReport, ZoneResult

INSTALL_HINT = 'pip install "drf-revolution[verify]"'
SOURCE = "django"


class VerifyUnavailable(RevolutionError):
    exit_code = 2


def require_schemathesis() -> None:
    try:
        import schemathesis  # noqa: F401
    except ImportError as exc:
        raise VerifyUnavailable(
            f"revolution verify needs schemathesis, which is not installed ({exc.msg}): install it with "
            f"`{INSTALL_HINT}` (or `pip install \"schemathesis>=4.32.5,<5\"`)"
        ) from None


def verify(config: RevolutionConfig, registry: Registry, zones: list[str] | None = None,
           overrides: dict[str, Any] | None = None, log: Any = None,
           on_zone: Callable[[ZoneResult], None] | None = None) -> VerifyReport:
    """Verify the selected Django zones (all of them by default) and return the report; `on_zone` sees
    each zone's result as soon as it is known."""
    from revolution_core.plan import build_plan, validate_zones, zone_specs
    from revolution_core.stages import RunContext, ZoneSource
    from revolution_django.verify.database import preflight, test_databases, test_environment
    from revolution_django.verify.options import load_verify_options
    from revolution_django.verify.report import VerifyReport

    require_schemathesis()
    options = load_verify_options(config, overrides)
    plan = build_plan(config, registry, zones)
    selected = zones or [name for name in config.zones if plan.zones[name].source == SOURCE]
    foreign = [name for name in selected if plan.zones[name].source != SOURCE]
    if foreign:
        listed = ", ".join(f"'{name}' ({plan.zones[name].source})" for name in foreign)
        raise RevolutionError(f"--zones: verify exercises Django zones only; not Django: {listed}")
    if not selected:
        raise RevolutionError("no Django zone to verify: verify exercises zones made of Django apps (`apps=[...]`)")
    ctx = RunContext(config=config, debug=config.debug, log=log or (lambda message: None))
    validate_zones(config, registry, plan, selected, ctx)
    source = plan.create(registry, "zone_sources", SOURCE)
    assert isinstance(source, ZoneSource)
    resolved = source.resolve(zone_specs(config, plan, selected)[SOURCE], ctx)
    preflight(options.production_databases)  # refuse before the time schemas take
    documents = _produce(config, registry, plan, resolved, ctx)
    report = VerifyReport(seed=options.seed, examples=options.examples, budget=options.budget)
    started = time.monotonic()
    with test_environment(options.fast_passwords), test_databases(options.production_databases) as aliases, \
            _quiet_requests():
        _seed(options)
        for zone in resolved:
            producer_options = plan.zones[zone.name].schema_options
            report.zones.append(_verify_zone(config, zone, documents[zone.name], options, aliases, producer_options))
            if on_zone is not None:
                on_zone(report.zones[-1])
    report.seconds = time.monotonic() - started
    return report


def _produce(config: RevolutionConfig, registry: Registry, plan: Any, zones: list[Any],
             ctx: Any) -> dict[str, dict[str, Any]]:
    """Each zone's document from its planned schema producer, the way the pipeline calls it."""
    from revolution_core.errors import StageError
    from revolution_core.stages import SchemaProducer

    documents: dict[str, dict[str, Any]] = {}
    producers: dict[str, SchemaProducer] = {}
    for zone in zones:
        name = plan.zones[zone.name].schema_producer
        if name not in producers:
            producer = plan.create(registry, "schema_producers", name)
            assert isinstance(producer, SchemaProducer)
            producer.prepare([z for z in zones if plan.zones[z.name].schema_producer == name], ctx)
            producers[name] = producer
        try:
            result = producers[name].produce(zone, plan.zones[zone.name].schema_options, ctx)
        except RevolutionError:
            raise
        except Exception as exc:
            raise StageError("schema producer", name, zone.name, exc) from exc
        documents[zone.name] = json.loads(json.dumps(result.document))
    return documents


def _seed(options: Any) -> None:
    from revolution_django.verify.auth import import_callable

    if options.fixtures:
        from django.core.management import call_command

        try:
            call_command("loaddata", *options.fixtures, verbosity=0)
        except Exception as exc:
            raise RevolutionError(f"plugin_options.django.verify.fixtures: loading {', '.join(options.fixtures)} "
                                  f"failed: {type(exc).__name__}: {exc}") from exc
    if options.setup:
        setup = import_callable(options.setup, "plugin_options.django.verify.setup")
        try:
            setup()
        except Exception as exc:
            raise RevolutionError(f"plugin_options.django.verify.setup: {options.setup} raised "
                                  f"{type(exc).__name__}: {exc}") from exc


def _verify_zone(config: RevolutionConfig, zone: Any, document: dict[str, Any], options: Any,
                 aliases: list[str], producer_options: Any) -> ZoneResult:
    from revolution_django.verify.attribution import Attributor
    from revolution_django.verify.auth import zone_credentials
    from revolution_django.verify.engine import ZoneRunner, ZoneTarget, django_app

    settings = options.for_zone(zone.name)
    where = f"plugin_options.django.verify.zones.{zone.name}" if zone.name in options.zones \
        else "plugin_options.django.verify"
    credentials = zone_credentials(zone.name, document, settings.auth, settings.user, where)
    cases = load_cases(zone.name, document, settings.cases, where) if settings.cases else {}
    target = ZoneTarget(zone.name, document, str(zone.extras["urlconf"]), settings, credentials, cases)
    attributor = Attributor(config, zone.name, target.urlconf, producer_options)
    with django_app() as (app, captured):
        result = ZoneRunner(target, app, captured, aliases, attributor, options.seed, options.generic_statuses).run()
    canonical = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    result.schema_sha256 = hashlib.sha256(canonical.encode()).hexdigest()
    return result


CASE_KEYS = {"body", "query", "path_parameters", "headers", "cookies", "media_type"}


def load_cases(zone: str, document: dict[str, Any], dotted: str, where: str) -> dict[str, list[dict[str, Any]]]:
    """The zone's explicit requests from the `cases` callable, checked: known operations, known keys."""
    from revolution_django.verify.auth import import_callable

    setting = f"{where}.cases"
    function = import_callable(dotted, setting)
    try:
        cases = function(zone)
    except Exception as exc:
        raise RevolutionError(f"{setting}: {dotted} raised {type(exc).__name__}: {exc}") from exc
    if not isinstance(cases, dict):
        raise RevolutionError(f"{setting}: {dotted} returned {type(cases).__name__}; it must return a dict "
                              "{operationId: [{'body': ..., 'query': ...}, ...]}")
    known: dict[str, str] = {}
    for path, item in document.get("paths", {}).items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "responses" in operation:
                label = f"{method.upper()} {path}"
                known[label] = label
                known[str(operation.get("operationId") or label)] = label
    problems = []
    for name, requests in cases.items():
        if name not in known:
            problems.append(f"'{name}' is not an operation of zone '{zone}' (operationIds: "
                            f"{', '.join(sorted(k for k in known if ' ' not in k))})")
        elif not isinstance(requests, list) or not all(isinstance(r, dict) and set(r) <= CASE_KEYS
                                                       for r in requests):
            problems.append(f"'{name}' must map to a list of requests, each a dict with keys among "
                            f"{', '.join(sorted(CASE_KEYS))}")
    if problems:
        raise RevolutionError(f"{setting} ({dotted}): " + "; ".join(problems))
    return {name: list(requests) for name, requests in cases.items()}


@contextmanager
def _quiet_requests() -> Iterator[None]:
    """Django logs every 4xx/5xx answer; verify reports them itself."""
    logger = logging.getLogger("django.request")
    before = logger.disabled
    logger.disabled = True
    try:
        yield
    finally:
        logger.disabled = before


def execute_verify(config: RevolutionConfig, registry: Registry, zones: list[str] | None,
                   overrides: dict[str, Any] | None = None, *, json_output: bool = False, verbosity: int = 1,
                   console: Any = None) -> int:
    """Verify and print (text, or the JSON report on stdout); the exit code: 0 all zones hold, 1 a
    mismatch that is not allow-listed, 2 configuration or refusal, 130 interrupted."""
    from rich.console import Console
    from rich.markup import escape

    from revolution_django.verify.report import render_summary, render_zone

    console = console or Console(highlight=False, soft_wrap=True)

    def show(zone: ZoneResult) -> None:
        if not json_output:
            render_zone(zone, console, verbosity)
            console.file.flush()

    err = Console(stderr=True, highlight=False, soft_wrap=True)
    if not json_output and verbosity > 0:
        err.print("[dim]verify: creating test databases and exercising the zones…[/]")
    try:
        report = verify(config, registry, zones, overrides, on_zone=show)
    except KeyboardInterrupt:
        err.print("[yellow]verify interrupted: test databases destroyed, nothing reported[/]")
        return 130
    except RevolutionError as exc:
        if json_output:
            print(json.dumps({"ok": False, "error": str(exc)}, indent=2))
        else:
            err.print(f"[red]Error:[/] {escape(str(exc))}")
        return exc.exit_code
    if json_output:
        print(json.dumps(report.to_dict(), indent=2))
    else:
        render_summary(report, console)
    return 0 if report.ok else 1
