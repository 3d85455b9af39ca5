"""Generator `python`: per zone a `models.py` (datamodel-code-generator, in-process) plus a typed
sync and async httpx client rendered from templates; per run the shared runtime, the consolidated
`API`/`AsyncAPI` entry point, `py.typed` and `pyproject.toml` (see `finalize`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import BaseModel

from revolution_core import hookimpl
from revolution_core.errors import RevolutionError
from revolution_core.models import GenerationJob, Zone, ZoneOutput
from revolution_core.outputs import source_fingerprint
from revolution_core.stages import Generator, RunContext
from revolution_python.options import PythonOptions, PythonZoneOptions, refresh_path_for

BASE_DEPENDENCIES = ("httpx>=0.27", "pydantic>=2.14")  # pydantic.MISSING: "not sent"
# What `API` / `AsyncAPI` (templates/package_init.py.jinja) define besides one attribute per zone.
API_MEMBERS = frozenset({"tokens", "set_token", "set_credentials", "clear_token", "close", "aclose"})


class PythonGenerator(Generator):
    name = "python"
    Options = PythonOptions
    ZoneOptions = PythonZoneOptions
    default = True

    @property
    def run_options(self) -> PythonOptions:
        assert isinstance(self.options, PythonOptions)
        return self.options

    def version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            tool = version("datamodel-code-generator")
        except PackageNotFoundError:
            tool = "missing"
        from revolution_core import packaging, security

        # templates, runtime, the core's reading of `security` and the generated notice shape the output too
        own = source_fingerprint(Path(__file__).parent, Path(security.__file__), Path(packaging.__file__))
        formatter = f".ruff.{self._ruff_version()}" if self.run_options.formatter == "ruff" else ""
        return f"{super().version()}+datamodel-code-generator.{tool}{formatter}.{own}"

    def _ruff_version(self) -> str:
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("ruff")
        except PackageNotFoundError:
            return "missing"

    def zone_path(self, zone: Zone, options: BaseModel) -> PurePosixPath:
        return PurePosixPath(self.run_options.module) / zone.name

    def generate(self, jobs: Sequence[GenerationJob], ctx: RunContext) -> Mapping[str, BaseException]:
        """Every zone's files, then (formatter "ruff") one ruff pass over all of them, then written. Large
        runs: a process per zone (see `parallel`), then the same ruff pass."""
        from revolution_python.parallel import worth_processes

        if worth_processes(jobs, ctx.max_workers):
            return self._generate_in_processes(jobs, ctx)
        failures: dict[str, BaseException] = {}
        made: dict[str, tuple[GenerationJob, dict[str, bytes]]] = {}
        for job in jobs:
            try:
                made[job.zone.name] = (job, self.zone_files(job, ctx))
            except Exception as exc:  # attributed to the zone by the pipeline
                failures[job.zone.name] = exc
        if self.run_options.formatter == "ruff" and made:
            from revolution_python.formatting import format_files

            together = {f"{zone}/{rel}": data for zone, (_, files) in made.items() for rel, data in files.items()}
            formatted = format_files(together, self.run_options.target_python_version)
            made = {zone: (job, {rel: formatted[f"{zone}/{rel}"] for rel in files})
                    for zone, (job, files) in made.items()}
        for job, files in made.values():
            for relative, data in files.items():
                target = job.out_dir / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)
        return failures

    def _generate_in_processes(self, jobs: Sequence[GenerationJob], ctx: RunContext) -> dict[str, BaseException]:
        from revolution_python.parallel import generate_in_processes

        failures: dict[str, BaseException] = {}
        for job in jobs:
            try:
                self._check_zone_name(job)
            except RevolutionError as exc:
                failures[job.zone.name] = exc
        todo = [job for job in jobs if job.zone.name not in failures]
        ctx.log(f"python generator: {len(todo)} zone(s) in up to {ctx.max_workers} processes")
        for zone, outcome in generate_in_processes(todo, self.run_options, ctx.max_workers).items():
            if isinstance(outcome, BaseException):
                failures[zone] = outcome
                continue
            for warning in outcome:
                ctx.log(f"python generator, zone '{zone}': {warning}")
        if self.run_options.formatter == "ruff":
            self._format_written([job for job in todo if job.zone.name not in failures])
        return failures

    def _format_written(self, jobs: Sequence[GenerationJob]) -> None:
        """The ruff pass over files the workers wrote (the same pass `generate` makes in-process)."""
        from revolution_python.formatting import format_files

        together = {f"{job.zone.name}/{path.relative_to(job.out_dir).as_posix()}": path.read_bytes()
                    for job in jobs for path in sorted(job.out_dir.rglob("*")) if path.is_file()}
        formatted = format_files(together, self.run_options.target_python_version)
        outs = {job.zone.name: job.out_dir for job in jobs}
        for key, data in formatted.items():
            zone, _, relative = key.partition("/")
            if data != together[key]:
                (outs[zone] / relative).write_bytes(data)

    def _check_zone_name(self, job: GenerationJob) -> None:
        if job.zone.name in API_MEMBERS:
            raise RevolutionError(
                f"python generator: zone '{job.zone.name}' cannot be an attribute of the Python API class, which "
                f"already has {', '.join(sorted(API_MEMBERS))}; rename the zone (e.g. '{job.zone.name}_api')"
            )

    def zone_files(self, job: GenerationJob, ctx: RunContext) -> dict[str, bytes]:
        from revolution_python.zone import zone_files

        options = job.options
        assert isinstance(options, PythonZoneOptions)
        self._check_zone_name(job)
        files, warnings = zone_files(job.zone, job.schema.document, self.run_options, options)
        for warning in warnings:
            ctx.log(f"python generator, zone '{job.zone.name}': {warning}")
        return files

    def finalize(self, zones: Sequence[ZoneOutput], ctx: RunContext) -> Mapping[str, bytes]:
        from revolution_core.release import changelog_markdown
        from revolution_python.render import render, runtime_files
        from revolution_python.security import credential_fields, package_schemes, scheme_literal

        options = self.run_options
        module = options.module
        names = sorted(output.zone.name for output in zones)
        schemes = package_schemes([output.schema.document for output in sorted(zones, key=lambda o: o.zone.name)
                                   if output.schema], options.token_keyword)
        context: dict[str, Any] = {
            "package_name": options.package_name,
            "module": module,
            "zones": names,
            "version": options.package_version or (ctx.release.version if ctx.release else None)
            or ctx.config.project_version or "0.1.0",
            "description": options.description or f"Typed Python client for the API zones {', '.join(names)}.",
            "refresh_path": refresh_path_for(
                options.refresh_path, [output.schema.document for output in zones if output.schema]
            ),
            "schemes": [(scheme.name, scheme_literal(scheme)) for scheme in schemes],
            "credentials": credential_fields(schemes),
            "timeout": options.timeout,
            "max_retries": options.max_retries,
            "python": options.target_python_version,
            "dependencies": dependencies(output.options for output in zones),
        }
        files = {
            "pyproject.toml": render("pyproject.toml.jinja", **context),
            "README.md": render("README.md.jinja", **context),
            f"{module}/__init__.py": render("package_init.py.jinja", **context),
            f"{module}/py.typed": "",
        }
        if ctx.release is not None:
            files["CHANGELOG.md"] = changelog_markdown(ctx.release, options.package_name)
        out = {path: text.encode("utf-8") for path, text in files.items()}
        out.update({f"{module}/_runtime/{name}": data for name, data in runtime_files().items()})
        if options.formatter == "ruff":  # cached by content: ruff runs only when these files change
            from revolution_python.formatting import format_files

            out = format_files(out, options.target_python_version)
        return out


def dependencies(zone_options: Iterable[BaseModel]) -> list[str]:
    """What the distribution needs at run time, given every zone's model choices."""
    chosen = [options for options in zone_options if isinstance(options, PythonZoneOptions)]
    extra = []
    if any(options.output_model_type == "typing.TypedDict" for options in chosen):
        extra.append("typing-extensions>=4.7")
    if any(not options.email_as_str for options in chosen):
        extra.append("email-validator>=2")
    return [*BASE_DEPENDENCIES, *extra]


@hookimpl
def revolution_register_generators() -> list[type[Generator]]:
    return [PythonGenerator]


@hookimpl
def revolution_preload() -> None:
    """datamodel-code-generator and our templates, warmed up on a small zone (`revolution watch`, see
    `revolution_python.warmup`)."""
    from revolution_python.warmup import warm_up

    warm_up()
