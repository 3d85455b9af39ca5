"""`python manage.py revolution`: the seed's command, running the same core pipeline as `revolution run`.

No flags on a terminal: interactive (pick zones and generators). No terminal: a full non-interactive run.
"""

from __future__ import annotations

import os
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from revolution_core.errors import RevolutionError

ACTION_FLAGS = ("zones", "typescript", "python", "generate", "validate_zones", "test_schemas", "show_urls", "clean",
                "no_archive", "force", "strict", "json", "max_workers", "no_sync", "fail_fast", "no_multithreading",
                "check")


def split_names(values: list[str] | None) -> list[str] | None:
    """`--zones public admin` and `--zones public,admin` give the same list."""
    if not values:
        return None
    names = [part for value in values for part in value.replace(",", " ").split()]
    return names or None


def build_run_options(options: dict[str, Any]) -> Any:
    """The core `RunOptions` for these command-line options."""
    from revolution_core.pipeline import RunOptions

    generators = [name for name in ("typescript", "python") if options.get(name)]
    return RunOptions(
        zones=split_names(options.get("zones")),
        generators=generators or None,
        clean=bool(options.get("clean")),
        force=bool(options.get("force")),
        max_workers=1 if options.get("no_multithreading") else options.get("max_workers"),
        fail_fast=bool(options.get("fail_fast")),
        archive=not options.get("no_archive"),
        sync=not (options.get("no_sync") or options.get("no_monorepo")),
        wait=not options.get("no_wait"),
        strict=bool(options.get("strict")),
        schemas_only=bool(options.get("test_schemas")),
    )


