"""What we are measured against: the same tools run the usual way (raw CLIs), and the cheapest sequence of
the same tools (the floor).

The floor's rule: each tool is driven in-process, in as few processes as possible, one step after the
other, doing the same work as our cold run: all schemas from one Django process with drf-spectacular's
`SchemaGenerator` (written as the JSON the next tools read); then ONE node process running @hey-api/openapi-ts
over an array of configs, and ONE `tsc -p tsconfig.json --noCheck` over the TypeScript package our run
generated (its sources, without dist/: our run compiles dist/ the same way, emit without a type check); then
ONE Python process calling datamodel-code-generator's `generate()` for each zone with the settings our
generator uses (no formatter: ours formats with ruff afterwards), writing each zone's models.py into a copy
of the Python package our run generated, and ONE `ruff format` over that package. It gets no concurrency:
running steps at the same time on several cores is an engineering choice of ours, not a property of the
tools, so it counts for us, not for the floor. It also skips what we do on top (YAML copies, normalization,
typed HTTP clients, the `ruff check --fix` pass, archives).
"""

from __future__ import annotations

import os
import shutil
import sys
import textwrap
from dataclasses import dataclass
from pathlib import Path

from measure import Measured, measure

BIN = Path(sys.executable).parent


@dataclass
class Project:
    label: str
    directory: Path
    zones: dict[str, tuple[list[str], list[str]]]  # zone -> (apps, generators)
    env: dict[str, str]
    output_root: Path


def write_urlconfs(project: Project, where: Path) -> None:
    where.mkdir(parents=True, exist_ok=True)
    for zone, (apps, _) in project.zones.items():
        includes = ", ".join(f'path("api/{zone}/", include("{app}.urls"))' for app in apps)
        (where / f"bench_urls_{zone}.py").write_text(
            f"from django.urls import include, path\n\nurlpatterns = [{includes}]\n"
        )


def _env(project: Project, work: Path) -> dict[str, str]:
    return project.env | {"PYTHONPATH": os.pathsep.join([str(work / "urlconfs"), project.env.get("PYTHONPATH", "")])}


def raw(project: Project, work: Path, node_modules: Path) -> float:
    """What a hand-rolled script does: three CLI launches per zone, each tool with its defaults."""
    total = 0.0
    env = _env(project, work)
    for zone, (_, generators) in project.zones.items():
        schema = work / "raw" / f"{zone}.yaml"
        schema.parent.mkdir(parents=True, exist_ok=True)
        total += measure(
            [sys.executable, "manage.py", "spectacular", "--urlconf", f"bench_urls_{zone}", "--file", str(schema)],
            project.directory, env).seconds
        if "typescript" in generators:
            total += measure(
                [str(node_modules / ".bin" / "openapi-ts"), "-i", f"./raw/{zone}.yaml", "-o", f"./raw/ts/{zone}",
                 "-c", "@hey-api/client-fetch"], work, env).seconds
        if "python" in generators:
            total += measure(
                [str(BIN / "datamodel-codegen"), "--input", str(schema), "--input-file-type", "openapi",
                 "--output", str(work / "raw" / f"{zone}_models.py"), "--output-model-type",
                 "pydantic_v2.BaseModel", "--disable-timestamp"], work, env).seconds
    return total


