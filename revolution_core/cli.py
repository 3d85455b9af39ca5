"""The `revolution` command line. `--help` and `--version` load no plugin; every other command
builds the plugin registry first, so a broken plugin is reported, never fatal."""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from revolution_core.errors import RevolutionError

if TYPE_CHECKING:
    from rich.console import Console

    from revolution_core.config import RevolutionConfig
    from revolution_core.pipeline import RunOptions
    from revolution_core.plugins import Registry


def _csv(value: tuple[str, ...] | str | None) -> list[str] | None:
    """`--zones a,b --zones c` and `--zones "a b"` both give ['a', 'b', 'c']."""
    if not value:
        return None
    items = value if isinstance(value, tuple) else (value,)
    names = [part for item in items for part in item.replace(",", " ").split()]
    return names or None


@dataclass
class State:
    project: Path
    config_file: Path | None
    allow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    extra_plugins: list[Any] = field(default_factory=list)

    def registry(self) -> Registry:
        from revolution_core.plugins import build_registry

        return build_registry(self.extra_plugins, allow=self.allow or None, deny=self.deny)

    def config(self, registry: Registry) -> RevolutionConfig:
        return load_project_config(self.project, self.config_file, registry)


def load_project_config(project: Path, config_file: Path | None, registry: Registry) -> RevolutionConfig:
    """`--config`, else the nearest revolution.toml / `[tool.revolution]`, else a plugin that knows the
    project (the Django plugin reads settings.DJANGO_REVOLUTION)."""
    from revolution_core.config import find_config_file, load_config_file

    path = config_file or find_config_file(project.resolve())
    if path is not None:
        return load_config_file(path)
    config = registry.pm.hook.revolution_load_config(project_root=project.resolve())
    if config is None:
        raise ConfigMissing(
            f"No configuration found for {project.resolve()}: add a [tool.revolution] table to pyproject.toml "
            "(or a revolution.toml) with zones pointing at OpenAPI files, or run inside a Django project whose "
            "settings define DJANGO_REVOLUTION = get_revolution_config(...) with 'revolution_django' installed."
        )
    return config  # type: ignore[no-any-return]


class ConfigMissing(RevolutionError):
    exit_code = 2  # like every other configuration error


def make_console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def execute_run(
    config: RevolutionConfig,
    registry: Registry,
    options: RunOptions,
    *,
    json_output: bool = False,
    verbosity: int = 1,
    console: Console | None = None,
) -> int:
    """Run the pipeline the way a user sees it (progress, failures, summary) and return the exit code.
    Shared by `revolution run` and `manage.py revolution`."""
    from revolution_core.console import ConsoleReporter, print_summary
    from revolution_core.pipeline import Pipeline

    console = console or make_console()
    # With --json, stdout carries only the report; failures still reach the user on stderr.
    reporter = ConsoleReporter(make_console(stderr=True), -1) if json_output else ConsoleReporter(console, verbosity)
    try:
        report = Pipeline(config, registry, reporter).run(options)
    except RevolutionError as exc:
        if json_output:
            click.echo(json.dumps({"ok": False, "error": str(exc)}, indent=2))
        else:
            from rich.markup import escape

            make_console(stderr=True).print(f"[red]Error:[/] {escape(str(exc))}", highlight=False)
        return exc.exit_code
    finally:
        reporter.close()
    if json_output:
        click.echo(json.dumps(report.to_dict(), indent=2))
    elif verbosity >= 0:
        print_summary(console, report)
    return 0 if report.ok else 1


def _fail(exc: RevolutionError) -> None:
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="revolution", prog_name="revolution")
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
    """Django Revolution: typed TypeScript and Python clients for every zone of your API."""
    # Plugins registered in code (tests, embedding) arrive as `obj={"plugins": [...]}`.
    extra = list(ctx.obj.get("plugins", [])) if isinstance(ctx.obj, dict) else []
    ctx.obj = State(project, config_file, _csv(allow) or [], _csv(deny) or [], extra)


