"""A complete third-party generator: one text file per zone listing its operations, shouted."""

from pydantic import BaseModel, ConfigDict

from revolution_core import hookimpl
from revolution_core.stages import Generator


class ShoutOptions(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    suffix: str = "!"


class ShoutGenerator(Generator):
    name = "shout"
    ZoneOptions = ShoutOptions  # per zone; plugin_options.shout gives defaults

    def generate_zone(self, job, ctx):
        operations = sorted(
            operation["operationId"]
            for path in job.schema.document.get("paths", {}).values()
            for operation in path.values()
            if isinstance(operation, dict) and "operationId" in operation
        )
        lines = [f"{op.upper()}{job.options.suffix}" for op in operations]
        (job.out_dir / "operations.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")


@hookimpl
def revolution_register_generators():
    return [ShoutGenerator]
