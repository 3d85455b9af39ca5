"""How a run looks: a rich spinner and a line per finished step on a terminal, plain lines
elsewhere, nothing but the JSON report with `--json`."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path
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
    """Prints each finished step; on a terminal a spinner shows what is still running.

    What it shows depends on `verbosity`: 2 (`-v`) every step, 1 every step but unchanged whole-run ones,
    0 (`-q`) and below failures only. Each failure is explained once: a paragraph repeated for several
    zones (one cause failing a whole batch, say) is printed for the first and pointed to after that.
    `shown` keeps what was printed, so the summary counts exactly that."""

    def __init__(self, console: Console, verbosity: int = 1) -> None:
        self.console = console
        self.verbosity = verbosity
        self.shown: list[StepResult] = []
        self._explained: dict[str, str] = {}  # the paragraph, its zone placeholder-ed -> where it was shown
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

    def visible(self, step: StepResult) -> bool:
        if step.status == "failed":
            return True
        if self.verbosity <= 0:
            return False
        return not (step.status == "unchanged" and self.verbosity < 2 and step.zone is None)

    def step_finished(self, step: StepResult) -> None:
        with self._lock:
            self._running.pop((step.stage, step.plugin, step.zone), None)
            self._refresh()
            if not self.visible(step):
                return
            self.shown.append(step)
            timing = f" [dim]{step.seconds:.2f}s[/]" if step.seconds else ""
            note = " [dim](unchanged)[/]" if step.status == "unchanged" else ""
            label = step_label(step.stage, step.plugin, step.zone)
            paragraph = None
            if step.status == "failed" and step.error:
                key = _without_zone(step.error, step.zone)
                first = self._explained.get(key)
                if first is None:
                    self._explained[key] = f"zone {step.zone}" if step.zone else f"{step.stage} {step.plugin}"
                    paragraph = step.error
                else:
                    note = f" [dim](the same failure as {escape(first)}, above)[/]"
            self.console.print(f"{SYMBOLS[step.status]} {label}{note}{timing}")
            for warning in step.warnings if self.verbosity >= 1 else ():
                self.console.print(f"    [yellow]warning:[/] {escape(warning)}")
            if paragraph:
                self.console.print(f"    [red]{escape(paragraph)}[/]")

    def message(self, text: str) -> None:
        if self.verbosity > 0:
            self.console.print(escape(text))

    def close(self) -> None:
        if self._status is not None:
            self._status.stop()
            self._status = None


def _without_zone(error: str, zone: str | None) -> str:
    """The failure with its zone's name taken out, so one cause failing several zones compares equal."""
    return error.replace(f"zone '{zone}'", "zone ''") if zone else error


def print_summary(console: Console, report: RunReport, shown: Sequence[StepResult] | None = None,
                  project_root: Path | None = None, verbosity: int = 1) -> None:
    """One line: how it went, counting the steps that were printed (`shown`; every step when None), the
    failed steps named (their explanation was printed with them, once); then where the outputs are.
    `-q` (verbosity 0) prints only a failed run's line; below that, nothing."""
    if verbosity < 0 or (verbosity == 0 and report.ok):
        return
    steps = report.steps if shown is None else shown
    counts: dict[str, int] = {}
    for step in steps:
        counts[step.status] = counts.get(step.status, 0) + 1
    parts = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    if report.ok:
        console.print(f"[green]Done[/] in {report.seconds:.2f}s: {parts or 'nothing to do'}.")
    else:
        console.print(f"[red]Failed[/] after {report.seconds:.2f}s: {parts}; failed: {failed_text(report)}.")
    where = outputs_text(report, project_root) if verbosity > 0 else ""
    if where:
        console.print(f"Outputs: {escape(where)}", highlight=False)


def failed_text(report: RunReport) -> str:
    """`generator kotlin (zones a, b), sync target copy`: what failed, grouped."""
    groups: dict[str, list[str]] = {}
    for step in report.failures:
        zones = groups.setdefault(f"{step.stage} {step.plugin}", [])
        if step.zone:
            zones.append(step.zone)
    return ", ".join(f"{name} (zone{'s' if len(zones) > 1 else ''} {', '.join(zones)})" if zones else name
                     for name, zones in groups.items())


OUTPUT_NAMES = {"schema producer": "schemas", "archiver": "archives"}


