"""The `openapi-file` zone source and schema producer: a broken document fails its zone with the file, the
place and the fix, before any generator sees it, and the previous clients stay."""

from __future__ import annotations

import json

from revolution_core.testing import sample_openapi


def _document(ref: str = "#/components/schemas/Widget") -> dict:
    document = sample_openapi("Public API", resource="widgets")
    document["components"]["schemas"]["Widget"] = {
        "type": "object",
        "properties": {"id": {"type": "integer"}, "tags": {"type": "array", "items": {"type": "string"}}},
    }
    document["paths"]["/api/public/widgets/"] = {
        "get": {
            "operationId": "list_widgets",
            "tags": ["widgets"],
            "responses": {"200": {"description": "", "content": {"application/json": {"schema": {"$ref": ref}}}}},
        }
    }
    return document


def test_a_dangling_ref_fails_the_zone_naming_it_and_keeps_the_previous_client(revolution_project):
    project = revolution_project(zones={"public": {}}, documents={"public": _document()}, generators=["python"])
    assert project.run("run").exit_code == 0
    clients, schemas = project.tree("clients"), project.tree("openapi")

    spec = project.root / "specs" / "public.json"
    spec.write_text(json.dumps(_document("#/components/schemas/Widgett")))
    result = project.run("run")
    assert result.exit_code == 1
    assert ("zone 'public': " + str(spec) + " refers to what it does not define: #/components/schemas/Widgett "
            "(used at paths./api/public/widgets/.get.responses.200.content.application/json.schema)") in result.output
    assert "fix the $ref" in result.output and "Traceback" not in result.output
    assert "generator python" not in result.output  # stopped before any generator
    assert project.tree("clients") == clients and project.tree("openapi") == schemas


def test_refs_into_nested_nodes_and_escaped_names_resolve(revolution_project):
    document = _document("#/components/schemas/Widget/properties/tags")
    document["components"]["schemas"]["a/b~c"] = {"type": "string"}
    document["components"]["schemas"]["Widget"]["properties"]["odd"] = {"$ref": "#/components/schemas/a~1b~0c"}
    project = revolution_project(zones={"public": {}}, documents={"public": document}, generators=["python"])
    result = project.run("run")
    assert result.exit_code == 0, result.output


def test_a_yaml_syntax_error_names_the_file_line_and_column(revolution_project):
    project = revolution_project(zones={"public": {"openapi_file": "specs/public.yaml"}}, generators=["python"])
    (project.root / "specs" / "public.yaml").write_text("openapi: 3.0.3\ninfo: {title: x\npaths: {}\n")
    result = project.run("run")
    assert result.exit_code == 1
    spec = project.root / "specs" / "public.yaml"
    assert f"{spec}:3:6 is not valid YAML: while parsing a flow mapping did not find expected ','" in result.output
    assert "<unicode string>" not in result.output and "Traceback" not in result.output
