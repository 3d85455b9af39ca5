"""Zone validation: every mistake gives its message and fix, all in one report, with a non-zero exit;
an app's urls import error is shown naming zone and app, never swallowed."""

from __future__ import annotations

import subprocess

import pytest
from django_plugin_helpers import PYTHON, SHOPPROJ, project_env, run_manage

BAD = {"DJANGO_SETTINGS_MODULE": "shopproj.settings_bad"}
EXPECTED_BAD = [
    "zones.public.apps[1]: unknown app 'shp': did you mean 'shop'?",
    "zones.public.apps[2]: app 'loose' exists but is not in INSTALLED_APPS; add 'loose' to INSTALLED_APPS",
    "zones.public.apps[3]: app 'nourls' has no `urls` module (nourls.urls); create it",
    "zones.client.apps[1]: app 'shop' is already in zone 'public'",
    "zones.broken.apps[0]: zone 'broken': importing brokenurls.urls (app 'brokenurls') failed: ImportError: "
    "cannot import name 'does_not_exist'",
    "zones.empty.apps: the zone lists no apps, urls or paths: add the Django apps",
    "zones.clash.permissions[0]: permission class 'rest_framework.permissions.IsAdminUsr' cannot be imported",
    "zones.clash.path_prefix: URL prefix '/api/public/' clashes with zone 'public'",
]


@pytest.fixture(scope="module")
def bad_validate(tmp_path_factory):
    return run_manage("--validate-zones", output=tmp_path_factory.mktemp("bad"), **BAD)


def test_every_bad_zone_configuration_is_reported_at_once(bad_validate):
    assert bad_validate.returncode == 2
    assert "Invalid zone configuration (8 problems)" in bad_validate.stderr
    for expected in EXPECTED_BAD:
        assert expected in bad_validate.stderr, expected
    assert "Traceback" not in bad_validate.stderr


def test_the_import_error_points_at_the_broken_line(bad_validate):
    assert "brokenurls/urls.py:3" in bad_validate.stderr


def test_a_run_with_a_bad_configuration_fails_with_the_same_report(tmp_path):
    result = run_manage("--generate", output=tmp_path, **BAD)
    assert result.returncode == 2
    for expected in EXPECTED_BAD:
        assert expected in result.stderr, expected
    assert not (tmp_path / "openapi").exists()


def test_unsafe_zone_names_are_all_reported_with_other_problems(tmp_path):
    result = run_manage("--validate-zones", output=tmp_path, DJANGO_SETTINGS_MODULE="shopproj.settings_badnames")
    assert result.returncode == 2
    err = result.stderr
    assert "Invalid settings.DJANGO_REVOLUTION (3 problems)" in err
    assert "zones.Bad-Name: zone name 'Bad-Name' is not a safe slug" in err and "(e.g. 'bad_name')" in err
    assert "zones.class: zone name 'class' is not a safe slug" in err and "(e.g. 'class_zone')" in err
    assert "zones.staff.apps[0]: unknown app 'staf': did you mean 'staff'?" in err


def test_mistakes_in_get_revolution_config_are_reported_not_raised_from_settings(tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "shopproj.settings_badcall"}
    for args in (("--validate-zones",), ("--generate",)):
        result = run_manage(*args, output=tmp_path, **env)
        assert result.returncode == 2, result.stderr
        err = result.stderr
        assert "Invalid settings.DJANGO_REVOLUTION (2 problems)" in err
        assert "zones.my-client: zone name 'my-client' is not a safe slug" in err and "(e.g. 'my_client')" in err
        assert "zones.my-client.apps[0]: unknown app 'acounts': did you mean 'accounts'?" in err
        assert "Traceback" not in err
    assert not (tmp_path / "openapi").exists()
    # Other commands still start: the settings import.
    shell = subprocess.run([PYTHON, "manage.py", "shell", "-c", "print('settings ok')"], cwd=SHOPPROJ,
                           env=project_env(tmp_path, **env), capture_output=True, text=True, timeout=60)
    assert shell.stdout.splitlines()[-1] == "settings ok", shell.stderr


def test_a_valid_get_revolution_config_is_a_revolution_config(tmp_path):
    from revolution_django import RevolutionConfig, ZoneConfig, get_revolution_config

    config = get_revolution_config(tmp_path, {"public": ZoneConfig(apps=["shop"])}, api_prefix="v")
    assert isinstance(config, RevolutionConfig) and config.plugin_options["django"] == {"api_prefix": "v"}