def outputs_text(report: RunReport, project_root: Path | None) -> str:
    """Where this run's outputs are, one place per stage and plugin: `schemas openapi/schemas/, typescript
    clients/typescript/, ...` (relative to the current directory when inside it)."""
    places: dict[str, list[str]] = {}
    for step in report.steps:
        if step.status in ("ok", "unchanged") and step.outputs:
            name = OUTPUT_NAMES.get(step.stage, step.plugin)
            places.setdefault(name, []).extend(step.outputs)
    shown = []
    for name, outputs in places.items():
        common = Path(os.path.commonpath(outputs))
        if not (project_root or Path()).joinpath(common).is_dir():
            common = common.parent  # one file (a single archive, say): its folder
        shown.append(f"{name} {_display(common, project_root)}")
    return ", ".join(shown)


def _display(path: Path, project_root: Path | None) -> str:
    absolute = path if path.is_absolute() or project_root is None else project_root / path
    try:
        relative = absolute.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return f"{absolute}/"
    return "./" if relative == "." else f"{relative}/"


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


STAGE_OUTPUTS = {"schema producer": "schemas", "archiver": "archives"}
STAGE_ORDER = ("zone source", "schema producer", "generator", "archiver", "sync target")


def completed_text(report: RunReport | None) -> str:
    """What a run completed, grouped: `schemas (shop, admin), kotlin clients (shop), kotlin package`."""
    groups: dict[tuple[int, str, int, str], list[str]] = {}
    for step in report.steps if report is not None else ():
        if step.status not in ("ok", "unchanged"):
            continue
        rank = STAGE_ORDER.index(step.stage) if step.stage in STAGE_ORDER else len(STAGE_ORDER)
        if step.stage == "generator":  # generators run in parallel: grouped by name, not by finishing order
            key = (rank, step.plugin, 0 if step.zone else 1,
                   f"{step.plugin} clients" if step.zone else f"{step.plugin} package")
        else:
            key = (rank, step.plugin, 0, STAGE_OUTPUTS.get(step.stage, f"{step.stage} {step.plugin}"))
        zones = groups.setdefault(key, [])
        if step.zone and step.zone not in zones:
            zones.append(step.zone)
    if not groups:
        return "nothing was completed"
    return "completed " + ", ".join(f"{key[3]} ({', '.join(zones)})" if zones else key[3]
                                    for key, zones in sorted(groups.items()))


def interrupt_line(exc: BaseException) -> str:
    """The one line an interrupted run ends with (no traceback): the signal, the stage it stopped in,
    what was completed, and what was kept. `exc` is the `KeyboardInterrupt` (an `interrupts.RunInterrupted`
    from the pipeline carries the report and the stage)."""
    from revolution_core.interrupts import signal_name, signal_of

    stage = getattr(exc, "stage", None)
    where = f" during the {stage} stage" if stage and stage != "start" else " before any output was written"
    done = completed_text(getattr(exc, "report", None))
    return (f"Interrupted ({signal_name(signal_of(exc))}){where}: {done}; everything else keeps its last good "
            "output, nothing is half-written. Run again to finish.")


def interrupt_exit_code(exc: BaseException) -> int:
    """130 for SIGINT (Ctrl-C), 143 for SIGTERM: 128 + the signal number, as shells report it."""
    from revolution_core.interrupts import signal_of

    return 128 + signal_of(exc)


def print_interrupted(exc: BaseException, json_output: bool = False) -> int:
    """Say that the run was interrupted (the line on stderr; with `--json`, the report on stdout too)
    and return the exit code."""
    import json

    from revolution_core.commands import make_console

    report = getattr(exc, "report", None)
    if json_output:
        from revolution_core.interrupts import signal_name, signal_of

        payload = report.to_dict() if report is not None else {"ok": False}
        payload.update(ok=False, interrupted=signal_name(signal_of(exc)))
        print(json.dumps(payload, indent=2), flush=True)
    make_console(stderr=True).print(f"[yellow]{escape(interrupt_line(exc))}[/]", highlight=False)
    return interrupt_exit_code(exc)


def table(title: str, columns: list[str], rows: list[list[str]]) -> Table:
    result = Table(title=title, title_justify="left")
    for column in columns:
        result.add_column(column, overflow="fold")  # stamps and paths must stay whole to be copied
    for row in rows:
        result.add_row(*(escape(str(cell)) for cell in row))
    return result
