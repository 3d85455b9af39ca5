"""The `revolution` command line. `--help` and `--version` load no plugin; every other command
builds the plugin registry first, so a broken plugin is reported, never fatal."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import click

from revolution_core import __version__
from revolution_core.commands import ProjectContext, fail, make_console, pass_project
from revolution_core.errors import RevolutionError

if TYPE_CHECKING:
    from rich.console import Console

    from revolution_core.check import CheckOptions
    from revolution_core.config import RevolutionConfig
    from revolution_core.pipeline import RunOptions
    from revolution_core.plugins import Registry
    from revolution_core.uptodate import RunFingerprint


def _csv(value: tuple[str, ...] | str | None) -> list[str] | None:
    """`--zones a,b --zones c` and `--zones "a b"` both give ['a', 'b', 'c']."""
    if not value:
        return None
    items = value if isinstance(value, tuple) else (value,)
    names = [part for item in items for part in item.replace(",", " ").split()]
    return names or None


def execute_run(
    config: RevolutionConfig,
    registry: Registry,
    options: RunOptions,
    *,
    json_output: bool = False,
    verbosity: int = 1,
    console: Console | None = None,
    fingerprint: RunFingerprint | None = None,
) -> int:
    """Run the pipeline the way a user sees it (progress, failures, summary) and return the exit code.
    Shared by `revolution run`, `revolution watch` and `manage.py revolution`. With a `fingerprint`, zones
    whose inputs did not change reuse their schema, and a successful run is recorded. Ctrl-C or SIGTERM end
    it with one line and exit 130 / 143."""
    from dataclasses import replace

    from revolution_core.console import ConsoleReporter, print_interrupted, print_summary
    from revolution_core.interrupts import handle_signals
    from revolution_core.pipeline import Pipeline

    console = console or make_console()
    # With --json, stdout carries only the report; failures still reach the user on stderr.
    reporter = ConsoleReporter(make_console(stderr=True), -1) if json_output else ConsoleReporter(console, verbosity)
    if fingerprint is not None:
        reuse = fingerprint.reusable_schemas(config, options)
        options = replace(options, reuse_schemas=reuse)
        if reuse and verbosity >= 1 and not json_output:
            reporter.message(f"Since the last run: {fingerprint.check.describe()}; reusing the schemas of "
                             f"{', '.join(sorted(reuse))}.")
    pipeline = Pipeline(config, registry, reporter)
    try:
        with handle_signals():
            report = pipeline.run(options)
            if fingerprint is not None:
                fingerprint.record(config, registry, pipeline, report, reporter.message)
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: one line, exit 130 / 143
        reporter.close()
        if fingerprint is not None:
            fingerprint.fingerprint.forget()
        return print_interrupted(exc, json_output)
    except RevolutionError as exc:
        reporter.close()  # the spinner's line goes before the error is printed
        if fingerprint is not None:
            fingerprint.fingerprint.forget()
        return print_error(exc, json_output)
    finally:
        reporter.close()
    if json_output:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        print_summary(console, report, reporter.shown, config.project_root, verbosity)
    return 0 if report.ok else 1


def print_error(exc: RevolutionError, json_output: bool) -> int:
    """A run's or check's one-paragraph error, on stderr (or as the JSON report); returns its exit code."""
    if json_output:
        click.echo(json.dumps({"ok": False, "error": str(exc)}, indent=2))
    else:
        from rich.markup import escape

        make_console(stderr=True).print(f"[red]Error:[/] {escape(str(exc))}", highlight=False)
    return exc.exit_code


class PluginCommands(click.Group):
    """The core's commands, plus the ones plugins register (`revolution_register_commands`). Plugins are
    loaded only to list or find a command the core does not define, so `revolution run` and `--version`
    load none through here."""

    def plugin_commands(self, ctx: click.Context) -> dict[str, click.Command]:
        from revolution_core.plugins import collect_commands

        return collect_commands(project_context(ctx).registry(), reserved=set(self.commands))

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *self.plugin_commands(ctx)})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self.commands.get(cmd_name) or self.plugin_commands(ctx).get(cmd_name)


def execute_check(
    config: RevolutionConfig,
    registry: Registry,
    options: CheckOptions,
    *,
    json_output: bool = False,
    verbosity: int = 1,
    console: Console | None = None,
) -> int:
    """`revolution check` and `manage.py revolution --check`: 0 when nothing would change (and, when asked,
    nothing breaks the baseline), 1 otherwise, 2 for configuration errors. Writes nothing in the project."""
    from revolution_core.check import check_project
    from revolution_core.console import ConsoleReporter, print_check, print_interrupted
    from revolution_core.interrupts import handle_signals

    console = console or make_console()
    # Steps only with -v (the check's own run is a means, not the news); failures always, on stderr.
    reporter = ConsoleReporter(make_console(stderr=True), -1 if json_output else verbosity - 1)
    try:
        with handle_signals():
            report = check_project(config, registry, options, reporter)
    except KeyboardInterrupt as exc:  # Ctrl-C or SIGTERM: one line, exit 130 / 143 (the check writes nothing)
        reporter.close()
        return print_interrupted(exc, json_output)
    except RevolutionError as exc:
        return print_error(exc, json_output)
    finally:
        reporter.close()
    if json_output:
        click.echo(json.dumps(report.to_dict(), indent=2))
    elif verbosity >= 0:
        print_check(console, report)
    return 0 if report.ok else 1



def project_context(ctx: click.Context) -> ProjectContext:
    """The root context's `ProjectContext`, made from the group's options the first time it is needed (click
    looks a subcommand up before it runs the group's callback). Plugins registered in code (tests,
    embedding) arrive as `obj={"plugins": [...]}`."""
    root = ctx.find_root()
    if isinstance(root.obj, ProjectContext):
        return root.obj
    obj = root.obj if isinstance(root.obj, dict) else {}
    extra = list(obj.get("plugins", []))
    params = root.params
    project = ProjectContext(
        params.get("project") or Path("."),
        params.get("config_file"),
        _csv(params.get("allow")) or [],
        _csv(params.get("deny")) or [],
        extra,
        fingerprint=bool(obj.get("fingerprint", not extra)),
    )
    root.obj = project
    return project


EXIT_CODES = (
    "Exit codes: 0 success; 1 a stage failed (its error is printed once, with its step); 2 the configuration "
    "is invalid or missing (nothing was generated); 130 interrupted by Ctrl-C (143 by SIGTERM)."
)


@click.group(cls=PluginCommands, context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES)
@click.version_option(version=__version__, prog_name="revolution")
@click.option(
    "--project",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    help="Project directory (default: current directory).",
)
@click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    help="A revolution.toml or pyproject.toml to read instead of searching.",
)
@click.option("--plugins", "allow", multiple=True, help="Load only these plugins (entry-point names, comma list).")
@click.option("--disable-plugins", "deny", multiple=True, help="Do not load these plugins (comma list).")
@click.pass_context
def cli(
    ctx: click.Context, project: Path, config_file: Path | None, allow: tuple[str, ...], deny: tuple[str, ...]
) -> None:
    """Django Revolution: typed, authenticated clients for every zone of your API."""
    project_context(ctx)


@cli.command(epilog=EXIT_CODES)
@click.option("--zones", multiple=True, help="Only these zones (comma or space separated).")
@click.option("--generators", multiple=True, help="Only these generators, e.g. typescript,python.")
@click.option("--clean", is_flag=True, help="Regenerate everything and remove outputs of zones no longer configured.")
@click.option("--force", is_flag=True, help="Ignore the cache and regenerate every client.")
@click.option(
    "--max-workers",
    type=click.IntRange(min=1),
    help="Generators run in parallel, at most this many at once (default: CPU count, 2 to 8).",
)
@click.option("--no-archive", is_flag=True, help="Skip archivers.")
@click.option("--no-sync", is_flag=True, help="Skip sync targets (monorepo).")
@click.option("--fail-fast", is_flag=True, help="Stop at the first failure.")
@click.option("--strict", is_flag=True, help="Schema warnings fail their zone.")
@click.option("--no-wait", is_flag=True, help="Fail instead of waiting when another run holds the project lock.")
@click.option("--json", "json_output", is_flag=True, help="Print the run report as JSON (for CI).")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
@click.option("-v", "--verbose", count=True, help="Also show unchanged package steps.")
@click.option("-q", "--quiet", count=True, help="Only failures (and a failed run's summary line).")
@pass_project
def run(
    project: ProjectContext,
    zones: tuple[str, ...],
    generators: tuple[str, ...],
    clean: bool,
    force: bool,
    max_workers: int | None,
    no_archive: bool,
    no_sync: bool,
    fail_fast: bool,
    strict: bool,
    no_wait: bool,
    json_output: bool,
    debug: bool,
    verbose: int,
    quiet: int,
) -> None:
    """Generate schemas and clients for every zone (or the ones given).

    When nothing a run depends on changed since the last successful run (sources, settings, installed
    packages, configuration, plugins, declared inputs, outputs on disk), it reports so and exits at once;
    `--force` does the work anyway."""
    from revolution_core.interrupts import handle_signals  # standard library only

    started = time.perf_counter()
    verbosity = 1 + verbose - quiet
    fingerprint = None
    with handle_signals():
        try:
            if project.fingerprint:  # before anything heavy is imported: a no-op run stays a tenth of a second
                from revolution_core.uptodate import RunFingerprint, run_key

                key = run_key(config_file=project.config_file, zones=_csv(zones), generators=_csv(generators),
                              archive=not no_archive, sync=not no_sync, strict=strict, allow=project.allow,
                              deny=project.deny)
                fingerprint = RunFingerprint.start(project.project, key, config_file=project.config_file,
                                                   force=force or clean)
                if fingerprint.check.up_to_date:
                    report_up_to_date(fingerprint, time.perf_counter() - started, json_output, verbosity)
                    exit_now(0)
            code = _run(project, zones, generators, clean, force, max_workers, no_archive, no_sync, fail_fast,
                        strict, no_wait, json_output, debug, verbosity, fingerprint)
        except KeyboardInterrupt as exc:  # before the pipeline started (loading plugins or configuration)
            from revolution_core.console import print_interrupted

            code = print_interrupted(exc, json_output)
    exit_now(code)


def _run(project: ProjectContext, zones: tuple[str, ...], generators: tuple[str, ...], clean: bool, force: bool,
         max_workers: int | None, no_archive: bool, no_sync: bool, fail_fast: bool, strict: bool, no_wait: bool,
         json_output: bool, debug: bool, verbosity: int, fingerprint: RunFingerprint | None) -> int:
    from revolution_core.pipeline import RunOptions

    options = RunOptions(
        zones=_csv(zones),
        generators=_csv(generators),
        clean=clean,
        force=force,
        max_workers=max_workers,
        fail_fast=fail_fast,
        archive=not no_archive,
        sync=not no_sync,
        wait=not no_wait,
        strict=strict,
    )
    try:
        registry = project.registry()
        config = project.config()
    except RevolutionError as exc:
        fail(exc)
    if debug:
        config = config.model_copy(update={"debug": True})
    if fingerprint is not None and fingerprint.config_file is None:
        from revolution_core.config import find_config_file

        fingerprint.config_file = find_config_file(project.project.resolve())
    return execute_run(config, registry, options, json_output=json_output, verbosity=verbosity,
                       fingerprint=fingerprint)


def report_up_to_date(fingerprint: RunFingerprint, seconds: float, json_output: bool, verbosity: int) -> None:
    """The last run's report with every step unchanged, printed without loading rich or any plugin."""
    from revolution_core.fingerprint import up_to_date_report

    assert fingerprint.check.state is not None
    report = up_to_date_report(fingerprint.check.state, seconds)
    if json_output:
        click.echo(json.dumps(report, indent=2))
        return
    steps = len(report["steps"])
    if verbosity >= 1:
        zones = ", ".join(report.get("zones", []))
        click.echo(f"Nothing changed since the last successful run (zones {zones}): sources, settings, packages, "
                   "configuration and outputs are as they were. `--force` regenerates anyway.")
    if verbosity >= 0:
        click.echo(f"Done in {seconds:.2f}s: {steps} unchanged.")


