"""The `example_clients` fixture keeps its contract: one generation run, outputs where the docs say."""

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


def test_schemas_and_clients_land_in_the_documented_places(example_clients: Path) -> None:
    for zone in ("public", "client", "admin"):
        assert (example_clients / "openapi" / "schemas" / f"{zone}.yaml").is_file()
        assert (example_clients / "openapi" / "schemas" / f"{zone}.json").is_file()
        assert (example_clients / "clients" / "python" / "example_api_client" / zone).is_dir()
    assert (example_clients / "clients" / "python" / "pyproject.toml").is_file()
    typescript = example_clients / "clients" / "typescript"
    assert (typescript / "package.json").is_file()
    assert (typescript / "public").is_dir()
    assert (typescript / "client").is_dir()
    assert not (typescript / "admin").exists(), "the admin zone selects only the Python generator"
    assert not (example_clients / "openapi" / "archive").exists(), "--no-archive was given"
