"""The neutral configuration: defaults, TOML files, zone names, and located errors (plugins validate the
rest: see test_plan.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from revolution_core.config import RevolutionConfig, ZoneConfig, find_config_file, load_config_file, parse_config
from revolution_core.errors import ConfigError


def test_two_line_config_uses_defaults(tmp_path):
    config = parse_config({"project_root": tmp_path, "zones": {"public": {"openapi_file": "x.yaml"}}}, "test")
    zone = config.zones["public"]
    assert zone.version == "v1" and zone.generators is None
    assert zone.source_fields() == {"openapi_file": "x.yaml"}
    assert config.generators is None and config.archivers is None and config.sync_targets is None
    assert config.schemas_dir == tmp_path / "openapi/schemas"
    assert config.clients_dir == tmp_path / "clients"


def test_a_typed_zone_config_subclass_reports_its_own_fields_as_source_fields():
    class ShopZone(ZoneConfig):
        apps: list[str] = []
        public: bool = False

    zone = ShopZone(apps=["catalog"], title="Shop", extra_thing=1)
    assert zone.source_fields() == {"apps": ["catalog"], "extra_thing": 1}  # defaults not given are not fields


@pytest.mark.parametrize("name", ["Public", "my-zone", "1st", "class", "a" * 41, "../x"])
def test_zone_names_must_be_safe_slugs(tmp_path, name):
    with pytest.raises(ConfigError) as error:
        parse_config({"project_root": tmp_path, "zones": {name: ZoneConfig()}}, "test")
    assert f"zone name {name!r} is not a safe slug" in str(error.value)


def test_every_bad_zone_name_is_listed_at_once(tmp_path):
    with pytest.raises(ConfigError) as error:
        parse_config({"project_root": tmp_path, "zones": {"Bad": {}, "also-bad": {}, "good": {}}}, "test")
    text = str(error.value)
    assert "zone name 'Bad' is not a safe slug" in text and "zone name 'also-bad' is not a safe slug" in text
    assert "'good'" not in text


def test_errors_are_located_and_all_reported_together(tmp_path):
    with pytest.raises(ConfigError) as error:
        parse_config({"project_root": tmp_path, "zones": {"public": {"version": " "}}, "max_workers": 0,
                      "plugin_optoins": {}}, "test")
    text = str(error.value)
    assert "(3 problems)" in text
    assert "zones.public.version: must not be blank" in text
    assert "max_workers: Input should be greater than or equal to 1" in text
    assert "plugin_optoins: unknown setting; did you mean 'plugin_options'?" in text


def test_toml_config_in_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\nversion = "2.0.0"\n\n[tool.revolution]\ngenerators = ["python"]\n'
        '[tool.revolution.zones.public]\nopenapi_file = "specs/public.yaml"\ntitle = "Public"\n'
    )
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    assert find_config_file(nested) == tmp_path / "pyproject.toml"
    config = load_config_file(tmp_path / "pyproject.toml")
    assert isinstance(config, RevolutionConfig)
    assert config.project_root == tmp_path.resolve()
    assert config.project_version == "2.0.0"
    assert config.zones["public"].source_fields() == {"openapi_file": "specs/public.yaml"}


def test_revolution_toml_wins_and_errors_name_the_file(tmp_path):
    (tmp_path / "revolution.toml").write_text("[zones.public]\nopenapi_file = 'x'\nversion = ''\n")
    with pytest.raises(ConfigError) as error:
        load_config_file(find_config_file(tmp_path) or Path("missing"))
    assert "revolution.toml" in str(error.value)
    assert "zones.public.version: must not be blank" in str(error.value)


def test_invalid_toml_is_a_clear_error(tmp_path):
    (tmp_path / "revolution.toml").write_text("[zones\n")
    with pytest.raises(ConfigError, match="is not valid TOML"):
        load_config_file(tmp_path / "revolution.toml")