def exit_now(code: int) -> NoReturn:
    """Exit with `code`. From the installed `revolution` command, skip the interpreter's teardown (freeing
    every object of a large run one by one takes over a second at 1,000 models) once output is flushed;
    every file the run wrote is complete by then, and locks are released."""
    if _FAST_EXIT:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    sys.exit(code)


@cli.command()
@click.option("--zones", multiple=True, help="Only these zones (comma or space separated).")
@click.option("--generators", multiple=True, help="Only these generators, e.g. typescript,python.")
@click.option("--breaking/--no-breaking", default=None,
              help="Also fail when the API breaks the baseline (default: the `check.breaking` setting).")
@click.option("--baseline", type=click.Path(exists=True, path_type=Path),
              help="Baseline schema: a {zone}.json/.yaml file or a directory of them.")
@click.option("--baseline-ref", help="Baseline: the schemas committed at this git ref (default: HEAD).")
@click.option("--max-workers", type=click.IntRange(min=1), help="Generators run in parallel, at most this many.")
@click.option("--json", "json_output", is_flag=True, help="Print the verdict as JSON (for CI).")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
@click.option("-v", "--verbose", count=True)
@click.option("-q", "--quiet", count=True)
@pass_project
def check(
    project: ProjectContext,
    zones: tuple[str, ...],
    generators: tuple[str, ...],
    breaking: bool | None,
    baseline: Path | None,
    baseline_ref: str | None,
    max_workers: int | None,
    json_output: bool,
    debug: bool,
    verbose: int,
    quiet: int,
) -> None:
    """Exit 1 if the committed schemas or clients are stale (or, with --breaking, if the API breaks the
    baseline). Generates into a temporary directory: writes nothing in the project."""
    from revolution_core.check import CheckOptions

    sys.dont_write_bytecode = True  # importing the project (its web framework) must not write __pycache__ into it
    try:
        registry = project.registry()
        config = project.config()
    except RevolutionError as exc:
        fail(exc)
    if debug:
        config = config.model_copy(update={"debug": True})
    options = CheckOptions(zones=_csv(zones), generators=_csv(generators), breaking=breaking, baseline=baseline,
                           baseline_ref=baseline_ref, max_workers=max_workers)
    sys.exit(execute_check(config, registry, options, json_output=json_output, verbosity=1 + verbose - quiet))


