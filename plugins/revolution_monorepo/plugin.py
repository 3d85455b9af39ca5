"""The `monorepo` sync target: for each enabled `MonorepoConfig`, replace `<path>/<api_package_path>`
with the generated TypeScript package (and `<python_package_path>` with the Python one if asked),
then run the optional post-sync command. Every target is checked before anything is written. A target
that already holds the package byte for byte is left alone: nothing is copied and the post-sync command
does not run (unless it failed last time). It runs by itself once a target is configured
(`get_revolution_config(monorepo=...)`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from revolution_core import hookimpl
from revolution_core.errors import RevolutionError
from revolution_core.models import PackageOutput, RunOutputs, SyncResult
from revolution_core.stages import RunContext, SyncTarget
from revolution_monorepo.config import MonorepoConfig, MonorepoOptions


@dataclass(frozen=True)
class _Copy:
    label: str
    source: PackageOutput
    target: Path
    relative: str
    extra: dict[str, bytes]


@dataclass(frozen=True)
class _Target:
    where: str
    config: MonorepoConfig
    root: Path
    copies: tuple[_Copy, ...]
    version: str


class MonorepoSync(SyncTarget):
    name = "monorepo"
    Options = MonorepoOptions

    @classmethod
    def selected_by_default(cls, options: BaseModel) -> bool:
        return isinstance(options, MonorepoOptions) and any(target.enabled for target in options.targets)

    def sync(self, outputs: RunOutputs, ctx: RunContext) -> list[SyncResult]:
        options = self.options
        assert isinstance(options, MonorepoOptions)
        enabled = [(i, t) for i, t in enumerate(options.targets) if t.enabled]
        if not enabled:
            raise RevolutionError(
                "sync target 'monorepo' is selected but no enabled monorepo is configured; pass "
                "monorepo=MonorepoConfig(path=..., api_package_path='packages/api') to get_revolution_config "
                "(or remove 'monorepo' from sync_targets)"
            )
        schema_hashes = {zone: schema.sha256 for zone, schema in outputs.schemas.items()}
        targets = [self._plan(f"monorepo[{i}]", t, outputs, schema_hashes, ctx)
                   for i, t in enabled]
        results: list[SyncResult] = []
        for target in targets:
            results.extend(self._sync_target(target, options, ctx))
        return results

    def _sync_target(self, target: _Target, options: MonorepoOptions, ctx: RunContext) -> list[SyncResult]:
        """Copy what changed; run the post-sync command only when something was copied (or it failed last
        time). A target that already holds the package is left alone: 0 files copied, no command run."""
        from revolution_monorepo import sync as copying

        changed = [copy for copy in target.copies if not copying.holds(copy.target, copy.source, copy.extra)]
        for copy in changed:
            count = copying.replace_dir(copy.source, copy.target, copy.extra)
            ctx.log(f"monorepo: synced {copy.label} package ({count} files) into {copy.target}")
            warning = copying.workspace_warning(target.root, copy.relative) if copy.extra else None
            if warning:
                ctx.log(f"monorepo: warning: {warning}")
        detail = f"version {target.version}"
        if not changed:
            detail += "; unchanged (0 files copied)"
        command = target.config.post_sync_command
        first = target.copies[0].target
        retry = command is not None and copying.post_sync_pending(first)
        if command and (changed or retry):
            try:
                lines = copying.run_post_sync(command, target.root, options.post_sync_timeout, ctx.log, target.where)
            except RevolutionError:
                copying.mark_post_sync(first, True, command)
                raise
            copying.mark_post_sync(first, False, command)
            detail += f"; `{command}` ok ({len(lines)} lines of output)"
        elif command:
            detail += f"; `{command}` not run (nothing changed)"
        ran = bool(changed) or retry
        return [SyncResult(self.name, copy.target, detail, changed=ran) for copy in target.copies]

    def _plan(self, where: str, config: MonorepoConfig, outputs: RunOutputs, schema_hashes: dict[str, str],
              ctx: RunContext) -> _Target:
        """Check one target completely (paths, names, sources) without writing anything."""
        from revolution_monorepo import paths
        from revolution_monorepo import sync as copying

        root = paths.monorepo_root(config.path, ctx.project_root, where)
        if config.package_name is not None:
            paths.check_npm_name(config.package_name, f"{where}.package_name")
        ts_source = _source(outputs, "typescript", where, "TypeScript")
        ts_target = paths.package_dir(root, config.api_package_path, f"{where}.api_package_path")
        digest = copying.fingerprint(ts_source, schema_hashes)
        version, manifest = copying.package_json(ts_source, config.package_name, ctx.config.project_version,
                                                 digest, where)
        paths.check_npm_name(json.loads(manifest)["name"], f"{where}.package_name")
        copies = [_Copy("TypeScript", ts_source, ts_target, config.api_package_path, {"package.json": manifest})]
        if config.include_python:
            py_source = _source(outputs, "python", where, "Python")
            relative = config.python_package_path or f"{config.api_package_path.rstrip('/')}-python"
            py_target = paths.package_dir(root, relative, f"{where}.python_package_path")
            if paths.overlaps(py_target, ts_target):
                raise RevolutionError(
                    f"{where}.python_package_path {relative!r} overlaps api_package_path "
                    f"{config.api_package_path!r}; give the Python package its own directory"
                )
            copies.append(_Copy("Python", py_source, py_target, relative, {}))
        for copy in copies:
            if paths.overlaps(copy.target, copy.source.root.resolve()):
                raise RevolutionError(
                    f"{where}: the target {copy.target} overlaps the generated {copy.label} package "
                    f"{copy.source.root}; sync into a directory of its own"
                )
        return _Target(where, config, root, tuple(copies), version)


def _source(outputs: RunOutputs, generator: str, where: str, label: str) -> PackageOutput:
    package = outputs.packages.get(generator)
    if package is None or not package.files:
        raise RevolutionError(
            f"{where}: there is no generated {label} package to sync (clients/{generator} is missing); "
            f"select the '{generator}' generator for at least one zone"
            + (" or set include_python=False" if generator == "python" else "")
        )
    return package


@hookimpl
def revolution_register_sync_targets() -> list[type[SyncTarget]]:
    return [MonorepoSync]