def test_validate_zone_configuration_reports_unsafe_names_and_empty_zones(shop_probe):
    problems = dict((location, message) for location, message in shop_probe["problems"])
    assert set(problems) == {"zones.Bad-Name", "zones.class", "zones.class.apps[0]", "zones.ok.apps"}
    assert "did you mean 'accounts'" in problems["zones.class.apps[0]"]


def test_a_urls_import_error_is_shown_naming_zone_and_app_when_running(tmp_path):
    result = run_manage("--generate", output=tmp_path, DJANGO_SETTINGS_MODULE="shopproj.settings_broken")
    assert result.returncode == 2
    assert ("zone 'partners': importing brokenurls.urls (app 'brokenurls') failed: ImportError: cannot import "
            "name 'does_not_exist'") in result.stderr


@pytest.mark.parametrize("debug", [("--debug",), ()], ids=["flag", "env"])
def test_with_debug_a_urls_import_error_comes_with_its_traceback(tmp_path, debug):
    env = {} if debug else {"DJANGO_REVOLUTION_DEBUG": "1"}
    for args in (("--generate", *debug), ("--validate-zones", *debug)):
        result = run_manage(*args, output=tmp_path, DJANGO_SETTINGS_MODULE="shopproj.settings_broken", **env)
        assert result.returncode == 2, result.stderr
        assert "zone 'partners': importing brokenurls.urls (app 'brokenurls') failed" in result.stderr
        assert "Traceback (most recent call last)" in result.stderr and 'brokenurls/urls.py", line 3' in result.stderr


def test_a_urls_import_error_leaves_the_other_zones_served_and_is_reported_by_check():
    """urls.py never raises on a zone mistake (every request and `manage.py check` import it): the broken zone
    is left out, the others are served, and the system checks name the zone, the module and the line."""
    code = ("import django; django.setup(); from django.urls import resolve; "
            "print(resolve('/api/public/products/').func.cls.__name__)")
    env = project_env(DJANGO_SETTINGS_MODULE="shopproj.settings_broken", PYTHONPATH=".")
    result = subprocess.run([PYTHON, "-c", code], cwd=SHOPPROJ, capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ProductViewSet"
    check = subprocess.run([PYTHON, "manage.py", "check"], cwd=SHOPPROJ, capture_output=True, text=True,
                           timeout=60, env=env)
    assert check.returncode != 0
    assert "(revolution_django.E002) zones.partners.apps[0]: zone 'partners': importing brokenurls.urls" in check.stderr
    assert "brokenurls/urls.py:3" in check.stderr and "Traceback" not in check.stderr


def test_manage_py_check_reports_every_zone_problem_as_a_system_check_error():
    result = subprocess.run([PYTHON, "manage.py", "check"], cwd=SHOPPROJ, capture_output=True, text=True,
                            timeout=60, env=project_env(DJANGO_SETTINGS_MODULE="shopproj.settings_bad"))
    assert result.returncode != 0
    assert result.stderr.count("(revolution_django.E002)") == 8
    for expected in EXPECTED_BAD:
        assert expected in result.stderr, expected
    assert "Traceback" not in result.stderr


def test_system_checks_report_zone_problems_even_without_add_revolution_urls():
    env = project_env(DJANGO_SETTINGS_MODULE="shopproj.settings_bad", SHOPPROJ_PLAIN_URLS="1")
    result = subprocess.run([PYTHON, "manage.py", "check"], cwd=SHOPPROJ, capture_output=True, text=True,
                            timeout=60, env=env)
    assert result.returncode != 0
    assert result.stderr.count("(revolution_django.E002)") == 8
    assert "zones.public.apps[1]: unknown app 'shp': did you mean 'shop'?" in result.stderr


def test_manage_py_check_reports_a_misspelt_zone_field_like_the_run_does(tmp_path):
    env = project_env(DJANGO_SETTINGS_MODULE="shopproj.settings_badfield")
    check = subprocess.run([PYTHON, "manage.py", "check"], cwd=SHOPPROJ, capture_output=True, text=True,
                           timeout=60, env=env)
    expected = "zones.partner.path: unknown setting; did you mean 'paths'?"
    assert check.returncode != 0, check.stderr
    assert f"(revolution_django.E001) {expected}" in check.stderr and "Traceback" not in check.stderr
    run = run_manage("--validate-zones", output=tmp_path, DJANGO_SETTINGS_MODULE="shopproj.settings_badfield")
    assert run.returncode == 2 and expected in run.stderr
