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


def test_generated_python_passes_ruff_with_default_settings(example_clients: Path) -> None:
    """`ruff check` and `ruff format --check` with ruff's defaults: alone (`--isolated`) and as a user runs
    them in the package (ruff then reads the generated pyproject.toml: its requires-python)."""
    import subprocess
    import sys

    ruff = str(Path(sys.executable).parent / "ruff")
    package = example_clients / "clients" / "python"
    for isolated in (["--isolated"], []):
        for command in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
            done = subprocess.run([ruff, *command, *isolated, "."], cwd=package, capture_output=True, text=True)
            assert done.returncode == 0, f"ruff {' '.join(command + isolated)}:\n{done.stdout}{done.stderr}"


def test_every_generated_source_starts_with_the_same_notice(example_clients: Path) -> None:
    from revolution_core.packaging import generated_notice

    clients = example_clients / "clients"
    ours = [*clients.glob("python/**/*.py"), clients / "python" / "pyproject.toml",
            *clients.glob("typescript/index.ts"), *clients.glob("typescript/_api/*.ts"),
            *clients.glob("typescript/*/security.gen.ts")]
    assert len(ours) > 20
    for path in ours:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        language = "python" if path.suffix in (".py", ".toml") else "typescript"
        marker = "#" if language == "python" else "//"
        assert first == f"{marker} {generated_notice(language)}", path