@cli.command()
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
@click.option("-v", "--verbose", count=True)
@click.option("-q", "--quiet", count=True)
@click.pass_obj
def run(
    state: State,
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
    """Generate schemas and clients for every zone (or the ones given)."""
    from revolution_core.pipeline import RunOptions

    try:
        registry = state.registry()
        config = state.config(registry)
    except RevolutionError as exc:
        _fail(exc)
    if debug:
        config = config.model_copy(update={"debug": True})
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
    sys.exit(execute_run(config, registry, options, json_output=json_output, verbosity=1 + verbose - quiet))


@cli.command()
@click.option("--json", "json_output", is_flag=True)
@click.pass_obj
def zones(state: State, json_output: bool) -> None:
    """List the configured zones and what runs for each."""
    from revolution_core.console import table
    from revolution_core.plan import build_plan

    try:
        registry = state.registry()
        config = state.config(registry)
        plan = build_plan(config, registry)
    except RevolutionError as exc:
        _fail(exc)
    rows: list[dict[str, Any]] = []
    for name, zone in config.zones.items():
        planned = plan.zones[name]
        rows.append(
            {
                "zone": name,
                "title": zone.title,
                "version": zone.version,
                "public": zone.public,
                "auth_required": zone.auth_required,
                "source": planned.source,
                "schema_producer": planned.schema_producer,
                "generators": list(planned.generators),
                "apps": zone.apps,
                "openapi_file": zone.openapi_file,
            }
        )
    if json_output:
        click.echo(json.dumps(rows, indent=2))
        return
    make_console().print(
        table(
            "Zones",
            ["zone", "title", "version", "public", "auth", "source", "generators"],
            [
                [
                    r["zone"],
                    r["title"],
                    r["version"],
                    "yes" if r["public"] else "no",
                    "yes" if r["auth_required"] else "no",
                    f"{r['source']} → {r['schema_producer']}",
                    ", ".join(r["generators"]),
                ]
                for r in rows
            ],
        )
    )


@cli.command()
@click.option("--all", "show_all", is_flag=True, help="Include disabled plugins and tracebacks of load errors.")
@click.option("--json", "json_output", is_flag=True)
@click.pass_obj
def plugins(state: State, show_all: bool, json_output: bool) -> None:
    """List installed plugins: what loaded, what they provide, and what failed."""
    from revolution_core.console import table
    from revolution_core.plugins import STAGE_NOUNS

    registry = state.registry()
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
@click.pass_obj
def validate(state: State) -> None:
    """Check the configuration and every zone without generating anything."""
    from revolution_core.plan import build_plan, validate_zones

    try:
        registry = state.registry()
        config = state.config(registry)
        validate_zones(config, registry, build_plan(config, registry))
    except RevolutionError as exc:
        _fail(exc)
    click.echo(f"Configuration is valid: {len(config.zones)} zone(s): {', '.join(config.zones)}.")


@cli.group()
def archive() -> None:
    """Inspect and restore archived schemas and clients."""


def _archive_command(state: State, archiver: str, command: str, *args: Any) -> Any:
    from revolution_core.stages import Archiver, RunContext

    registry = state.registry()
    config = state.config(registry)
    plugin = registry.create("archivers", archiver)
    assert isinstance(plugin, Archiver)
    handler = plugin.commands().get(command)
    if handler is None:
        raise RevolutionError(f"archiver '{archiver}' does not support `archive {command}`")
    err = make_console(stderr=True)
    return handler(RunContext(config=config, log=lambda text: err.print(text, markup=False)), *args)


@archive.command("list")
@click.argument("zone", required=False)
@click.option("--archiver", default="archive", show_default=True)
@click.option("--json", "json_output", is_flag=True)
@click.pass_obj
def archive_list(state: State, zone: str | None, archiver: str, json_output: bool) -> None:
    """List archives, newest first."""
    from revolution_core.console import table

    try:
        rows = _archive_command(state, archiver, "list", zone)
    except RevolutionError as exc:
        _fail(exc)
    if json_output:
        click.echo(json.dumps(rows, indent=2, default=str))
    elif not rows:
        click.echo("No archives yet.")
    else:
        columns = list(rows[0])
        make_console().print(table("Archives", columns, [[str(r.get(c, "")) for c in columns] for r in rows]))


@archive.command("show")
@click.argument("zone")
@click.argument("stamp", required=False)
@click.option("--archiver", default="archive", show_default=True)
@click.pass_obj
def archive_show(state: State, zone: str, stamp: str | None, archiver: str) -> None:
    """Show an archive's metadata (the latest by default)."""
    try:
        click.echo(json.dumps(_archive_command(state, archiver, "show", zone, stamp), indent=2, default=str))
    except RevolutionError as exc:
        _fail(exc)


@archive.command("restore")
@click.argument("zone")
@click.argument("stamp", required=False)
@click.option("--archiver", default="archive", show_default=True)
@click.pass_obj
def archive_restore(state: State, zone: str, stamp: str | None, archiver: str) -> None:
    """Restore a zone's schema and clients from an archive (hashes verified first)."""
    try:
        click.echo(_archive_command(state, archiver, "restore", zone, stamp))
    except RevolutionError as exc:
        _fail(exc)


def main() -> None:
    cli()