FLOOR_SCHEMAS = textwrap.dedent("""\
    import json, sys, django
    django.setup()
    from drf_spectacular.generators import SchemaGenerator
    for zone in sys.argv[2:]:
        schema = SchemaGenerator(urlconf=f"bench_urls_{zone}").get_schema(request=None, public=True)
        with open(f"{sys.argv[1]}/{zone}.json", "w") as handle:
            json.dump(schema, handle, default=str)
""")
FLOOR_MODELS = textwrap.dedent("""\
    import json, sys
    from pathlib import Path
    from datamodel_code_generator import DataModelType, InputFileType, generate
    from datamodel_code_generator.format import PythonVersion
    for zone in sys.argv[3:]:
        document = json.loads(Path(f"{sys.argv[1]}/{zone}.json").read_text())
        generate(document, input_file_type=InputFileType.OpenAPI, output=Path(sys.argv[2]) / zone / "models.py",
                 output_model_type=DataModelType.PydanticV2BaseModel, target_python_version=PythonVersion.PY_311,
                 disable_timestamp=True, formatters=[], field_constraints=True, use_default_kwarg=True,
                 use_double_quotes=True, use_standard_collections=True, use_union_operator=True,
                 capitalise_enum_members=True, collapse_root_models=True, allow_population_by_field_name=True,
                 use_missing_sentinel=True, target_pydantic_version="2.14", extra_fields="allow")
""")


def snapshot_packages(project: Project, work: Path) -> None:
    """Keep the sources of the packages our cold run generated (the floor compiles and formats the same
    package): the TypeScript package without dist/, the Python package."""
    clients = project.output_root / "clients"
    for language, ignore in (("typescript", shutil.ignore_patterns("dist", "node_modules")),
                             ("python", shutil.ignore_patterns("__pycache__"))):
        target = work / "packages" / language
        shutil.rmtree(target, ignore_errors=True)
        if (clients / language).is_dir():
            shutil.copytree(clients / language, target, ignore=ignore)


def _python_package(work: Path, zones: list[str]) -> Path | None:
    """The import package inside the Python snapshot (the folder holding each zone's models.py)."""
    for models in sorted((work / "packages" / "python").glob("*/*/models.py")):
        if models.parent.name in zones:
            return models.parent.parent
    return None


@dataclass
class Floor:
    total: float
    schemas: float
    typescript: float
    python: float
    largest_mb: float


def floor(project: Project, work: Path, node_modules: Path) -> Floor:
    """The cheapest sequence (see the module docstring)."""
    out = work / "floor"
    out.mkdir(parents=True, exist_ok=True)
    env = _env(project, work)
    zones = list(project.zones)
    schemas = measure([sys.executable, "-c", FLOOR_SCHEMAS, str(out), *zones], project.directory, env)
    ts_zones = [z for z, (_, g) in project.zones.items() if "typescript" in g]
    py_zones = [z for z, (_, g) in project.zones.items() if "python" in g]
    configs = ", ".join(
        f"{{ input: './{z}.json', output: './ts/{z}', plugins: ['@hey-api/client-fetch'] }}" for z in ts_zones
    )
    (out / "openapi-ts.config.mjs").write_text(f"export default [{configs}];\n")
    typescript = [measure([str(node_modules / ".bin" / "openapi-ts")], out, env)] if ts_zones else []
    ts_package = work / "packages" / "typescript"
    if ts_zones:
        if not (ts_package / "tsconfig.json").is_file():
            raise SystemExit(f"{project.label}: the floor needs our cold run's TypeScript package (none was kept)")
        shutil.rmtree(ts_package / "dist", ignore_errors=True)
        typescript.append(measure([str(node_modules / ".bin" / "tsc"), "-p", "tsconfig.json", "--noCheck"],
                                  ts_package, env))
    python: list[Measured] = []
    if py_zones:
        package = _python_package(work, py_zones)
        if package is None:
            raise SystemExit(f"{project.label}: the floor needs our cold run's Python package (none was kept)")
        python.append(measure([sys.executable, "-c", FLOOR_MODELS, str(out), str(package), *py_zones], out, env))
        python.append(measure([str(BIN / "ruff"), "format", "--isolated", "--no-cache", "--quiet",
                               "--target-version", "py311", "."], package, env))
    steps: list[Measured] = [schemas, *typescript, *python]
    return Floor(sum(m.seconds for m in steps), schemas.seconds, sum(m.seconds for m in typescript),
                 sum(m.seconds for m in python), max(m.largest_mb for m in steps))