@cli.command()
@click.option("--zones", multiple=True, help="Only these zones (comma or space separated).")
@click.option("--generators", multiple=True, help="Only these generators, e.g. typescript,python.")
@click.option("--no-archive", is_flag=True, help="Skip archivers.")
@click.option("--no-sync", is_flag=True, help="Skip sync targets (monorepo).")
@click.option("--strict", is_flag=True, help="Schema warnings fail their zone.")
@click.option("--debug", is_flag=True, help="Show tracebacks of failures.")
@click.option("-v", "--verbose", count=True)
@click.option("-q", "--quiet", count=True)
@click.pass_context
def watch(ctx: click.Context, zones: tuple[str, ...], generators: tuple[str, ...], no_archive: bool,
          no_sync: bool, strict: bool, debug: bool, verbose: int, quiet: int) -> None:
    """Run, then run again whenever a source, the settings or the configuration changes, until Ctrl-C.

    Only the zones a change concerns get a new schema. A run that fails (a syntax error in your code,
    say) is reported, and the next save tries again."""
    project = project_context(ctx)
    run_args = [*(["--zones", ",".join(z)] if (z := _csv(zones)) else []),
                *(["--generators", ",".join(g)] if (g := _csv(generators)) else []),
                *(["--no-archive"] if no_archive else []), *(["--no-sync"] if no_sync else []),
                *(["--strict"] if strict else []), *(["--debug"] if debug else []),
                *(["-v"] * verbose), *(["-q"] * quiet)]
    sys.exit(watch_project(project, run_args))


