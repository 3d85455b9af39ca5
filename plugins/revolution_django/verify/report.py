"""What verify found, per zone and operation, as data (`--json`) and as text for a terminal."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

KIND_TITLES = {
    "undocumented_status": "undocumented status",
    "response_mismatch": "response does not match the schema",
    "undocumented_body": "body where the schema documents none",
    "content_type": "undocumented content type",
    "server_error": "server error",
}


@dataclass
class Finding:
    """One distinct problem of an operation (repeated requests that hit it are counted, not repeated)."""

    kind: str
    status: int
    message: str
    fix: str
    request: str
    response: str = ""
    view: str | None = None
    serializer: str | None = None
    count: int = 1
    allowed: bool = False
    reason: str = ""


@dataclass
class OperationResult:
    operation: str
    method: str
    path: str
    requests: int = 0
    planned: int = 0
    statuses: dict[str, int] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    note: str = ""
    skipped: bool = False
    view: str | None = None

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def failing(self) -> list[Finding]:
        return [f for f in self.findings if not f.allowed]


@dataclass
class ZoneResult:
    zone: str
    seconds: float = 0.0
    operations: list[OperationResult] = field(default_factory=list)
    credentials: str = ""
    schema_sha256: str = ""  # of the verified document as canonical JSON (sorted keys, no spaces)
    note: str = ""
    unused_allow: list[str] = field(default_factory=list)

    @property
    def failing(self) -> list[Finding]:
        return [f for op in self.operations for f in op.failing]


@dataclass
class VerifyReport:
    seed: int
    examples: int
    budget: float
    zones: list[ZoneResult] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not any(zone.failing for zone in self.zones)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        for zone, zone_data in zip(self.zones, data["zones"], strict=True):
            zone_data["ok"] = not zone.failing
            zone_data["problems"] = len(zone.failing)
        return data


def render(report: VerifyReport, console: Any, verbosity: int = 1) -> None:
    """A section per zone (see `render_zone`), then a summary line."""
    for zone in report.zones:
        render_zone(zone, console, verbosity)
    render_summary(report, console)


def render_zone(zone: ZoneResult, console: Any, verbosity: int = 1) -> None:
    """The zone's line, then each operation with findings (view, serializer, fix, reproducing request) or
    that was never answered with success; `verbosity` 2 lists the operations that passed too."""
    from rich.markup import escape

    failing = zone.failing
    mark = "[green]✓[/]" if not failing else "[red]✗[/]"
    requests = sum(op.requests for op in zone.operations)
    via = f", as {escape(zone.credentials)}" if zone.credentials else ""
    console.print(f"{mark} zone [cyan]{escape(zone.zone)}[/]: {len(zone.operations)} operation(s), "
                  f"{requests} request(s){via} [dim]{zone.seconds:.1f}s[/]")
    if zone.note:
        console.print(f"    [yellow]{escape(zone.note)}[/]")
    for op in zone.operations:
        _render_operation(op, console, verbosity, escape)
    for entry in zone.unused_allow:
        console.print(f"    [yellow]allow-list entry matched nothing (remove it?):[/] {escape(entry)}")


def render_summary(report: VerifyReport, console: Any) -> None:
    problems = sum(len(zone.failing) for zone in report.zones)
    allowed = sum(1 for zone in report.zones for op in zone.operations for f in op.findings if f.allowed)
    extra = f", {allowed} allowed" if allowed else ""
    operations = [op for zone in report.zones for op in zone.operations if not op.skipped]
    unverified = sum(1 for op in operations if unverified_operation(op))
    if unverified:
        extra += (f"; {unverified} of {len(operations)} operation(s) not verified (never answered with success: "
                  "see `not verified` above)")
    if problems:
        console.print(f"[red]verify: {problems} problem(s){extra}[/] (seed {report.seed}, {report.seconds:.1f}s): "
                      "the zones above do not do what their schemas say")
    elif unverified:  # nothing contradicted the schemas, but that says little where nothing was checked
        console.print(f"[yellow]verify: no mismatch found{extra}[/] (seed {report.seed}, {report.seconds:.1f}s)")
    else:
        console.print(f"[green]verify: every zone's responses match its schema[/]{extra} "
                      f"(seed {report.seed}, {report.seconds:.1f}s)")


def unverified_operation(op: OperationResult) -> bool:
    """Requests were sent but none was answered with success, so no documented response was checked."""
    return bool(op.statuses) and not any(200 <= int(code) < 400 for code in op.statuses)


def _render_operation(op: OperationResult, console: Any, verbosity: int, escape: Any) -> None:
    if op.skipped:
        if verbosity >= 2:
            console.print(f"    [dim]- {escape(op.label)} ({escape(op.operation)}): skipped ({escape(op.note)})[/]")
        return
    if not op.findings and not op.note:
        if verbosity >= 2:
            console.print(f"    [green]✓[/] {escape(op.label)} ({escape(op.operation)}) "
                          f"[dim]{op.requests} request(s)[/]")
        return
    head = "[red]✗[/]" if op.failing else "[yellow]![/]"
    console.print(f"    {head} {escape(op.label)} ({escape(op.operation)}) [dim]{op.requests} request(s)[/]")
    if op.note:
        console.print(f"        [yellow]not verified:[/] {escape(op.note)}")
    for finding in op.findings:
        tag = "[yellow]allowed[/]" if finding.allowed else "[red]problem[/]"
        times = f" x{finding.count}" if finding.count > 1 else ""
        console.print(f"        {tag} {KIND_TITLES.get(finding.kind, finding.kind)} {finding.status}{times}: "
                      f"{escape(finding.message)}")
        if finding.allowed and finding.reason:
            console.print(f"            reason: {escape(finding.reason)}")
        if finding.view:
            console.print(f"            view: {escape(finding.view)}")
        if finding.serializer:
            console.print(f"            serializer: {escape(finding.serializer)}")
        if not finding.allowed:
            console.print(f"            fix: {escape(finding.fix)}")
        console.print(f"            request: {escape(finding.request)}", soft_wrap=True)
        if finding.response and verbosity >= 1:
            console.print(f"            response: {escape(finding.response)}", soft_wrap=True)
