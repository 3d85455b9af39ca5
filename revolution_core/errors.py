"""The errors users see. Each one names the zone, plugin or setting at fault and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


class RevolutionError(Exception):
    """A user-facing failure: the CLI prints `str(error)` as one paragraph and exits non-zero."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One configuration problem: `location` is a dotted path such as `zones.admin.generators[1]`."""

    location: str
    message: str

    def __str__(self) -> str:
        return f"{self.location}: {self.message}" if self.location else self.message


class ConfigError(RevolutionError):
    """Every problem found in a configuration, reported together."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | Problem, source: str = "configuration") -> None:
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        self.source = source
        lines = "\n".join(f"  - {p}" for p in self.problems)
        count = len(self.problems)
        noun = "problem" if count == 1 else "problems"
        super().__init__(f"Invalid {source} ({count} {noun}):\n{lines}")


class PluginError(RevolutionError):
    """A plugin is broken, missing or misdeclared."""


class StageError(RevolutionError):
    """A plugin failed while running a stage, attributed to the stage, plugin and zone."""

    def __init__(self, stage: str, plugin: str, zone: str | None, cause: BaseException | str) -> None:
        self.stage, self.plugin, self.zone, self.cause = stage, plugin, zone, cause
        where = f"zone '{zone}'" if zone else "the whole run"
        reason = cause if isinstance(cause, str) else describe_exception(cause)
        super().__init__(f"{stage} plugin '{plugin}' failed for {where}: {reason}")


class LockTimeout(RevolutionError):
    """Another run holds the project lock."""


def describe_exception(exc: BaseException) -> str:
    """`RevolutionError`s speak for themselves; anything else gets its type name for context."""
    if isinstance(exc, RevolutionError):
        return str(exc)
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