def watch_project(project: ProjectContext, run_args: list[str]) -> int:
    """`revolution watch` for `project` with these `revolution run` arguments (`manage.py revolution --watch`
    comes here too)."""
    from revolution_core.uptodate import run_key
    from revolution_core.watch import watch as watch_loop

    options = run.make_context("run", list(run_args)).params
    root = project.project.resolve()
    argv = ["--project", str(root)]
    argv += ["--config", str(project.config_file.resolve())] if project.config_file else []
    argv += ["--plugins", ",".join(project.allow)] if project.allow else []
    argv += ["--disable-plugins", ",".join(project.deny)] if project.deny else []
    key = run_key(config_file=project.config_file, zones=_csv(options["zones"]),
                  generators=_csv(options["generators"]), archive=not options["no_archive"],
                  sync=not options["no_sync"], strict=options["strict"], allow=project.allow, deny=project.deny)
    return watch_loop(root, [*argv, "run", *run_args], key, lambda text: click.echo(text, err=True))


@cli.command()
@click.option("--json", "json_output", is_flag=True)
@pass_project
def zones(project: ProjectContext, json_output: bool) -> None:
    """List the configured zones and what runs for each."""
    from revolution_core.console import table

    try:
        config = project.config()
        plan = project.plan()
    except RevolutionError as exc:
        fail(exc)
    rows: list[dict[str, Any]] = []
    for name, zone in config.zones.items():
        planned = plan.zones[name]
        rows.append(
            {
                "zone": name,
                "title": zone.title,
                "version": zone.version,
                "source": planned.source,
                "schema_producer": planned.schema_producer,
                "generators": list(planned.generators),
                "fields": planned.source_options.model_dump(mode="json", exclude_defaults=True),
            }
        )
    if json_output:
        click.echo(json.dumps(rows, indent=2))
        return
    make_console().print(
        table(
            "Zones",
            ["zone", "title", "version", "source", "generators", "fields"],
            [
                [
                    r["zone"],
                    r["title"],
                    r["version"],
                    f"{r['source']} → {r['schema_producer']}",
                    ", ".join(r["generators"]),
                    "; ".join(f"{k}={_short(v)}" for k, v in r["fields"].items()),
                ]
                for r in rows
            ],
        )
    )


