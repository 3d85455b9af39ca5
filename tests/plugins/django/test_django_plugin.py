"""The plugin as the core sees it: cheap to import, its stage classes, and `revolution run` /
`revolution validate` working inside a Django project (revolution_load_config)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from django_plugin_helpers import PYTHON, SHOPPROJ, generated, project_env
from revolution_django import ZoneConfig
from revolution_django.conf import zone_prefix
from revolution_django.schema import SpectacularOptions
from revolution_django.source import DjangoZoneSource, SpectacularSchemaProducer

REVOLUTION = str(Path(sys.executable).parent / "revolution")


def test_importing_the_package_and_plugin_loads_no_django():
    code = ("import sys, revolution_django, revolution_django.plugin, revolution_django.app_config; "
            "from revolution_django import ZoneConfig, get_revolution_config, add_revolution_urls; "
            "print(sorted(m for m in ('django', 'rest_framework', 'drf_spectacular') if m in sys.modules))")
    result = subprocess.run([PYTHON, "-c", code], capture_output=True, text=True, timeout=60, env=project_env())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_stage_classes_and_zone_routing():
    assert DjangoZoneSource.name == "django"
    assert DjangoZoneSource.default_schema_producer == "drf-spectacular"
    assert DjangoZoneSource.accepts(ZoneConfig(apps=["catalog"]).source_fields())
    assert not DjangoZoneSource.accepts(ZoneConfig(openapi_file="specs/x.yaml").source_fields())
    assert DjangoZoneSource.accepts(ZoneConfig().source_fields())  # reported as an empty zone by validate()
    assert not DjangoZoneSource.accepts({"url": "x"})  # another source's zone
    assert set(DjangoZoneSource.ZoneOptions.model_fields) == {"apps", "urls", "paths", "public", "auth_required",
                                                              "permissions", "path_prefix"}
    assert DjangoZoneSource.accepts({"paths": ["/api/"]}) and DjangoZoneSource.accepts({"urls": ["djoser.urls"]})
    assert SpectacularSchemaProducer.name == "drf-spectacular"
    options = SpectacularSchemaProducer.ZoneOptions()
    assert isinstance(options, SpectacularOptions) and options.normalize is True and options.server_url == "/"


def test_revolution_run_inside_a_django_project_finds_manage_py(tmp_path):
    result = subprocess.run([REVOLUTION, "run", "--json"], cwd=SHOPPROJ, env=project_env(tmp_path),
                            capture_output=True, text=True, timeout=60)
    report = json.loads(result.stdout)
    assert report["ok"], result.stderr
    assert report["zones"] == ["public", "client", "admin"]
    assert len(generated(tmp_path)) == 6


def test_revolution_run_from_a_subdirectory_of_a_django_project_finds_manage_py_upwards(tmp_path):
    result = subprocess.run([REVOLUTION, "run", "--json", "--zones", "public", "--generators", "python"],
                            cwd=SHOPPROJ / "shop", env=project_env(tmp_path), capture_output=True, text=True,
                            timeout=60)
    assert json.loads(result.stdout)["ok"], result.stderr
    assert sorted(generated(tmp_path)) == ["python/public"]


def test_revolution_run_with_django_settings_module_from_elsewhere(tmp_path):
    env = project_env(tmp_path, DJANGO_SETTINGS_MODULE="shopproj.settings")
    env["PYTHONPATH"] += f":{SHOPPROJ}"
    result = subprocess.run([REVOLUTION, "run", "--json", "--zones", "client", "--generators", "python"],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert json.loads(result.stdout)["ok"], result.stderr
    assert sorted(generated(tmp_path)) == ["python/client"]


def test_revolution_validate_inside_a_django_project_reports_zone_problems(tmp_path):
    env = project_env(tmp_path, DJANGO_SETTINGS_MODULE="shopproj.settings_bad")
    result = subprocess.run([REVOLUTION, "validate"], cwd=SHOPPROJ, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert "unknown app 'shp': did you mean 'shop'?" in result.stderr


def test_a_zone_without_openapi_file_outside_django_is_told_to_add_one(tmp_path):
    """[tool.revolution] zones without `openapi_file` fell to the django source: 'Django zones need a Django
    project ... run from the directory holding manage.py', for a user who forgot the file."""
    (tmp_path / "pyproject.toml").write_text('[tool.revolution]\ngenerators = ["python"]\n'
                                             '[tool.revolution.zones.public]\ntitle = "Public"\n'
                                             '[tool.revolution.zones.staff]\napps = ["staff"]\n')
    result = subprocess.run([REVOLUTION, "run"], cwd=tmp_path, env=project_env(), capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2, result.stderr
    err = " ".join(result.stderr.split())
    assert ('zones.public.openapi_file: missing: point it at the zone\'s OpenAPI document (e.g. openapi_file = '
            '"specs/public.yaml"') in err
    assert "zones.staff: Django zones need a Django project" in err  # a zone of apps keeps that message
    assert "Traceback" not in result.stderr and not (tmp_path / "clients").exists()


def test_load_config_returns_none_outside_a_django_project(tmp_path):
    code = ("from pathlib import Path; import sys; from revolution_django.plugin import revolution_load_config; "
            "print(revolution_load_config(Path(sys.argv[1])))")
    result = subprocess.run([PYTHON, "-c", code, str(tmp_path)], cwd=tmp_path, env=project_env(),
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "None"
    run = subprocess.run([REVOLUTION, "run"], cwd=tmp_path, env=project_env(), capture_output=True, text=True,
                         timeout=60)
    assert run.returncode != 0 and "No configuration found" in run.stderr


def test_zone_url_prefix_uses_api_prefix_and_path_prefix():
    assert zone_prefix("api", "public", ZoneConfig(apps=["a"])) == "api/public/"
    assert zone_prefix("/api/", "admin", ZoneConfig(apps=["a"], path_prefix="staff")) == "api/staff/"
    assert zone_prefix("", "public", ZoneConfig(apps=["a"])) == "public/"
    assert zone_prefix("api/v2", "client", ZoneConfig(apps=["a"], path_prefix="/me-zone/")) == "api/v2/me-zone/"


def test_unset_django_revolution_is_a_configuration_error_said_once_by_both_faces(tmp_path):
    """Exit 2 like every configuration error, from `revolution run` and `manage.py revolution` alike, with
    the fix in one paragraph, shown once."""
    env = project_env(tmp_path, DJANGO_SETTINGS_MODULE="shopproj.settings_unset")
    for command in ([REVOLUTION, "run"], [PYTHON, "manage.py", "revolution", "--generate"]):
        result = subprocess.run(command, cwd=SHOPPROJ, env=env, capture_output=True, text=True, timeout=60,
                                stdin=subprocess.DEVNULL)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        output = result.stdout + result.stderr
        assert output.count("settings.DJANGO_REVOLUTION: is not set") == 1, output
        assert "get_revolution_config(project_root=BASE_DIR" in output and "Traceback" not in output
    assert not (tmp_path / "clients").exists()
