"""A project whose whole API comes from third-party DRF packages wired as their READMEs say
(thirdparty_proj/): zones from URL entries (`urls`) and from the project's own urls.py (`paths`),
schemas equal to drf-spectacular's over the same routes, routes served once, conflicts and mistakes
reported with the right fix, and a failed run that leaves the previous output as it was."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django_plugin_helpers import PYTHON, THIRDPARTY, project_env

pytestmark = pytest.mark.slow
OPERATIONS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def manage(*args: str, output: Path | None = None, settings: str = "tpproj.settings",
           timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = project_env(DJANGO_SETTINGS_MODULE=settings)
    if output is not None:
        env["TPPROJ_OUTPUT"] = str(output)
    return subprocess.run([PYTHON, "manage.py", *args], cwd=THIRDPARTY, env=env, capture_output=True, text=True,
                          timeout=timeout, stdin=subprocess.DEVNULL)


def operations(document: dict) -> set[tuple[str, str]]:
    return {(path, method) for path, item in document["paths"].items() for method in item if method in OPERATIONS}


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, dict]:
    output = tmp_path_factory.mktemp("tp")
    result = manage("revolution", "--test-schemas", output=output)
    assert result.returncode == 0, result.stdout + result.stderr
    return {zone: json.loads((output / "openapi/schemas" / f"{zone}.json").read_text())
            for zone in ("auth", "app", "devices")}


@pytest.mark.parametrize("zone", ["auth", "app", "devices"])
def test_zone_schema_has_the_operations_spectacular_finds_over_the_same_routes(schemas, zone, tmp_path):
    """`tpproj/oracle_<zone>.py` holds the zone's routes, written by hand as a urls.py would."""
    target = tmp_path / "oracle.json"
    result = manage("spectacular", "--urlconf", f"tpproj.oracle_{zone}", "--format", "openapi-json",
                    "--file", str(target))
    assert result.returncode == 0, result.stderr
    expected = operations(json.loads(target.read_text()))
    assert expected, "the oracle urlconf holds no operation"
    assert operations(schemas[zone]) == expected


def test_each_package_lands_in_its_zone(schemas):
    paths = {zone: set(document["paths"]) for zone, document in schemas.items()}
    assert {"/api/auth/users/me/", "/api/auth/jwt/create/", "/api/auth/knox/login/"} <= paths["auth"]  # djoser, knox
    assert {"/api/token/", "/api/notes/{note_pk}/comments/"} <= paths["app"]  # simplejwt, nested router
    assert paths["devices"] == {"/api/device/gcm/", "/api/device/gcm/{registration_id}/"}  # push_notifications
    assert not any(path.startswith("/api/device/") for path in paths["app"])  # the longer prefix took them
    assert not any(path.startswith("/api/auth/") for path in paths["app"])  # mounted by another zone, not cut


