"""`revolution check` and `manage.py revolution --check` on a real Django project (a copy of namesproj in git)
with the real TypeScript and Python generators: 0 on fresh output, 1 after a serializer edit, the breaking
gate against HEAD after a field removal (1) and a field addition (0), and not one byte written in the project
(the whole tree hashed, .git and caches included). Along the way, the versions of both client packages
follow the changes by semver (1.x: an addition is minor, a breaking change major)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django_plugin_helpers import HERE, PYTHON, project_env

from tests.core.test_check import tree_digest

GIT = shutil.which("git")
REVOLUTION = str(Path(PYTHON).with_name("revolution"))
pytestmark = [pytest.mark.slow, pytest.mark.node,
              pytest.mark.skipif(GIT is None, reason="git is not installed")]


def _env() -> dict[str, str]:
    env = project_env()
    env["REVOLUTION_DISABLE_PLUGINS"] = "fakegen"  # the real typescript and python generators
    return env


def _run(project: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(argv), cwd=project, env=_env(), capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)


def _git(project: Path, *args: str) -> None:
    subprocess.run([GIT, "-C", str(project), "-c", "user.email=t@t", "-c", "user.name=t", *args], check=True,
                   capture_output=True)


def _check(project: Path, *args: str, manage: bool = False) -> tuple[int, dict]:
    before = tree_digest(project)
    argv = [PYTHON, "manage.py", "revolution", "--check"] if manage else [REVOLUTION, "check"]
    result = _run(project, *argv, "--json", *args)
    assert tree_digest(project) == before, f"check wrote into the project: {result.stderr}"
    try:
        return result.returncode, json.loads(result.stdout)
    except ValueError:
        pytest.fail(f"no JSON (exit {result.returncode}):\n{result.stdout}\n{result.stderr}")


def _versions(project: Path) -> tuple[str, str]:
    package = json.loads((project / "clients/typescript/package.json").read_text())["version"]
    pyproject = (project / "clients/python/pyproject.toml").read_text()
    match = re.search(r'^version = "([^"]+)"', pyproject, re.M)
    assert match is not None
    return package, match.group(1)


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_check_gates_stale_output_and_breaking_changes_and_writes_nothing(tmp_path):
    project = tmp_path / "namesproj"
    shutil.copytree(HERE / "namesproj", project, ignore=shutil.ignore_patterns("openapi", "clients", "__pycache__"))
    generated = _run(project, PYTHON, "manage.py", "revolution", "--generate")
    assert generated.returncode == 0, generated.stdout + generated.stderr
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "generated clients")
    assert _versions(project) == ("1.0.0", "1.0.0")

    code, report = _check(project)
    assert (code, report["stale"]) == (0, []), report
    assert _check(project, manage=True)[0] == 0

    # A serializer edit (a new field) makes the committed output stale, and only stale: nothing breaks.
    _edit(project / "desk/serializers.py", 'fields = ["id", "title", "status", "priority"]',
          'fields = ["id", "title", "status", "priority", "notes"]')
    _edit(project / "desk/models.py", "    title = models.CharField(max_length=100)\n",
          '    title = models.CharField(max_length=100)\n    notes = models.TextField(blank=True, default="")\n')
    code, report = _check(project)
    assert code == 1 and report["breaking_checked"] is False
    stale = {d["path"] for d in report["stale"]}
    assert {"openapi/schemas/desk.json", "clients/typescript/desk/types.gen.ts", "clients/python/pyproject.toml",
            "clients/typescript/package.json", "openapi/schemas/revolution-release.json"} <= stale

    # Regenerated: up to date, and against HEAD the addition breaks nothing.
    assert _run(project, REVOLUTION, "run").returncode == 0
    assert _versions(project) == ("1.1.0", "1.1.0")
    code, report = _check(project, "--breaking")
    assert (code, report["stale"], report["breaking"]) == (0, [], 0), report
    assert report["zones"]["desk"]["baseline"] == "HEAD:openapi/schemas/desk.json"
    _git(project, "commit", "-qam", "notes")

    # A field removed: stale before regenerating, and breaking against HEAD even after.
    _edit(project / "desk/serializers.py", 'fields = ["id", "title", "status", "priority", "notes"]',
          'fields = ["id", "title", "status", "notes"]')
    code, report = _check(project, "--breaking", manage=True)
    assert code == 1 and report["stale"] and report["breaking"] >= 1
    assert _run(project, REVOLUTION, "run").returncode == 0
    code, report = _check(project, "--breaking")
    assert (code, report["stale"]) == (1, [])
    texts = [c["text"] for c in report["zones"]["desk"]["changes"] if c["level"] == "breaking"]
    assert "`Ticket.priority` (response): removed (clients reading it break)" in texts
    assert _check(project)[0] == 0  # without the gate the regenerated tree is simply up to date

    # Both packages: a major version for the breaking change, and the same changelog.
    assert _versions(project) == ("2.0.0", "2.0.0")
    changelogs = [(project / f"clients/{name}/CHANGELOG.md").read_text() for name in ("typescript", "python")]
    for text in changelogs:
        assert "## 2.0.0\n\n### Breaking changes\n" in text and "## 1.1.0" in text
        assert "- `desk`: `Ticket.priority` (response): removed (clients reading it break)" in text
    assert changelogs[0].split("\n", 1)[1] == changelogs[1].split("\n", 1)[1]  # all but the package's name

    result = _run(project, REVOLUTION, "check", "--breaking")
    assert result.returncode == 1
    assert "breaking: `Ticket.priority` (response): removed" in result.stdout
    assert "Check failed." in result.stdout
