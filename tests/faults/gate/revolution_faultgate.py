"""A test-only observer plugin (tests/faults): with FAULTS_GATE=<event>:<value> it holds the run when the
event happens, so the suite can send a signal at a known moment of a real run instead of guessing with
sleeps. It touches FAULTS_GATE_FILE when it starts holding, and holds until the run is interrupted (it
watches `revolution_core.interrupts.cancelled()`, as a well-behaved long-running plugin does) or 120 s
pass. Events: `stage:<stage name>` (revolution_stage_started), `schema:<zone>` (revolution_schema_produced),
`client:<generator>` (revolution_client_generated). Without FAULTS_GATE it does nothing."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

from revolution_core import hookimpl, interrupts


def _hold(event: str, value: str) -> None:
    if os.environ.get("FAULTS_GATE") != f"{event}:{value}":
        return
    marker = Path(os.environ["FAULTS_GATE_FILE"])
    if marker.exists():  # hold once per run
        return
    marker.write_text(f"{event}:{value}\n", encoding="utf-8")
    deadline = time.monotonic() + 120
    while not interrupts.cancelled() and time.monotonic() < deadline:
        time.sleep(0.02)


@hookimpl
def revolution_stage_started(stage: str, zones: list[str]) -> None:
    _hold("stage", stage)


@hookimpl
def revolution_schema_produced(zone: Any, schema: Any) -> None:
    _hold("schema", zone.name)


@hookimpl
def revolution_client_generated(zone: Any, client: Any) -> None:
    _hold("client", client.generator)
