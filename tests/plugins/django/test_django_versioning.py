"""DRF versioning (versionedproj/): URLPathVersioning for the whole API, ALLOWED_VERSIONS and no
DEFAULT_VERSION. drf-spectacular documents one API version per schema; the zone's `version` chooses it, so
the versioned views are documented at their real paths (`/api/v1/books/`), the unversioned token views
under the same versioning class are kept, operations are named from their DRF action like any other, and a
zone version the views do not allow is explained instead of leaving an empty schema."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django_plugin_helpers import HERE, PYTHON, project_env

pytestmark = pytest.mark.slow
VPROJ = HERE / "versionedproj"


def schemas(output: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], dict[str, dict]]:
    result = subprocess.run([PYTHON, "manage.py", "revolution", "--test-schemas"], cwd=VPROJ,
                            env=project_env(VPROJ_OUTPUT=str(output), **env), capture_output=True, text=True,
                            timeout=120, stdin=subprocess.DEVNULL)
    found = {path.stem: json.loads(path.read_text()) for path in (output / "openapi/schemas").glob("*.json")}
    return result, found


@pytest.fixture(scope="module")
def v1(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], dict[str, dict]]:
    return schemas(tmp_path_factory.mktemp("v1"))


def operation_ids(document: dict) -> dict[tuple[str, str], str]:
    return {(method, path): operation["operationId"] for path, item in document["paths"].items()
            for method, operation in item.items()}


def test_the_zone_version_chooses_the_versioned_paths(v1):
    result, found = v1
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(found["client"]["paths"]) == {"/api/v1/books/", "/api/v1/books/{id}/", "/api/v1/scans/"}
    assert "scanCount" not in json.dumps(found["client"]) and "scan_count" not in json.dumps(found["client"])
    assert "no DRF view" not in result.stdout


def test_unversioned_urls_under_a_versioning_class_are_documented(v1):
    _, found = v1
    paths = found["auth"]["paths"]
    assert set(paths) == {"/api/auth/token/", "/api/auth/token/refresh/"}
    assert paths["/api/auth/token/"]["post"]["x-revolution-auth"] == "obtain"
    assert paths["/api/auth/token/refresh/"]["post"]["x-revolution-auth"] == "refresh"


def test_versioned_operations_are_named_from_their_action(v1):
    ids = operation_ids(v1[1]["client"])
    assert ids[("get", "/api/v1/books/")].startswith("list_")
    assert ids[("post", "/api/v1/books/")].startswith("create_")
    assert ids[("get", "/api/v1/books/{id}/")].startswith("retrieve_")
    assert ids[("post", "/api/v1/scans/")].startswith("create_")


def test_zone_version_v2_documents_v2(tmp_path):
    result, found = schemas(tmp_path, VPROJ_VERSION="v2")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "/api/v2/books/" in found["client"]["paths"]
    assert "scan_count" in json.dumps(found["client"]["components"])


def test_a_zone_version_the_views_do_not_allow_is_explained(tmp_path):
    result, found = schemas(tmp_path, VPROJ_VERSION="2024-01")
    out = result.stdout + result.stderr
    assert not found.get("client", {}).get("paths")
    assert "zone client" in out or "zones.client" in out
    for words in ("URLPathVersioning", "'2024-01'", "v1, v2", "DEFAULT_VERSION", "version="):
        assert words in out, out
    assert "no DRF view" not in out
