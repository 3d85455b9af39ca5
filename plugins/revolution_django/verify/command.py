"""`revolution verify`: the same verification as `manage.py revolution --verify`, registered with the core
CLI through `revolution_register_commands`. Importing this module imports neither Django nor schemathesis."""

from __future__ import annotations

import sys

import click

from revolution_core.commands import ProjectContext, fail, pass_project
from revolution_core.errors import RevolutionError


def split_names(values: tuple[str, ...]) -> list[str] | None:
    """`--zones a,b --zones c` and `--zones "a b"` give ['a', 'b', 'c']."""
    names = [part for value in values for part in value.replace(",", " ").split()]
    return names or None


@click.command("verify")
@click.option("--zones", multiple=True, help="Only these zones (comma or space separated).")
@click.option("--examples", type=click.IntRange(min=1), help="Generated requests per operation (default 25).")
@click.option("--seed", type=int, help="Seed of the generated requests (default 0).")
@click.option("--budget", type=click.FloatRange(min=0, min_open=True), help="Seconds per zone (default 60).")
@click.option("--json", "json_output", is_flag=True, help="Print the report as JSON (for CI).")
@click.option("-v", "--verbose", count=True, help="Also list the operations that passed.")
@click.option("-q", "--quiet", count=True)
@pass_project
def verify(project: ProjectContext, zones: tuple[str, ...], examples: int | None, seed: int | None,
           budget: float | None, json_output: bool, verbose: int, quiet: int) -> None:
    """Prove each Django zone's schema against its views, on test databases (docs/verify.md)."""
    from revolution_django.verify.runner import execute_verify

    try:
        registry = project.registry()
        config = project.config()
    except RevolutionError as exc:
        fail(exc)
    overrides = {"examples": examples, "seed": seed, "budget": budget}
    sys.exit(execute_verify(config, registry, split_names(zones), overrides, json_output=json_output,
                            verbosity=1 + verbose - quiet))
