"""Jinja2 rendering of the neutral model: the templates stay dumb, the filters here do the quoting."""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from revolution_core.packaging import generated_notice

if TYPE_CHECKING:
    import jinja2

TEMPLATES = Path(__file__).parent / "templates"
RUNTIME = Path(__file__).parent / "runtime"
HEADER = f"# {generated_notice('python')}"


def py(value: Any) -> str:
    """A Python literal: strings double-quoted, None/True/False, numbers as is."""
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)


def doc(text: Any) -> str:
    """Safe inside a triple-quoted docstring."""
    return str(text).replace("\\", "\\\\").replace('"""', '\\"\\"\\"').strip()


def optional(annotation: str, required: bool) -> str:
    """`int` -> `int | MISSING = MISSING` for optional arguments: left out, they are not sent at all, and
    `None` is accepted only where the schema says nullable (`int | None | MISSING = MISSING`)."""
    if required:
        return annotation
    if annotation == "Any":
        return "Any = MISSING"
    return f"{annotation} | MISSING = MISSING"


def cast_to(annotation: str) -> str:
    """The runtime type the response is validated against (`None` = keep the raw JSON)."""
    return "None" if annotation in {"Any", "None", "bytes"} else annotation


@functools.cache
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
    )
    env.filters.update(py=py, doc=doc, optional=optional, cast_to=cast_to)
    return env


def render(template: str, **context: Any) -> str:
    return environment().get_template(template).render(header=HEADER, **context)


def runtime_files() -> dict[str, bytes]:
    """The shared runtime, copied into `<module>/_runtime/` (real, linted Python) behind the generated notice."""
    return {
        path.name: f"{HEADER}\n".encode() + path.read_bytes()
        for path in sorted(RUNTIME.glob("*.py"))
    }
