"""Configuration: the seed's names and arguments, defaults, and located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from revolution_core import MonorepoConfig, ZoneConfig, get_revolution_config
from revolution_core.config import find_config_file, load_config_file
from revolution_core.errors import ConfigError


def test_seed_quick_start_arguments_work(tmp_path):
    zones = {
        "public": ZoneConfig(
            apps=["accounts", "billing"],
            title="Public API",
            description="Public endpoints",
            public=True,
            auth_required=False,
            version="v1",
        ),
        "admin": ZoneConfig(
            apps=["admin_panel"], title="Admin API", description="Admin", public=False, auth_required=True, version="v1"
        ),
    }
    config = get_revolution_config(
        project_root=tmp_path,
        zones=zones,
        debug=True,
        monorepo=MonorepoConfig(enabled=True, path=tmp_path / "mono", api_package_path="packages/api/src"),
    )
    assert list(config.zones) == ["public", "admin"]
    assert config.debug is True
    assert config.schemas_dir == tmp_path / "openapi/schemas"
    assert config.clients_dir == tmp_path / "clients"
    assert config.archive_dir == tmp_path / "openapi/archive"
    assert [g.name for g in config.zone_generators("admin")] == ["typescript", "python"]
    assert [s.name for s in config.selected_sync_targets()] == ["monorepo"]


def test_two_line_config_uses_defaults(tmp_path):
    config = get_revolution_config(tmp_path, {"public": {"apps": ["catalog"]}})
    zone = config.zones["public"]
    assert (zone.version, zone.public, zone.auth_required) == ("v1", False, True)
    assert [a.name for a in config.archivers] == ["archive"]
    assert config.selected_sync_targets() == []


@pytest.mark.parametrize("name", ["Public", "my-zone", "1st", "class", "a" * 41, "../x"])
def test_zone_names_must_be_safe_slugs(tmp_path, name):
    with pytest.raises(ConfigError) as error:
        get_revolution_config(tmp_path, {name: ZoneConfig(apps=["x"])})
    assert f"zone name {name!r} is not a safe slug" in str(error.value)


def test_errors_are_located_and_all_reported_together(tmp_path):
    with pytest.raises(ConfigError) as error:
        get_revolution_config(tmp_path, {"public": {"apps": "catalog", "verison": "v2"}}, max_workers=0)
    text = str(error.value)
    assert "(3 problems)" in text
    assert "zones.public.apps: Input should be a valid list" in text
    assert "zones.public.verison: unknown setting; did you mean 'version'?" in text
    assert "max_workers: Input should be greater than or equal to 1" in text


def test_per_zone_generator_selection_and_options(tmp_path):
    config = get_revolution_config(
        tmp_path,
        {"admin": {"apps": ["backoffice"], "generators": ["python", {"name": "typescript", "options": {"zod": True}}]}},
        plugin_options={"typescript": {"package_name": "@acme/api", "zod": False}},
    )
    selections = config.zone_generators("admin")
    assert [s.name for s in selections] == ["python", "typescript"]
    assert config.options_for("typescript", selections[1]) == {"package_name": "@acme/api", "zod": True}


def test_toml_config_in_pyproject(tmp_path):
    (tmp_path / "specs").mkdir()
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\nversion = "2.0.0"\n\n[tool.revolution]\ngenerators = ["python"]\n'
        '[tool.revolution.zones.public]\nopenapi_file = "specs/public.yaml"\ntitle = "Public"\n'
    )
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config_file(nested) == tmp_path / "pyproject.toml"
    config = load_config_file(tmp_path / "pyproject.toml")
    assert config.project_root == tmp_path.resolve()
    assert config.project_version == "2.0.0"
    assert config.zones["public"].openapi_file == "specs/public.yaml"


def test_revolution_toml_wins_and_errors_name_the_file(tmp_path):
    (tmp_path / "revolution.toml").write_text("[zones.public]\nopenapi_file = 3\n")
    with pytest.raises(ConfigError) as error:
        load_config_file(find_config_file(tmp_path) or Path("missing"))
    assert "revolution.toml" in str(error.value)
    assert "zones.public.openapi_file: Input should be a valid string" in str(error.value)


def test_invalid_toml_is_a_clear_error(tmp_path):
    (tmp_path / "revolution.toml").write_text("[zones\n")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config_file(tmp_path / "revolution.toml")


def test_every_bad_zone_name_is_listed_at_once(tmp_path):
    with pytest.raises(ConfigError) as error:
        get_revolution_config(tmp_path, {"Bad": {"apps": ["x"]}, "also-bad": {"apps": ["y"]}, "good": {"apps": ["z"]}})
    assert "zone name 'Bad', zone name 'also-bad' are not a safe slug" in str(error.value)