class Command(BaseCommand):
    help = "Generate OpenAPI schemas and typed clients for the API zones in settings.DJANGO_REVOLUTION."
    # The zone checks below report URL problems themselves (all at once, with fixes); Django's URL
    # check would stop at the first broken urls module with a bare traceback.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--zones", nargs="+", metavar="ZONE", help="Only these zones (space or comma separated).")
        parser.add_argument("--typescript", action="store_true", help="Generate the TypeScript clients only.")
        parser.add_argument("--python", action="store_true", help="Generate the Python clients only.")
        parser.add_argument("--generate", action="store_true", help="Generate without asking (non-interactive).")
        parser.add_argument("--max-workers", type=int, metavar="N", help="Parallel generator workers.")
        parser.add_argument("--validate-zones", "--validate", action="store_true", dest="validate_zones",
                            help="Check every zone (also route conflicts) and exit.")
        parser.add_argument("--status", action="store_true",
                            help="Each zone's URL forms, routes, operations, schema file and latest archive.")
        parser.add_argument("--list-zones", action="store_true", help="List the zones and their URL forms.")
        parser.add_argument("--dry-run", action="store_true", help="Validate, say what a run would do, write nothing.")
        parser.add_argument("--test-schemas", action="store_true", help="Produce the schemas only (no clients).")
        parser.add_argument("--show-urls", action="store_true", help="List each zone's URL patterns and exit.")
        parser.add_argument("--clean", action="store_true", help="Regenerate everything, remove stale outputs.")
        parser.add_argument("--force", action="store_true", help="Ignore the cache and regenerate every client.")
        parser.add_argument("--no-archive", action="store_true", help="Skip the archive step.")
        parser.add_argument("--no-sync", action="store_true", help="Skip sync targets (monorepo).")
        parser.add_argument("--no-monorepo", action="store_true", help="The same as --no-sync.")
        parser.add_argument("--no-multithreading", action="store_true", help="One generator worker (--max-workers 1).")
        parser.add_argument("--fail-fast", action="store_true", help="Stop at the first failure.")
        parser.add_argument("--strict", action="store_true", help="drf-spectacular warnings fail their zone.")
        parser.add_argument("--no-wait", action="store_true", help="Fail if another run holds the project lock.")
        parser.add_argument("--json", action="store_true", help="Print the run report as JSON.")
        parser.add_argument("--debug", action="store_true", help="Debug mode (also DJANGO_REVOLUTION_DEBUG=1).")
        parser.add_argument("--interactive", action="store_true", help="Ask even when flags are given.")
        parser.add_argument("--check", action="store_true",
                            help="Write nothing; exit 1 if the committed schemas or clients are stale.")
        parser.add_argument("--breaking", action="store_true", default=None,
                            help="With --check: also exit 1 if the API breaks the baseline (default: HEAD).")
        parser.add_argument("--baseline", metavar="PATH", help="With --check: a baseline schema file or directory.")
        parser.add_argument("--baseline-ref", metavar="REF", help="With --check: baseline schemas at this git ref.")
        verify = parser.add_argument_group("verify (see docs/verify.md)")
        verify.add_argument("--verify", action="store_true",
                            help="Check each zone's schema against its views on a test database, generate nothing.")
        verify.add_argument("--examples", type=int, metavar="N", help="Generated requests per operation (verify).")
        verify.add_argument("--seed", type=int, metavar="N", help="Random seed of the generated requests (verify).")
        verify.add_argument("--budget", type=float, metavar="SECONDS", help="Time budget per zone (verify).")
        parser.add_argument("--watch", action="store_true",
                            help="Run, then again whenever the project's code or settings change (Ctrl-C stops).")

    def handle(self, *args: Any, **options: Any) -> None:
        from revolution_core.console import print_interrupted
        from revolution_core.interrupts import handle_signals

        with handle_signals():  # Ctrl-C / SIGTERM: one line saying what was kept, exit 130 / 143
            try:
                code = self._handle(options)
            except BrokenPipeError:
                # the reader went away (`--show-urls | head`): nothing is wrong that a traceback could explain
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # so the exit flush cannot fail again
                sys.exit(1)
            except RevolutionError as exc:
                raise CommandError(str(exc), returncode=exc.exit_code) from (exc if options.get("debug") else None)
            except KeyboardInterrupt as exc:
                code = print_interrupted(exc, bool(options.get("json")))
        if code:
            sys.exit(code)

    def _handle(self, options: dict[str, Any]) -> int:
        from revolution_django.loading import load_config

        if options["watch"]:
            return self.watch(options)
        config = load_config()
        if options["debug"] and not config.debug:
            config = config.model_copy(update={"debug": True})
        if options["max_workers"] is not None and options["max_workers"] < 1:
            raise RevolutionError("--max-workers must be at least 1")
        zones = split_names(options["zones"])
        if options["show_urls"]:
            return self.show_urls(config, zones)
        if options["validate_zones"]:
            return self.validate_zones(config, zones)
        if options["verify"]:
            return self.verify(config, zones, options)
        if options["status"]:
            return self.status(config, zones)
        if options["list_zones"]:
            return self.list_zones(config, zones)
        if options["dry_run"]:
            return self.dry_run(config, zones, build_run_options(options))
        registry = self.registry()
        if options["check"]:
            return self.check(config, registry, options)
        if options["breaking"] or options["baseline"] or options["baseline_ref"]:
            raise RevolutionError("--breaking, --baseline and --baseline-ref go with --check, e.g. "
                                  "`manage.py revolution --check --breaking`")
        run_options = build_run_options(options)
        verbosity = options["verbosity"]
        flags = any(options.get(flag) for flag in ACTION_FLAGS)
        if options["interactive"] or not flags:
            if self.is_terminal():
                picked = self.ask(config, run_options)
                if picked is None:
                    self.stdout.write("Cancelled: nothing generated.")
                    return 0
                run_options.zones, run_options.generators = picked.zones, picked.generators or None
            elif options["interactive"]:
                raise RevolutionError("--interactive needs a terminal (stdin and stdout); without one, pass "
                                      "--generate (and --zones / --typescript / --python) instead")
            else:
                self.stdout.write("No terminal: running non-interactively (all zones, all generators); "
                                  "pass --generate to skip this note.")
        from revolution_core.cli import execute_run

        return execute_run(config, registry, run_options, json_output=bool(options["json"]),
                           verbosity=verbosity if not options["debug"] else max(verbosity, 2),
                           fingerprint=self.fingerprint(run_options))

    def verify(self, config: Any, zones: list[str] | None, options: dict[str, Any]) -> int:
        from revolution_django.verify.runner import execute_verify

        overrides = {"examples": options["examples"], "seed": options["seed"], "budget": options["budget"]}
        return execute_verify(config, self.registry(), zones, overrides, json_output=bool(options["json"]),
                              verbosity=options["verbosity"])

    # -- helpers --

    def check(self, config: Any, registry: Any, options: dict[str, Any]) -> int:
        """`revolution check` from manage.py: the same verdict, the same exit codes."""
        from pathlib import Path

        sys.dont_write_bytecode = True  # zone URL modules imported from here on must not leave __pycache__

        from revolution_core.check import CheckOptions
        from revolution_core.cli import execute_check

        generators = [name for name in ("typescript", "python") if options.get(name)]
        baseline = Path(options["baseline"]) if options["baseline"] else None
        if baseline is not None and not baseline.exists():
            raise RevolutionError(f"--baseline {baseline}: no such file or directory")
        check_options = CheckOptions(zones=split_names(options["zones"]), generators=generators or None,
                                     breaking=options["breaking"], baseline=baseline,
                                     baseline_ref=options["baseline_ref"], max_workers=options["max_workers"])
        return execute_check(config, registry, check_options, json_output=bool(options["json"]),
                             verbosity=options["verbosity"] if not options["debug"] else max(options["verbosity"], 2))

    def project_dir(self) -> Path:
        from django.conf import settings

        base = getattr(settings, "BASE_DIR", None)
        return Path(base) if base is not None and Path(base).is_dir() else Path.cwd()

    def fingerprint(self, run_options: Any) -> Any:
        """Zones whose sources did not change reuse their schema (Django is set up already: `revolution run`
        is the command that skips even that when nothing changed)."""
        from revolution_core.uptodate import RunFingerprint, run_key

        key = run_key(entry="manage.py", zones=run_options.zones, generators=run_options.generators,
                      archive=run_options.archive, sync=run_options.sync, strict=run_options.strict,
                      schemas_only=run_options.schemas_only)
        return RunFingerprint.start(self.project_dir(), key, force=run_options.force or run_options.clean)

    def watch(self, options: dict[str, Any]) -> int:
        """`--watch`: `revolution watch` on this project, each run in a fresh process (Django cannot reload code)."""
        from revolution_core.cli import watch_project
        from revolution_core.commands import ProjectContext

        args = [*(["--zones", ",".join(z)] if (z := split_names(options.get("zones"))) else []),
                *(["--generators", ",".join(g)] if (g := [n for n in ("typescript", "python") if options.get(n)])
                  else []),
                *(["--no-archive"] if options.get("no_archive") else []),
                *(["--no-sync"] if options.get("no_sync") else []),
                *(["--strict"] if options.get("strict") else []), *(["--debug"] if options.get("debug") else [])]
        return watch_project(ProjectContext(self.project_dir(), None), args)

    def registry(self) -> Any:
        from revolution_core.plugins import build_registry

        return build_registry()

    def is_terminal(self) -> bool:
        return sys.stdin.isatty() and sys.stdout.isatty()

    def ask(self, config: Any, run_options: Any) -> Any:
        from revolution_core.plan import build_plan
        from revolution_django.interactive import Choices, ask_run_choices

        plan = build_plan(config, self.registry())
        generators = sorted({name for zone in plan.zones.values() for name in zone.generators})
        preselect = Choices(run_options.zones or list(config.zones), run_options.generators or generators)
        from revolution_core.interrupts import Interrupted

        try:
            return ask_run_choices(list(config.zones), generators, preselect=preselect)
        except Interrupted:  # SIGTERM (or a SIGINT from outside the terminal): the command ends with 143/130
            raise
        except KeyboardInterrupt:  # Ctrl-C typed at the prompt: the user changed their mind
            return None

    def check_zones(self, config: Any, zones: list[str] | None) -> Any:
        """The run's own zone validation (plan + every zone source): raises ConfigError with every problem,
        so --validate-zones, --show-urls, --status, `revolution validate` and a run report the same thing."""
        from revolution_core.plan import build_plan, validate_zones
        from revolution_core.stages import RunContext

        registry = self.registry()
        selected = zones or list(config.zones)
        plan = build_plan(config, registry, zones)
        validate_zones(config, registry, plan, selected, RunContext(config=config, debug=config.debug))
        return plan

    def validate_zones(self, config: Any, zones: list[str] | None) -> int:
        from revolution_django.status import describe_forms
        from revolution_django.zones import DynamicZoneManager

        plan = self.check_zones(config, zones)
        selected = zones or list(config.zones)
        manager = DynamicZoneManager(config)
        for zone in selected:
            if zone in manager.zones:
                count = len(manager.url_patterns(zone))
                forms = describe_forms(manager.zones[zone])
                detail = f"{count} route(s) from {forms}; docs under /{manager.prefix(zone)}"
            else:
                detail = f"source {plan.zones[zone].source}"
            self.stdout.write(self.style.SUCCESS(f"✓ zone {zone}: {detail}"))
        self.stdout.write(f"All {len(selected)} zone(s) are valid.")
        return 0

    def show_urls(self, config: Any, zones: list[str] | None) -> int:
        """Each zone's routes (what resolves, in order), then the same validation as --validate-zones."""
        from revolution_django.conf import django_zone_names
        from revolution_django.zones import DynamicZoneManager

        manager = DynamicZoneManager(config)
        names = django_zone_names(config)
        unknown = [z for z in zones or [] if z not in names]
        if unknown:
            raise RevolutionError(
                f"--zones: unknown Django zone(s) {', '.join(unknown)}; configured: {', '.join(names)}"
            )
        for zone in zones or names:
            prefix = manager.prefix(zone)
            self.stdout.write(self.style.MIGRATE_HEADING(f"Zone {zone}  /{prefix}"))
            for route in manager.routes(zone, strict=False):
                if not route.is_format_suffix:
                    self.stdout.write(f"  {route.path:<50} {route.view}")
            for extra in ("schema/", "docs/", "redoc/"):
                self.stdout.write(f"  /{prefix}{extra:<{49 - len(prefix)}} (revolution {extra.rstrip('/')})")
        self.check_zones(config, zones)
        return 0

    def status(self, config: Any, zones: list[str] | None) -> int:
        from revolution_django.status import zone_statuses

        self.check_zones(config, zones)
        for row in zone_statuses(config, self.registry(), zones or list(config.zones)):
            self.stdout.write(self.style.MIGRATE_HEADING(f"Zone {row.zone}") + f"  {row.source}")
            counts = "?" if row.routes is None else f"{row.routes} route(s), {row.operations} operation(s)"
            self.stdout.write(f"  {counts}")
            if row.schema_written is None:
                schema = "never generated"
            else:
                state = {True: "up to date", False: "stale: the API changed since", None: ""}[row.schema_current]
                schema = f"written {row.schema_written}" + (f" ({state})" if state else "")
            self.stdout.write(f"  schema: {schema}")
            archive = f"{row.archive} ({row.archives} kept)" if row.archive else "none"
            self.stdout.write(f"  latest archive: {archive}")
        return 0

    def list_zones(self, config: Any, zones: list[str] | None) -> int:
        from revolution_django.status import zone_forms

        for zone in zones or list(config.zones):
            title = f" ({config.zones[zone].title})" if config.zones[zone].title else ""
            self.stdout.write(f"{zone}{title}: {zone_forms(config, zone)}")
        return 0

    def dry_run(self, config: Any, zones: list[str] | None, run_options: Any) -> int:
        plan = self.check_zones(config, zones)
        for zone in zones or list(config.zones):
            planned = plan.zones[zone]
            generators = [g for g in planned.generators if not run_options.generators or g in run_options.generators]
            self.stdout.write(f"zone {zone}: {planned.source} -> {planned.schema_producer} -> "
                              f"{', '.join(generators) or 'no generator'}")
        self.stdout.write("Dry run: nothing was written.")
        return 0
