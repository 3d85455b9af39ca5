"""What a `revolution` command works with: the project, its plugin registry and its configuration.

The core's commands and the ones plugins add (hook `revolution_register_commands`) receive it the same
way:

    import click
    from revolution_core.commands import ProjectContext, fail, pass_project

    @click.command()
    @pass_project
    def hello(project: ProjectContext) -> None:
        \"\"\"Say which zones the project has.\"\"\"
        try:
            config = project.config()
        except RevolutionError as exc:
            fail(exc)
        click.echo(", ".join(config.zones))
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from revolution_core.errors import RevolutionError

if TYPE_CHECKING:
    from rich.console import Console

    from revolution_core.config import RevolutionConfig
    from revolution_core.plan import RunPlan
    from revolution_core.plugins import Registry
    from revolution_core.stages import RunContext

F = TypeVar("F", bound=Callable[..., Any])


class ConfigMissing(RevolutionError):
    exit_code = 2  # like every other configuration error


@dataclass
class ProjectContext:
    """The project a command runs on (`--project`, `--config`) and the plugin selection (`--plugins`,
    `--disable-plugins`). The registry and configuration are loaded on first use and kept."""

    project: Path
    config_file: Path | None
    allow: list[str] = field(default_factory=list)
    deny: list[str] = field(default_factory=list)
    extra_plugins: list[Any] = field(default_factory=list)
    # Whether `revolution run` may finish at once when nothing changed (revolution_core.fingerprint).
    # Off by default for plugins registered in code: their code cannot be fingerprinted.
    fingerprint: bool = True
    _registry: Registry | None = None
    _config: RevolutionConfig | None = None

    def registry(self) -> Registry:
        if self._registry is None:
            from revolution_core.plugins import build_registry

            self._registry = build_registry(self.extra_plugins, allow=self.allow or None, deny=self.deny)
        return self._registry

    def config(self) -> RevolutionConfig:
        if self._config is None:
            self._config = load_project_config(self.project, self.config_file, self.registry())
        return self._config

    def plan(self) -> RunPlan:
        from revolution_core.plan import build_plan

        return build_plan(self.config(), self.registry())

    def run_context(self, stderr_log: bool = True) -> RunContext:
        """A `RunContext` for a command outside a run; its log goes to stderr (stdout stays for output)."""
        from revolution_core.stages import RunContext

        err = make_console(stderr=stderr_log)
        return RunContext(config=self.config(), log=lambda text: err.print(text, markup=False, highlight=False))


pass_project = click.make_pass_decorator(ProjectContext)


def fail(exc: RevolutionError) -> NoReturn:
    """Print a user-facing error as one paragraph on stderr and exit with its code."""
    click.echo(f"Error: {exc}", err=True)
    sys.exit(exc.exit_code)


def make_console(stderr: bool = False) -> Console:
    from rich.console import Console

    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def load_project_config(project: Path, config_file: Path | None, registry: Registry) -> RevolutionConfig:
    """`--config`, else the nearest revolution.toml / `[tool.revolution]`, else a plugin that knows the
    project (hook `revolution_load_config`: a web framework plugin reads its settings)."""
    from revolution_core.config import find_config_file, load_config_file

    path = config_file or find_config_file(project.resolve())
    if path is not None:
        return load_config_file(path)
    config = registry.pm.hook.revolution_load_config(project_root=project.resolve())
    if config is None:
        raise ConfigMissing(
            f"No configuration found for {project.resolve()}: add a [tool.revolution] table to pyproject.toml "
            "(or a revolution.toml) with zones pointing at OpenAPI files, or run inside a project that an "
            "installed plugin configures (a web framework's settings, say; `revolution plugins` lists them)."
        )
    return config  # type: ignore[no-any-return]
