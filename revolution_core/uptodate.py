"""The fingerprint around a run (see `revolution_core.fingerprint`): the key of a run, what the core and
the plugins declare as inputs, which zones' schemas can be reused, and recording a successful run.

Used by `revolution run`, `revolution watch` and plugin commands that run the pipeline.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revolution_core.fingerprint import Check, Declared, Fingerprint, InputDeclaration

if TYPE_CHECKING:
    from revolution_core.config import RevolutionConfig
    from revolution_core.models import RunReport
    from revolution_core.pipeline import Pipeline, RunOptions
    from revolution_core.plugins import Registry


def run_key(*, entry: str = "cli", config_file: Path | None = None, zones: list[str] | None = None,
            generators: list[str] | None = None, archive: bool = True, sync: bool = True, strict: bool = False,
            schemas_only: bool = False, allow: Iterable[str] = (), deny: Iterable[str] = ()) -> dict[str, Any]:
    """What a run was asked to do (the options that change its result): runs with different keys never
    stand for each other. Built from plain values so that checking loads nothing heavy."""
    return {
        "entry": entry,
        "config_file": str(config_file.resolve()) if config_file else None,
        "zones": zones,
        "generators": generators,
        "archivers": archive,
        "sync": sync,
        "strict": strict,
        "schemas_only": schemas_only,
        "allow": sorted(allow),
        "deny": sorted(deny),
    }


def _package_dir(module_name: str) -> Path | None:
    """The directory of a module's top-level package (or the module's file), if it has one."""
    top = sys.modules.get(module_name.split(":")[0].split(".")[0])
    file = getattr(top, "__file__", None)
    if not file:
        return None
    path = Path(file)
    return path.parent if path.name == "__init__.py" else path


def core_declaration(config: RevolutionConfig, registry: Registry, config_file: Path | None) -> InputDeclaration:
    """The core's own inputs: its code and every loaded plugin's (templates included: in a development
    install their version does not change when they do), the configuration file, and `inputs`."""
    trees: list[Path] = []
    files: list[Path] = []
    for name in ["revolution_core", *(p.module for p in registry.loaded if not p.disabled and not p.error)]:
        where = _package_dir(name)
        if where is not None:
            (trees if where.is_dir() else files).append(where)
    for plugin in registry.pm.get_plugins():
        file = getattr(plugin, "__file__", None) or getattr(
            sys.modules.get(getattr(plugin, "__module__", "") or ""), "__file__", None)
        if file:
            files.append(Path(file))
    if config_file is not None:
        files.append(config_file)
    root = config.project_root
    patterns = tuple(str(root / pattern) for pattern in config.inputs.files)
    return InputDeclaration(trees=tuple(trees), suffixes=("*",), files=tuple(files), patterns=patterns,
                            environment=tuple(config.inputs.environment))


def declare(config: RevolutionConfig, registry: Registry, config_file: Path | None,
            log: Callable[[str], None]) -> Declared | None:
    """Every input the core and the plugins know of; None when a plugin failed to say (then no run is
    ever skipped on the strength of an incomplete list)."""
    from revolution_core.plugins import plain_hookimpls

    declared = Declared()
    declared.add(core_declaration(config, registry, config_file))
    pm = registry.pm
    for impl in plain_hookimpls(pm, "revolution_fingerprint_inputs"):
        plugin = pm.get_name(impl.plugin) or "?"
        try:
            result = impl.function(**{name: config for name in impl.argnames if name == "config"})
        except Exception as exc:
            log(f"plugin '{plugin}' failed declaring its inputs (revolution_fingerprint_inputs: "
                f"{type(exc).__name__}: {exc}); the next run will redo all the work")
            return None
        if isinstance(result, InputDeclaration):
            declared.add(result)
        elif result is not None:
            log(f"plugin '{plugin}': revolution_fingerprint_inputs returned {type(result).__name__}, not an "
                "InputDeclaration; the next run will redo all the work")
            return None
    return declared


def output_paths(config: RevolutionConfig, report: RunReport) -> list[Path]:
    """Everything the run wrote: the core's output directories and every step's outputs."""
    paths = {config.schemas_dir, config.clients_dir}
    for step in report.steps:
        for output in step.outputs:
            path = Path(output)
            paths.add(path if path.is_absolute() else config.project_root / path)
    return sorted(path for path in paths if path.exists())


@dataclass
class RunFingerprint:
    """One run's use of the fingerprint: checked before the run, recorded after it."""

    fingerprint: Fingerprint
    check: Check
    config_file: Path | None = None

    @classmethod
    def start(cls, project: Path, key: Mapping[str, Any], *, config_file: Path | None = None,
              force: bool = False) -> RunFingerprint:
        fingerprint = Fingerprint(project, key)
        check = Check(None, reason="--force") if force else fingerprint.check()
        return cls(fingerprint, check, config_file)

    def reusable_schemas(self, config: RevolutionConfig, options: RunOptions) -> frozenset[str]:
        """Zones whose schema inputs did not change since the last successful run."""
        if self.check.state is None or options.force or options.clean:
            return frozenset()
        zones = options.zones or list(config.zones)
        return frozenset(zones) - self.check.affected_zones(zones)

    def record(self, config: RevolutionConfig, registry: Registry, pipeline: Pipeline, report: RunReport,
               log: Callable[[str], None]) -> None:
        if not report.ok:
            self.fingerprint.forget()
            return
        declared = declare(config, registry, self.config_file, log)
        if declared is None:
            self.fingerprint.forget()
            return
        zones = report.zones or tuple(config.zones)
        zone_inputs = self.fingerprint.merge_zone_inputs(pipeline.zone_inputs, zones)
        self.fingerprint.record(declared, zone_inputs, output_paths(config, report), report.to_dict())
