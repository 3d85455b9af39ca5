"""What a run prints: each failure explained once, a summary that counts what it showed, where the
outputs are, `-q` quiet, and the documented exit codes."""

from __future__ import annotations

from tests.core import fakes


def two_zone_project(revolution_project, **settings):
    return revolution_project(
        zones={"public": {"generators": ["echo"]}, "client": {"generators": ["echo"]}}, plugins=[fakes], **settings
    )


def test_a_successful_run_ends_with_a_summary_of_what_it_showed_and_where_the_outputs_are(revolution_project,
                                                                                         monkeypatch):
    project = two_zone_project(revolution_project, archivers=[])
    monkeypatch.chdir(project.root)
    first = project.run("run")
    assert first.exit_code == 0, first.output
    assert "Done in" in first.output and ": 5 ok." in first.output  # 2 schemas, 2 zones, the package
    assert first.output.rstrip().splitlines()[-1] == "Outputs: schemas openapi/schemas/, echo clients/echo/"
    again = project.run("run")
    shown = [line for line in again.output.splitlines() if line.startswith(("✓", "=", "✗"))]
    assert len(shown) == 4  # the unchanged package step is not shown at this verbosity ...
    assert ": 2 ok, 2 unchanged." in again.output  # ... nor counted
    assert ": 2 ok, 3 unchanged." in project.run("run", "-v").output


def test_quiet_prints_nothing_when_all_is_well(revolution_project):
    project = two_zone_project(revolution_project)
    result = project.run("run", "-q")
    assert result.exit_code == 0 and result.output == ""


def test_a_failing_zone_is_explained_once_and_the_summary_only_names_it(revolution_project):
    project = two_zone_project(revolution_project, plugin_options={"echo": {"fail_zones": ["public"]}})
    result = project.run("run")
    assert result.exit_code == 1
    assert result.output.count("boom in public") == 1, result.output
    assert "failed: generator echo (zone public)." in result.output


def test_a_configuration_error_exits_2_and_is_said_once(revolution_project):
    project = revolution_project(zones={"admin": {"generators": ["echo", "kotlin"]}}, plugins=[fakes])
    result = project.run("run")
    assert result.exit_code == 2
    assert result.output.count("unknown generator 'kotlin'") == 1, result.output
    assert "Traceback" not in result.output


def test_exit_codes_are_documented_in_the_help(revolution_project):
    project = two_zone_project(revolution_project)
    for args in ((), ("run",)):
        text = " ".join(project.run(*args, "--help").output.split())
        assert "Exit codes: 0 success; 1 a stage failed" in text and "2 the configuration is invalid" in text
        assert "130 interrupted by Ctrl-C" in text


def test_the_version_lives_in_one_place(revolution_project):
    import tomllib
    from pathlib import Path

    import revolution_core

    root = Path(revolution_core.__file__).resolve().parents[1]
    project = tomllib.loads((root / "pyproject.toml").read_text())
    assert project["project"]["name"] == "drf-revolution" and "version" not in project["project"]
    assert project["project"]["dynamic"] == ["version"]
    # `revolution` on PyPI is an unrelated package: a self-reference must use the new name
    requirements = [*project["project"]["dependencies"],
                    *(r for extra in project["project"]["optional-dependencies"].values() for r in extra)]
    assert not [r for r in requirements if r == "revolution" or r.startswith(("revolution[", "revolution>"))]
    assert project["tool"]["hatch"]["version"]["path"] == "revolution_core/__init__.py"
    shown = revolution_project(zones={"public": {}}).run("--version").output
    assert shown.strip() == f"revolution, version {revolution_core.__version__}"
