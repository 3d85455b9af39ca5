"""Plugin loading as users meet it: installed distributions, entry points, broken plugins."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from revolution_core.testing import sample_openapi

ROOT = Path(__file__).resolve().parents[2]
THIRDPARTY = ROOT / "tests" / "thirdparty"
BUILTINS = {"openapi-file", "django", "typescript", "python", "archive", "monorepo"}


def pip(*args: str, python: str = sys.executable) -> None:
    subprocess.run(
        [python, "-m", "pip", "--disable-pip-version-check", "-q", *args], check=True, capture_output=True, text=True
    )


@pytest.fixture(scope="session")
def thirdparty_path(tmp_path_factory) -> Path:
    """revolution-shout, revolution-endpoints and revolution-broken installed as real distributions."""
    target = tmp_path_factory.mktemp("thirdparty-site")
    for name in ("revolution-shout", "revolution-endpoints", "revolution-broken"):
        pip("install", "--no-deps", "--no-build-isolation", "--target", str(target), str(THIRDPARTY / name))
    return target


def revolution(*args: str, cwd: Path, extra_path: Path | None = None, python: str = sys.executable):
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(extra_path), env.get("PYTHONPATH")]))
    code = "import sys; from revolution_core.cli import main; sys.argv[0] = 'revolution'; main()"
    return subprocess.run([python, "-c", code, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_every_package_under_plugins_is_declared_as_an_entry_point():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["entry-points"]["revolution"]
    packages = {p.name for p in (ROOT / "plugins").iterdir() if (p / "__init__.py").is_file()}
    modules = {value.split(".")[0] for value in declared.values()}
    assert packages == modules
    assert set(declared) == BUILTINS


def test_fresh_install_lists_every_builtin_with_distribution_and_stage(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    site = next((venv / "lib").glob("python*/site-packages"))
    # Dependencies come from the development environment; the project itself is built and installed fresh.
    deps = next(p for p in map(Path, sys.path) if p.name == "site-packages" and (p / "pluggy").is_dir())
    (site / "_deps.pth").write_text(f"{deps}\n")
    python = str(venv / "bin" / "python")
    wheel_dir = tmp_path / "wheel"
    pip("wheel", "--no-deps", "--no-build-isolation", "-w", str(wheel_dir), str(ROOT))
    wheel = next(wheel_dir.glob("drf_revolution-*.whl"))
    pip("install", "--no-deps", "--target", str(site), str(wheel))
    result = revolution("plugins", "--json", cwd=tmp_path, python=python)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    rows = {row["name"]: row for row in report["plugins"]}
    assert set(rows) >= BUILTINS
    for name in BUILTINS:
        assert rows[name]["distribution"] == "drf-revolution", rows[name]
        assert rows[name]["error"] is None, rows[name]
        assert rows[name]["provides"], f"{name} registers no stage class"
        assert (
            str(site)
            in subprocess.run(
                [python, "-c", f"import {rows[name]['module'].split('.')[0]} as m; print(m.__file__)"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    stages = {p["stage"] for row in rows.values() for p in row["provides"]}
    assert stages == {"zone source", "schema producer", "generator", "archiver", "sync target"}
    compat = subprocess.run([python, "-c", "import django_revolution.app_config as m; print(m.__file__)"],
                            cwd=tmp_path, capture_output=True, text=True, check=True).stdout
    assert str(site) in compat  # the original's import paths ship in the same distribution


def test_broken_plugin_never_breaks_help_or_plugins(tmp_path, thirdparty_path):
    help_result = revolution("--help", cwd=tmp_path, extra_path=thirdparty_path)
    assert help_result.returncode == 0 and "Commands:" in help_result.stdout
    listing = revolution("plugins", "--json", cwd=tmp_path, extra_path=thirdparty_path)
    assert listing.returncode == 0, listing.stderr
    rows = {row["name"]: row for row in json.loads(listing.stdout)["plugins"]}
    assert rows["broken"]["distribution"] == "revolution-broken"
    assert rows["broken"]["version"] == "0.0.1"
    assert "RuntimeError: this plugin is broken on purpose" in rows["broken"]["error"]
    assert rows["shout"]["error"] is None
    table = revolution("plugins", cwd=tmp_path, extra_path=thirdparty_path)
    assert "revolution-broken" in table.stdout and "failed" in table.stdout


def test_disabled_plugin_is_not_loaded(tmp_path, thirdparty_path):
    result = revolution(
        "--disable-plugins", "broken", "plugins", "--json", "--all", cwd=tmp_path, extra_path=thirdparty_path
    )
    rows = {row["name"]: row for row in json.loads(result.stdout)["plugins"]}
    assert rows["broken"]["disabled"] is True and rows["broken"]["error"] is None
    env_result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from revolution_core.plugins import build_registry; "
            "print([p.name for p in build_registry().loaded if not p.disabled])",
        ],
        env={**os.environ, "REVOLUTION_DISABLE_PLUGINS": "broken,python", "PYTHONPATH": str(thirdparty_path)},
        capture_output=True,
        text=True,
        check=True,
    )
    assert "'broken'" not in env_result.stdout and "'python'" not in env_result.stdout
    assert "'shout'" in env_result.stdout


def test_version_imports_no_plugin_module(tmp_path, thirdparty_path):
    code = (
        "import sys\n"
        "from revolution_core.cli import cli\n"
        "try:\n    cli(['--version'])\nexcept SystemExit:\n    pass\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('revolution_') and m != 'revolution_core'"
        " and not m.startswith('revolution_core.'))\n"
        "print('PLUGINS', loaded)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(thirdparty_path)}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert "PLUGINS []" in result.stdout


def test_third_party_generator_runs_through_revolution_run(tmp_path, thirdparty_path):
    specs = tmp_path / "specs"
    specs.mkdir()
    for zone in ("public", "client"):
        (specs / f"{zone}.json").write_text(json.dumps(sample_openapi(resource=f"{zone}_things")))
    (tmp_path / "pyproject.toml").write_text(
        '[tool.revolution]\narchivers = []\ngenerators = ["shout"]\n'
        '[tool.revolution.zones.public]\nopenapi_file = "specs/public.json"\n'
        '[tool.revolution.zones.client]\nopenapi_file = "specs/client.json"\n'
        '[tool.revolution.plugin_options.shout]\nsuffix = "!!"\n'
    )
    result = revolution("run", "--json", cwd=tmp_path, extra_path=thirdparty_path)
    assert result.returncode == 0, result.stderr + result.stdout
    report = json.loads(result.stdout)
    assert report["ok"] and report["zones"] == ["public", "client"]
    ok = {(s["plugin"], s["zone"]) for s in report["steps"] if s["status"] == "ok"}
    assert {("shout", "public"), ("shout", "client")} <= ok
    text = (tmp_path / "clients/shout/client/operations.txt").read_text()
    assert text == "CREATE_CLIENT_THINGS!!\nLIST_CLIENT_THINGS!!\nRETRIEVE_CLIENT_THINGS!!\n"

    (tmp_path / "pyproject.toml").write_text(
        (tmp_path / "pyproject.toml").read_text().replace('generators = ["shout"]', 'generators = ["shout", "kotlin"]')
    )
    failed = revolution("run", cwd=tmp_path, extra_path=thirdparty_path)
    assert failed.returncode == 2
    assert "generators[1]: unknown generator 'kotlin'; available:" in failed.stderr
    assert "shout" in failed.stderr and "install a revolution-kotlin package" in failed.stderr


def endpoints_project(root: Path, zone: str) -> Path:
    (root / "pyproject.toml").write_text(
        '[tool.revolution]\ngenerators = ["shout"]\narchivers = []\n'
        f"[tool.revolution.zones.hooks]\n{zone}\n"
        '[tool.revolution.zones.public]\nopenapi_file = "public.json"\n'
    )
    (root / "public.json").write_text(json.dumps(sample_openapi()))
    return root


def test_a_third_party_zone_source_declares_zone_fields_of_its_own(tmp_path, thirdparty_path):
    """revolution-endpoints serves zones with an `endpoints` field the core has never heard of: the zone goes
    to it because it declares the field, its own model validates it, and its producer and the shout
    generator (another third party) run through the core."""
    root = endpoints_project(tmp_path, 'endpoints = ["GET /items/", "POST /items/"]\nbase_path = "/api"')
    result = revolution("run", "--json", cwd=root, extra_path=thirdparty_path)
    assert result.returncode == 0, result.stdout + result.stderr
    steps = {(s["stage"], s["plugin"], s["zone"]) for s in json.loads(result.stdout)["steps"]}
    assert ("schema producer", "endpoints", "hooks") in steps and ("schema producer", "openapi-file", "public") in steps
    assert (root / "clients/shout/hooks/operations.txt").read_text() == "GET_ITEMS!\nPOST_ITEMS!\n"
    zones = json.loads(revolution("zones", "--json", cwd=root, extra_path=thirdparty_path).stdout)
    assert zones[0]["source"] == "endpoints" and zones[0]["fields"]["base_path"] == "/api"


def test_a_third_party_zone_fields_mistakes_are_located_with_a_did_you_mean(tmp_path, thirdparty_path):
    root = endpoints_project(tmp_path, 'endpoint = ["GET /items/"]')
    misspelt = revolution("run", cwd=root, extra_path=thirdparty_path)
    assert misspelt.returncode == 2
    assert "zones.hooks.endpoint: unknown setting; did you mean 'endpoints'?" in misspelt.stderr
    wrong = revolution("run", cwd=endpoints_project(tmp_path, 'endpoints = ["FETCH /items/"]'),
                       extra_path=thirdparty_path)
    assert wrong.returncode == 2
    assert "zones.hooks.endpoints: 'FETCH /items/' is not 'METHOD /path/'" in wrong.stderr
    assert "Traceback" not in misspelt.stderr + wrong.stderr and not (tmp_path / "clients").exists()


def test_a_third_party_cli_command_comes_through_the_hook(tmp_path, thirdparty_path):
    root = endpoints_project(tmp_path, 'endpoints = ["GET /items/", "DELETE /items/{id}/"]')
    listed = revolution("endpoints", cwd=root, extra_path=thirdparty_path)
    assert listed.returncode == 0, listed.stderr
    assert listed.stdout.splitlines() == ["hooks: GET /items/", "hooks: DELETE /items/{id}/"]
    help_text = revolution("--help", cwd=root, extra_path=thirdparty_path).stdout
    assert "endpoints" in help_text and "List each endpoints zone's endpoints." in help_text
    assert "archive" in help_text  # the built-in archiver's commands come through the same hook


def test_the_sdist_carries_every_package_the_wheel_builds():
    """The wheel is built from the sdist (`python -m build`): a package missing from the sdist is missing
    from the wheel (.ci/package builds both and installs the wheel)."""
    hatch = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["hatch"]["build"]["targets"]
    included = set(hatch["sdist"]["include"])
    for package in hatch["wheel"]["packages"]:
        assert package.split("/")[0] in included, package
