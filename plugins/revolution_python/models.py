"""Pydantic (or other) models of a zone's components with datamodel-code-generator, called in-process
on the schema dict: no subprocess and no temporary spec file."""

from __future__ import annotations

import ast
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from revolution_core.errors import RevolutionError
from revolution_core.packaging import generated_notice
from revolution_python.options import PythonOptions, PythonZoneOptions
from revolution_python.shaping import EnumClass, accept_enum_values, plain_list_items, request_only_components

HEADER = f"# {generated_notice('python')}"
EMPTY_MODELS = f"{HEADER}\n\nfrom __future__ import annotations\n"


PYDANTIC_TYPES = ("pydantic_v2.BaseModel", "pydantic_v2.dataclass")


@dataclass(frozen=True)
class Models:
    """A zone's models module: its source, what it defines, its enum classes, and the tool's warnings."""

    source: str
    names: frozenset[str]
    enums: Mapping[str, EnumClass]
    warnings: tuple[str, ...] = ()


def generate_models(document: Mapping[str, Any], run: PythonOptions, options: PythonZoneOptions,
                    zone: str) -> Models:
    """The zone's models, shaped so that types round-trip (see `revolution_python.shaping`)."""
    private = plain_list_items(document)  # our own copy (the schema is shared): shaped in place from here on
    merge_string_unions(private)
    source, caught = _generate(private, run, options, zone)
    del private
    tree = ast.parse(source)  # parsed once: a large zone's module is megabytes
    names = defined_names(source, tree)
    source, enums = accept_enum_values(source, request_only_components(document), names, tree)
    names |= {enum.alias for enum in enums.values()}  # what accept_enum_values adds at the top level
    return Models(source, frozenset(names), enums, tuple(caught))


def _generate(document: Mapping[str, Any], run: PythonOptions, options: PythonZoneOptions,
              zone: str) -> tuple[str, list[str]]:
    """The models module's source and the warnings datamodel-code-generator raised."""
    if not (document.get("components") or {}).get("schemas"):
        return EMPTY_MODELS, []
    from datamodel_code_generator import generate
    from datamodel_code_generator.enums import DataModelType, InputFileType
    from datamodel_code_generator.format import Formatter, PythonVersion

    formatters = {
        "builtin": [Formatter.BUILTIN],
        "black": [Formatter.BLACK, Formatter.ISORT],
        "ruff": [],  # the generator runs ruff over the whole package afterwards (revolution_python.formatting)
    }[run.formatter]
    settings: dict[str, Any] = {
        "input_file_type": InputFileType.OpenAPI,
        "output_model_type": DataModelType(options.output_model_type),
        "target_python_version": PythonVersion(run.target_python_version),
        "disable_timestamp": True,
        "custom_file_header": HEADER,
        "strict_nullable": options.strict_nullable,
        "formatters": formatters,
        "field_constraints": True,  # Field(max_length=...) instead of constr(): valid for type checkers
        "use_default_kwarg": True,  # Field(default=...): type checkers see a positional default as required
        "use_double_quotes": True,
        "use_standard_collections": True,
        "use_union_operator": True,
        "capitalise_enum_members": True,
        "collapse_root_models": True,  # `email: str | None`, not `email: Email | Email1 | None`
        "allow_population_by_field_name": options.output_model_type == "pydantic_v2.BaseModel",
    }
    if options.output_model_type in PYDANTIC_TYPES:
        # "not sent" is pydantic's MISSING, never None: `email: str | MISSING = MISSING` unless nullable
        settings["use_missing_sentinel"] = True
        settings["target_pydantic_version"] = "2.14"
        # responses keep the fields the schema does not know (attributes and `model_extra`)
        settings["extra_fields"] = "allow"
    if options.output_model_type == "typing.TypedDict" and run.target_python_version == "3.11":
        # pydantic (which parses responses) rejects typing.TypedDict before Python 3.12
        settings["import_overrides"] = {name: "typing_extensions" for name in ("TypedDict", "NotRequired")}
    if options.output_model_type.endswith("dataclass"):
        settings["keyword_only"] = True  # kw_only dataclasses: required fields may follow optional ones
    if run.formatter == "builtin":
        settings["builtin_format_line_length"] = run.line_length
    if options.email_as_str:
        settings["type_mappings"] = ["email=string"]
    settings.update(options.model_options)
    caught: list[str] = []
    try:
        with warnings.catch_warnings(record=True) as records:
            warnings.simplefilter("always")
            source = generate(document, **settings)
        caught = [str(record.message) for record in records if not _expected(str(record.message))]
    except (TypeError, ValueError) as exc:
        if options.model_options:
            raise RevolutionError(
                f"python generator: datamodel-code-generator rejected the options of zone '{zone}' "
                f"({exc}); check `model_options` against `datamodel-codegen --help` (snake_case names)"
            ) from None
        raise
    if not isinstance(source, str):
        raise RevolutionError(
            f"python generator: datamodel-code-generator produced several modules for zone '{zone}'; "
            "remove module-splitting settings from `model_options` (one models.py per zone is expected)"
        )
    return source if source.endswith("\n") else source + "\n", caught


def merge_string_unions(node: Any) -> None:
    """In place (on a copy of our own): a `oneOf`/`anyOf` of plain strings (drf-spectacular's `allow_blank`
    email, URL or slug fields: `oneOf: [{format: email, maxLength: 254}, {maxLength: 0}]`) becomes one
    string, so that the models say `email: str` rather than a union of two root models."""
    if isinstance(node, list):
        for item in node:
            merge_string_unions(item)
        return
    if not isinstance(node, dict):
        return
    for value in node.values():
        merge_string_unions(value)
    for combiner in ("oneOf", "anyOf"):
        members = node.get(combiner)
        if (isinstance(members, list) and len(members) > 1 and all(
                isinstance(m, Mapping) and m.get("type") == "string" and "$ref" not in m and "enum" not in m
                for m in members)):
            lengths = [m.get("maxLength") for m in members]
            merged: dict[str, Any] = {"type": "string"}
            if all(isinstance(n, int) for n in lengths):
                merged["maxLength"] = max(lengths)
            if any(m.get("nullable") for m in members):
                merged["nullable"] = True
            del node[combiner]
            node.update(merged)


def _expected(message: str) -> bool:
    """DRF decimals always carry a `pattern` pydantic cannot apply to Decimal: not worth a warning."""
    return "does not take pattern on Decimal" in message


def defined_names(source: str, tree: ast.Module | None = None) -> set[str]:
    """Top-level classes and assignments of a models module (`tree`: its parse, when at hand): what
    `m.<Name>` may refer to."""
    names: set[str] = set()
    for node in (tree or ast.parse(source)).body:
        if isinstance(node, ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign):
            names.update(t.id for t in node.targets if isinstance(t, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names
