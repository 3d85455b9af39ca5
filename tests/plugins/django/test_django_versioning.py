"""DRF versioning (versionedproj/): URLPathVersioning for the whole API with ALLOWED_VERSIONS. drf-spectacular
documents one API version per schema; the zone's `version` chooses it, so the versioned views are documented
at their real paths (`/api/v1/books/`) even without a DEFAULT_VERSION, operations are named from their DRF
action like any other, unversioned URLs are documented when DRF serves them (a DEFAULT_VERSION) and an error
when it answers them 404, and a zone version the views do not allow is explained instead of leaving an
empty schema. Its bodies are camelCase (djangorestframework-camel-case): a view whose own parser does
not turn the documented camelCase names back into snake_case is a warning naming the view and the parser."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
from django_plugin_helpers import HERE, PYTHON, project_env

pytestmark = pytest.mark.slow
VPROJ = HERE / "versionedproj"


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([PYTHON, "manage.py", *args], cwd=VPROJ, env=project_env(**env), capture_output=True,
                          text=True, timeout=120, stdin=subprocess.DEVNULL)


def schemas(output: Path, **env: str) -> tuple[subprocess.CompletedProcess[str], dict[str, dict]]:
    result = manage("revolution", "--test-schemas", VPROJ_OUTPUT=str(output), **env)
    found = {path.stem: json.loads(path.read_text()) for path in (output / "openapi/schemas").glob("*.json")}
    return result, found


@pytest.fixture(scope="module")
def no_default(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], dict[str, dict]]:
    return schemas(tmp_path_factory.mktemp("nodefault"))


@pytest.fixture(scope="module")
def v1(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], dict[str, dict]]:
    return schemas(tmp_path_factory.mktemp("v1"), VPROJ_DEFAULT_VERSION="v1")


def operation_ids(document: dict) -> dict[tuple[str, str], str]:
    return {(method, path): operation["operationId"] for path, item in document["paths"].items()
            for method, operation in item.items()}


def test_the_zone_version_chooses_the_versioned_paths_without_a_default_version(no_default):
    _, found = no_default
    assert set(found["client"]["paths"]) == {"/api/v1/books/", "/api/v1/books/{id}/", "/api/v1/scans/"}
    assert "scanCount" not in json.dumps(found["client"])


def test_unversioned_urls_that_drf_answers_404_are_an_error_naming_them_and_the_fix(no_default):
    result, found = no_default
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "auth" not in found  # the zone failed: no schema offering calls that can only 404
    for words in ("zone 'auth'", "POST /api/auth/token/ (rest_framework_simplejwt.views.TokenObtainPairView)",
                  "Invalid version in URL path", "DEFAULT_VERSION", "versioning_class = None"):
        assert words in out, out
    assert "no DRF view" not in out


def test_drf_does_answer_404_to_unversioned_urls_without_a_default_version():
    """What the error above says, asked of DRF itself (Django's test client over the project's urls.py)."""
    probe = ("from django.test import Client; from django.test.utils import setup_test_environment; "
             "setup_test_environment(); r = Client().post('/api/auth/token/', {}); print(r.status_code, r.content)")
    assert "404 b'{\"detail\":\"Invalid version in URL path.\"}'" in manage("shell", "-c", probe).stdout
    assert "\n400 b" in manage("shell", "-c", probe, VPROJ_DEFAULT_VERSION="v1").stdout


def test_unversioned_urls_are_documented_when_drf_serves_them(v1):
    result, found = v1
    assert result.returncode == 0, result.stdout + result.stderr
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


def test_zone_version_v2_documents_v2_over_the_default_version(tmp_path):
    result, found = schemas(tmp_path, VPROJ_VERSION="v2", VPROJ_DEFAULT_VERSION="v1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert set(found["client"]["paths"]) == {"/api/v2/books/", "/api/v2/books/{id}/", "/api/v2/scans/"}
    assert "scanCount" in json.dumps(found["client"]["components"])


def test_a_zone_version_the_views_do_not_allow_is_explained(tmp_path):
    result, found = schemas(tmp_path, VPROJ_VERSION="2024-01")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "client" not in found
    for words in ("zone 'client'", "URLPathVersioning", "'2024-01' is not one of its ALLOWED_VERSIONS (v1, v2)",
                  "DEFAULT_VERSION", "version='v1'"):
        assert words in out, out
    assert "no DRF view" not in out


def test_a_view_whose_parser_does_not_undo_the_camelcase_hook_is_named_with_the_fix(v1):
    result, found = v1
    warnings = [line for line in result.stdout.splitlines() if "camelize_serializer_fields" in line]
    assert len(warnings) == 1, result.stdout  # the books use the default (camel-case) parsers: no warning
    for words in ("POST /api/v1/scans/ (shelf.views.ScanUploadView)", "pageImage", "page_image",
                  "rest_framework.parsers.MultiPartParser",
                  "djangorestframework_camel_case.parser.CamelCaseMultiPartParser"):
        assert words in warnings[0], warnings[0]
    assert "pageImage" in found["client"]["components"]["schemas"]["ScanRequest"]["properties"]


def test_the_camelcase_mismatch_is_real(tmp_path):
    """What the warning says, asked of the project: camelCase `pageImage` reaches the upload view as no file."""
    probe = ("from django.test import Client; from django.test.utils import setup_test_environment; "
             "from django.core.files.uploadedfile import SimpleUploadedFile as F; setup_test_environment(); "
             "from django.core.management import call_command; call_command('migrate', run_syncdb=True, verbosity=0); "
             "from django.contrib.auth.models import User; from shelf.models import Book; "
             "from rest_framework_simplejwt.tokens import AccessToken; "
             "token = AccessToken.for_user(User.objects.create(username='u')); "
             "b = Book.objects.create(title='t', published_year=1); "
             "r = Client().post('/api/v1/scans/', {'book': b.id, 'pageImage': F('p.png', b'x')}, "
             "HTTP_AUTHORIZATION=f'Bearer {token}'); print(r.status_code, r.content)")
    out = manage("shell", "-c", probe, VPROJ_DEFAULT_VERSION="v1").stdout
    assert "400" in out and "No file was submitted" in out, out


def test_a_prefix_with_the_version_in_it_is_pointed_at_the_prefix_that_works():
    result = manage("revolution", "--validate-zones", VPROJ_CLIENT_PATH="/api/v1/", VPROJ_DEFAULT_VERSION="v1")
    out = result.stdout + result.stderr
    assert result.returncode != 0, out
    assert "zones.client.paths[0]: no route of your ROOT_URLCONF (vproj.urls) is under '/api/v1/'" in out
    assert "'/api/{version}/books/'" in out and "paths=['/api/']" in out and "`version`" in out, out


def test_without_allowed_versions_versioned_urls_need_a_list_or_a_default(tmp_path):
    """No ALLOWED_VERSIONS: DRF serves whatever the URL pattern lets through, which the zone's version may not
    be; the unversioned token views (any version served, none in their URL) are documented all the same."""
    result, found = schemas(tmp_path, VPROJ_ALLOWED_VERSIONS="")
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert "client" not in found
    assert "REST_FRAMEWORK lists no ALLOWED_VERSIONS" in out and "listed in ALLOWED_VERSIONS" in out, out
    assert set(found["auth"]["paths"]) == {"/api/auth/token/", "/api/auth/token/refresh/"}


def test_a_field_the_camelcase_parser_renames_is_named_with_the_fix(v1):
    """djangorestframework-camel-case's parser turns `isbn13` into `isbn_13` unless told not to split digits."""
    result, _ = v1
    warnings = [line for line in result.stdout.splitlines() if "the camel-case parser turns" in line]
    assert {w.split(" (")[0].strip() for w in warnings} == {
        "warning: POST /api/v1/books/", "warning: PUT /api/v1/books/{id}/", "warning: PATCH /api/v1/books/{id}/"}
    for words in ("(shelf.views.BookViewSet)", "`isbn13` into `isbn_13`", "no_underscore_before_number"):
        assert words in warnings[0], warnings[0]


def test_no_underscore_before_number_silences_it(tmp_path):
    result, _ = schemas(tmp_path, VPROJ_DEFAULT_VERSION="v1", VPROJ_NO_UNDERSCORE_BEFORE_NUMBER="1")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "the camel-case parser turns" not in result.stdout