def _short(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


@cli.command()
@click.option("--all", "show_all", is_flag=True, help="Include disabled plugins and tracebacks of load errors.")
@click.option("--json", "json_output", is_flag=True)
@pass_project
def plugins(project: ProjectContext, show_all: bool, json_output: bool) -> None:
    """List installed plugins: what loaded, what they provide, and what failed."""
    from revolution_core.console import table
    from revolution_core.plugins import STAGE_NOUNS

    registry = project.registry()
    provides: dict[str, list[dict[str, str]]] = {}
    for stage, classes in registry.classes.items():
        for name, cls in classes.items():
            provides.setdefault(registry.owners[cls], []).append({"stage": STAGE_NOUNS[stage], "name": name})
    rows: list[dict[str, Any]] = []
    for plugin in registry.loaded:
        if plugin.disabled and not show_all:
            continue
        module = registry.pm.get_plugin(plugin.name)
        hooks = sorted(h.name for h in registry.pm.get_hookcallers(module) or []) if module else []
        row = {
            "name": plugin.name,
            "distribution": plugin.distribution,
            "version": plugin.version,
            "module": plugin.module,
            "provides": sorted(provides.get(plugin.name, []), key=lambda p: p["name"]),
            "hooks": hooks,
            "disabled": plugin.disabled,
            "error": plugin.error,
        }
        if show_all and plugin.details:
            row["traceback"] = plugin.details
        rows.append(row)
    if json_output:
        click.echo(json.dumps({"plugins": rows, "problems": registry.problems}, indent=2))
        return
    console = make_console()
    console.print(
        table(
            "Plugins",
            ["plugin", "distribution", "provides", "status"],
            [
                [
                    r["name"],
                    f"{r['distribution']} {r['version']}",
                    ", ".join(f"{p['stage']} {p['name']}" for p in r["provides"]),
                    "disabled" if r["disabled"] else (f"failed: {r['error']}" if r["error"] else "loaded"),
                ]
                for r in rows
            ],
        )
    )
    for row in rows:
        if row.get("traceback"):
            console.print(row["traceback"], markup=False, highlight=False)
    for problem in registry.problems:
        console.print(f"[red]problem:[/] {problem}", highlight=False)


@cli.command()
@pass_project
def validate(project: ProjectContext) -> None:
    """Check the configuration and every zone without generating anything."""
    from revolution_core.plan import validate_zones

    try:
        config = project.config()
        validate_zones(config, project.registry(), project.plan())
    except RevolutionError as exc:
        fail(exc)
    click.echo(f"Configuration is valid: {len(config.zones)} zone(s): {', '.join(config.zones)}.")


_FAST_EXIT = False


def fast_exit_on_finish() -> None:
    """Let `revolution run` end the process without the interpreter's teardown (see `exit_now`)."""
    global _FAST_EXIT
    _FAST_EXIT = True


def main() -> None:
    fast_exit_on_finish()
    cli()
