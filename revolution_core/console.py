"""How a run looks: a rich spinner and a line per finished step on a terminal, plain lines
elsewhere, nothing but the JSON report with `--json`."""

from __future__ import annotations

import threading
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from revolution_core.models import RunReport, StepResult

SYMBOLS = {"ok": "[green]✓[/]", "unchanged": "[dim]=[/]", "failed": "[red]✗[/]", "skipped": "[yellow]-[/]"}


def step_label(stage: str, plugin: str, zone: str | None) -> str:
    where = f" · zone [cyan]{escape(zone)}[/]" if zone else (" · package" if stage == "generator" else "")
    return f"{stage} [bold]{escape(plugin)}[/]{where}"


class ConsoleReporter:
    """Prints each finished step; on a terminal a spinner shows what is still running."""

    def __init__(self, console: Console, verbosity: int = 1) -> None:
        self.console = console
        self.verbosity = verbosity
        self._running: dict[tuple[str, str, str | None], None] = {}
        self._lock = threading.Lock()
        self._status: Any = None
        if console.is_terminal and verbosity > 0:
            self._status = console.status("Starting…", spinner="dots")
            self._status.start()

    def _refresh(self) -> None:
        if self._status is not None:
            running = ", ".join(f"{plugin}{'/' + zone if zone else ''}" for _, plugin, zone in self._running)
            self._status.update(f"Running: {escape(running)}" if running else "Working…")

    def step_started(self, stage: str, plugin: str, zone: str | None) -> None:
        with self._lock:
            self._running[(stage, plugin, zone)] = None
            self._refresh()

    def step_finished(self, step: StepResult) -> None:
        with self._lock:
            self._running.pop((step.stage, step.plugin, step.zone), None)
            self._refresh()
        if self.verbosity <= 0 and step.status != "failed":
            return
        if step.status == "unchanged" and self.verbosity < 2 and step.zone is None:
            return
        timing = f" [dim]{step.seconds:.2f}s[/]" if step.seconds else ""
        note = " [dim](unchanged)[/]" if step.status == "unchanged" else ""
        self.console.print(f"{SYMBOLS[step.status]} {step_label(step.stage, step.plugin, step.zone)}{note}{timing}")
        for warning in step.warnings if self.verbosity >= 1 else ():
            self.console.print(f"    [yellow]warning:[/] {escape(warning)}")
        if step.status == "failed" and step.error:
            self.console.print(f"    [red]{escape(step.error)}[/]")

    def message(self, text: str) -> None:
        if self.verbosity > 0:
            self.console.print(escape(text))

    def close(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None


def print_summary(console: Console, report: RunReport) -> None:
    counts: dict[str, int] = {}
    for step in report.steps:
        counts[step.status] = counts.get(step.status, 0) + 1
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    if report.ok:
        console.print(f"[green]Done[/] in {report.seconds:.2f}s: {parts}.")
        return
    console.print(f"[red]Failed[/] after {report.seconds:.2f}s: {parts}.")
    for step in report.failures:  # the first line: a --debug traceback was shown with the step already
        console.print(f"  [red]✗[/] {escape((step.error or step.stage).splitlines()[0])}")


def print_check(console: Console, report: Any) -> None:
    """`revolution check`'s verdict: what a run would change, then (with --breaking) what breaks the baseline."""
    if not report.run.ok:
        console.print("[red]The check could not generate every zone:[/]")
        for step in report.run.failures:
            console.print(f"  [red]✗[/] {escape((step.error or step.stage).splitlines()[0])}")
    if report.stale:
        console.print(f"[red]{len(report.stale)} file(s) differ from what the current API generates[/] "
                      "(run `revolution run`, then commit them):")
        for difference in report.stale:
            what = {"changed": "changed", "added": "missing", "removed": "stale"}[difference.status]
            console.print(f"  {what:<8} {escape(difference.path)}")
    elif report.run.ok:
        console.print("Schemas and clients are up to date.")
    if report.breaking_checked:
        for zone in report.zones:
            if zone.baseline is None:
                console.print(f"zone {escape(zone.zone)}: no baseline (a new zone), nothing to break")
                continue
            console.print(f"zone {escape(zone.zone)} against {escape(zone.baseline)}: {zone.diff.summary()}")
            for change in zone.diff.breaking:
                console.print(f"  [red]breaking:[/] {escape(change.text)}")
    verdict = "[green]Check passed.[/]" if report.ok else "[red]Check failed.[/]"
    if report.breaking:
        verdict += f" {len(report.breaking)} breaking change(s): release them deliberately (docs/releases.md)."
    console.print(verdict)


def table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    result = Table(title=title, title_justify="left")
    for column in columns:
        result.add_column(column, overflow="fold")  # stamps and paths must stay whole to be copied
    for row in rows:
        result.add_row(*(escape(str(cell)) for cell in row))
    return result