def test_routes_are_served_once_where_they_are_and_the_zone_schema_is_served_too():
    code = (
        "import django, json; django.setup()\n"
        "from django.urls import get_resolver, resolve\n"
        "from revolution_django.urltree import walk\n"
        "routes = [r.path for r in walk(get_resolver().url_patterns)]\n"
        "print(json.dumps({'token': routes.count('/api/token/'), 'gcm': routes.count('/api/device/gcm/'),\n"
        "  'users': routes.count('/api/auth/users/'), 'login': resolve('/api/auth/knox/login/').func.cls.__name__,\n"
        "  'docs': [resolve(f'/api/{z}/schema/').url_name for z in ('auth', 'app', 'devices')]}))\n"
        "from django.core.management import call_command; call_command('migrate', verbosity=0)\n"
        "from django.contrib.auth.models import User; from django.test import Client\n"
        "from rest_framework_simplejwt.tokens import RefreshToken\n"
        "token = RefreshToken.for_user(User.objects.create_user('u', password='p')).access_token\n"
        "served = Client().get('/api/app/schema/?format=json', HTTP_AUTHORIZATION=f'Bearer {token}')\n"
        "print(json.dumps([served.status_code, sorted(json.loads(served.content)['paths'])]))\n"
    )
    env = project_env(DJANGO_SETTINGS_MODULE="tpproj.settings", PYTHONPATH=".")
    result = subprocess.run([PYTHON, "-c", code], cwd=THIRDPARTY, env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    routes, served = result.stdout.strip().splitlines()
    assert json.loads(served) == [200, ["/api/notes/", "/api/notes/{id}/", "/api/notes/{note_pk}/comments/",
                                        "/api/notes/{note_pk}/comments/{id}/", "/api/token/", "/api/token/refresh/"]]
    assert json.loads(routes) == {
        "token": 1, "gcm": 1, "users": 1, "login": "LoginView",
        "docs": ["revolution-auth-schema", "revolution-app-schema", "revolution-devices-schema"],
    }
    check = manage("check")
    assert check.returncode == 0 and "no issues" in check.stdout, check.stdout + check.stderr  # no urls.W005


CONFLICT = ("zones.public.apps[1]: route conflict at GET/POST /api/public/: feed.urls: '' -> feed.urls.FeedView is "
            "never reached, because Django resolves that path to notes.urls: ")
CONFLICT_FIX = "mount feed.urls under its own sub-prefix: urls=[('feed/', 'feed.urls')] instead of the app"


def test_two_apps_with_empty_routes_in_one_zone_fail_validation_naming_both(tmp_path):
    for args in (["revolution", "--validate-zones"], ["revolution", "--show-urls"]):
        result = manage(*args, output=tmp_path, settings="tpproj.settings_conflict")
        assert result.returncode == 2, result.stdout + result.stderr
        assert "Invalid zone configuration (1 problem)" in result.stderr
        assert CONFLICT in result.stderr
        assert "rest_framework.routers.APIRootView (zones.public.apps[0])" in result.stderr
        assert CONFLICT_FIX in result.stderr and "Traceback" not in result.stderr
    check = manage("check", settings="tpproj.settings_conflict")
    assert check.returncode == 1 and "(revolution_django.E002) " + CONFLICT in check.stderr
    env = project_env(DJANGO_SETTINGS_MODULE="tpproj.settings_conflict", TPPROJ_OUTPUT=str(tmp_path))
    core = subprocess.run([str(Path(sys.executable).parent / "revolution"), "validate"], cwd=THIRDPARTY, env=env,
                          capture_output=True, text=True, timeout=120)
    assert core.returncode == 2 and CONFLICT in core.stderr and CONFLICT_FIX in core.stderr, core.stderr


def test_routes_of_two_zones_on_one_path_fail_validation_naming_both(tmp_path):
    result = manage("revolution", "--validate-zones", output=tmp_path, settings="tpproj.settings_crosszone")
    assert result.returncode == 2, result.stdout + result.stderr
    assert ("zones.feed.apps[0]: route conflict at GET/POST /api/notes/: feed.urls: '' -> feed.urls.FeedView is never "
            "reached, because Django resolves that path to tpproj.urls: '^notes/$' -> notes.views.NoteViewSet "
            "(zones.app.paths[0])") in result.stderr
    assert "zones 'app' and 'feed' both serve this path: give zone 'feed' another `path_prefix`" in result.stderr


def test_a_module_the_project_already_includes_is_not_mounted_a_second_time(tmp_path):
    result = manage("revolution", "--validate-zones", output=tmp_path, settings="tpproj.settings_double")
    assert result.returncode == 2, result.stdout + result.stderr
    assert ("zones.auth.urls[0]: djoser.urls is already included by your ROOT_URLCONF (tpproj.urls_with_djoser) at "
            "/auth/: mounting it in the zone would serve its routes twice") in result.stderr
    assert "paths=['/auth/']" in result.stderr


def test_a_run_with_a_conflict_fails_and_leaves_the_previous_output_byte_identical(tmp_path):
    good = manage("revolution", "--generate", output=tmp_path)
    assert good.returncode == 0, good.stdout + good.stderr
    before = tree(tmp_path)
    assert any(name.startswith("clients/") for name in before)
    failed = manage("revolution", "--generate", "--force", output=tmp_path, settings="tpproj.settings_conflict")
    assert failed.returncode == 2
    assert CONFLICT in failed.stderr and CONFLICT_FIX in failed.stderr
    assert tree(tmp_path) == before


def test_zone_mistakes_are_system_check_errors_with_the_right_advice():
    result = manage("check", settings="tpproj.settings_mistakes")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    errors = [line for line in result.stderr.splitlines() if "(revolution_django.E002)" in line]
    assert len(errors) == 4, result.stderr
    text = "\n".join(errors)
    assert "zones.auth.urls[0]: zone 'auth': cannot import 'djoser.url'" in text
    assert "did you mean 'djoser.urls'?" in text
    assert ("zones.legacy.apps[0]: 'djoser.urls' is a URL module, not a Django app: list it under "
            "urls=['djoser.urls']") in text
    assert "zones.legacy.apps[1]: app 'push_notifications' has no `urls` module" in text
    assert "paths=['/<their prefix>/']" in text
    assert "zones.app.paths[0]: no route of your ROOT_URLCONF (tpproj.urls) is under '/v2/'" in text
    assert "INSTALLED_APPS" not in text and "create" not in text
