"""The seed's Quick Start `settings.py` / `urls.py` snippets, pasted into a project (quickstart/), work:
its documented commands run and the documented files appear; the URLs serve each zone."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from django_plugin_helpers import PYTHON, QUICKSTART, generated, project_env
from openapi_spec_validator import validate


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A copy of quickstart/ (its settings write under BASE_DIR, as the snippet says)."""
    target = tmp_path_factory.mktemp("quickstart") / "quickstart"
    shutil.copytree(QUICKSTART, target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


def _manage(project, *args):
    return subprocess.run([PYTHON, "manage.py", "revolution", *args], cwd=project, env=project_env(),
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_direct_generation_command_of_the_quick_start(project):
    result = _manage(project, "--zones", "public,admin", "--typescript", "--python")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in result.stdout
    assert sorted(p.name for p in (project / "openapi/archive/latest").iterdir()) == ["admin.zip", "public.zip"]
    for zone in ("public", "admin"):
        assert (project / f"openapi/schemas/{zone}.yaml").is_file()
        document = json.loads((project / f"openapi/schemas/{zone}.json").read_text())
        validate(document)
    assert sorted(generated(project)) == ["python/admin", "python/public", "typescript/admin", "typescript/public"]
    public = json.loads((project / "openapi/schemas/public.json").read_text())
    assert set(public["paths"]) == {"/api/public/accounts/status/", "/api/public/billing/status/",
                                    "/api/public/payments/status/"}
    assert public["info"]["title"] == "Public API" and public["info"]["description"].startswith("API for public")
    admin = json.loads((project / "openapi/schemas/admin.json").read_text())
    assert set(admin["paths"]) == {"/api/admin/admin_panel/status/", "/api/admin/services/status/"}
    assert admin["security"]


def test_extend_schema_annotations_work_without_default_schema_class(project):
    """The quick start sets no DEFAULT_SCHEMA_CLASS; `@extend_schema` on a view method or an `@api_view` used
    to subclass DRF's own AutoSchema and break the zone ("get_operation() takes 3 positional arguments")."""
    result = _manage(project, "--zones", "public", "--test-schemas")
    assert result.returncode == 0, result.stdout + result.stderr
    public = json.loads((project / "openapi/schemas/public.json").read_text())
    assert public["paths"]["/api/public/billing/status/"]["get"]["summary"] == "Billing status"
    assert public["paths"]["/api/public/payments/status/"]["get"]["summary"] == "Payments status"
    code = ("import django, json; django.setup(); from django.test import Client; "
            "r = Client().get('/api/public/schema/?format=json'); "
            "print(r.status_code, json.loads(r.content)['paths']['/api/public/payments/status/']['get']['summary'])")
    served = subprocess.run([PYTHON, "-c", code], cwd=project, capture_output=True, text=True, timeout=60,
                            env=project_env(DJANGO_SETTINGS_MODULE="qs.settings", PYTHONPATH="."))
    assert served.stdout.strip().splitlines()[-1] == "200 Payments status", served.stderr


def test_quick_start_troubleshooting_commands(project):
    validate_result = _manage(project, "--validate-zones")
    assert validate_result.returncode == 0, validate_result.stderr
    assert "All 2 zone(s) are valid." in validate_result.stdout
    urls = _manage(project, "--show-urls")
    assert urls.returncode == 0 and "/api/admin/services/status/" in urls.stdout


def test_quick_start_urls_serve_the_zones(project):
    code = (
        "import django, json; django.setup(); from django.test import Client; c = Client(); "
        "print(json.dumps([c.get(u).status_code for u in ['/api/public/accounts/status/', "
        "'/api/public/schema/', '/api/public/docs/', '/api/admin/schema/', '/api/admin/docs/']]))"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=project, capture_output=True, text=True, timeout=60,
                            env=project_env(DJANGO_SETTINGS_MODULE="qs.settings", PYTHONPATH="."))
    assert result.returncode == 0, result.stderr
    # Anonymous users get 403 here: DRF's default SessionAuthentication comes first (no WWW-Authenticate).
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [200, 200, 200, 403, 403]


def test_revolution_views_stay_out_of_a_whole_project_schema(project):
    """drf-spectacular over the whole URLconf: the schema/docs views add no error, warning or path."""
    code = (
        "import django, json; django.setup(); from drf_spectacular.drainage import GENERATOR_STATS as S; "
        "from drf_spectacular.generators import SchemaGenerator; "
        "from revolution_django.schema import _spectacular_schema_class as spectacular; "
        "S.silent = True\n"
        "with spectacular(): paths = list(SchemaGenerator().get_schema(public=True)['paths'])\n"
        "print(json.dumps([paths, list(S._warn_cache), list(S._error_cache)]))"
    )
    result = subprocess.run([PYTHON, "-c", code], cwd=project, capture_output=True, text=True, timeout=60,
                            env=project_env(DJANGO_SETTINGS_MODULE="qs.settings", PYTHONPATH="."))
    assert result.returncode == 0, result.stderr
    paths, warnings, errors = json.loads(result.stdout)
    assert "/api/public/accounts/status/" in paths and len(paths) == 5
    assert warnings == [] and errors == []


SEED_SETTINGS = '''# settings.py
from django_revolution.app_config import ZoneConfig, get_revolution_config

zones = {
    'public': ZoneConfig(
        apps=['accounts', 'billing', 'payments'],
        title='Public API',
        description='API for public client applications',
        public=True,
        auth_required=False,
        version='v1'
    ),
    'admin': ZoneConfig(
        apps=['admin_panel', 'services'],
        title='Admin API',
        description='Administrative API endpoints',
        public=False,
        auth_required=True,
        version='v1'
    )
}

DJANGO_REVOLUTION = get_revolution_config(
    project_root=BASE_DIR,
    zones=zones
)
'''
SEED_URLS = '''# urls.py
from django_revolution.urls_integration import add_revolution_urls

urlpatterns = [
    # ... your URLs
]

add_revolution_urls(urlpatterns)
'''


def test_the_project_holds_the_seed_snippets_unchanged():
    """The seed's Quick Start, import lines included (its app names are this project's apps)."""
    assert SEED_SETTINGS in (QUICKSTART / "qs" / "settings.py").read_text()
    assert SEED_URLS in (QUICKSTART / "qs" / "urls.py").read_text()
    assert '"django_revolution",' in (QUICKSTART / "qs" / "settings.py").read_text()


@pytest.mark.slow
def test_status_lists_routes_operations_schema_and_archive(project):
    assert _manage(project, "--generate").returncode == 0
    result = _manage(project, "--status")
    assert result.returncode == 0, result.stdout + result.stderr
    out = result.stdout
    assert "Zone public  apps: accounts, billing, payments" in out
    assert "3 route(s), 3 operation(s)" in out and "2 route(s), 2 operation(s)" in out
    assert out.count("(up to date)") == 2
    assert out.count("latest archive: 20") == 2  # a UTC stamp from the archiver's own `list`


@pytest.mark.slow
def test_both_app_names_in_installed_apps_work_together(project):
    env = project_env(DJANGO_SETTINGS_MODULE="qs.settings_both")
    check = subprocess.run([PYTHON, "manage.py", "check"], cwd=project, env=env, capture_output=True, text=True,
                           timeout=60)
    assert check.returncode == 0, check.stderr
    assert "no issues" in check.stdout
    result = subprocess.run([PYTHON, "manage.py", "revolution", "--validate-zones"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "All 2 zone(s) are valid." in result.stdout
