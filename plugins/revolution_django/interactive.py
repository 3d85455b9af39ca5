"""The interactive mode of `manage.py revolution` (questionary): pick zones and generators, confirm.

`input`/`output` are passed to prompt_toolkit, so tests can feed answers (`create_pipe_input()`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Choices:
    zones: list[str]
    generators: list[str]


def ask_run_choices(zones: list[str], generators: list[str], *, preselect: Choices | None = None,
                    input: Any = None, output: Any = None) -> Choices | None:
    """Ask which zones and generators to run (all ticked, or those of `preselect`); None when the user
    cancels or declines."""
    import questionary

    io = {"input": input, "output": output}
    ticked = preselect or Choices(zones, generators)
    chosen_zones = questionary.checkbox(
        "Zones to generate", choices=[questionary.Choice(z, checked=z in ticked.zones) for z in zones],
        validate=lambda picked: bool(picked) or "pick at least one zone", **io,
    ).unsafe_ask()
    if not chosen_zones:
        return None
    chosen_generators: list[str] = []
    if generators:
        chosen_generators = questionary.checkbox(
            "Client generators",
            choices=[questionary.Choice(g, checked=g in ticked.generators) for g in generators],
            validate=lambda picked: bool(picked) or "pick at least one generator", **io,
        ).unsafe_ask()
        if not chosen_generators:
            return None
    summary = f"Generate {', '.join(chosen_zones)} with {', '.join(chosen_generators) or 'no generator'}?"
    if not questionary.confirm(summary, default=True, **io).unsafe_ask():
        return None
    return Choices(list(chosen_zones), list(chosen_generators))
