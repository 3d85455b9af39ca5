"""The hooks as a contract: documented, spelled right everywhere in the tree, event hooks keep their word
(`run_finished` always follows `run_started`) and wrappers are refused with a message, not ignored."""

from __future__ import annotations

import ast
import importlib.util
import inspect
import sys
from pathlib import Path

import pluggy
import pytest

from revolution_core import hookimpl, hookspecs
from revolution_core.errors import ConfigError
from revolution_core.plugins import build_registry
from revolution_core.testing import make_config, run_pipeline
from tests.core import fakes

ROOT = Path(__file__).resolve().parents[2]
HOOKS = sorted(name for name, _ in inspect.getmembers(hookspecs, inspect.isfunction) if name.startswith("revolution_"))


@pytest.mark.parametrize("name", HOOKS)
def test_every_hook_is_documented_with_each_argument(name):
    spec = getattr(hookspecs, name)
    doc = inspect.getdoc(spec) or ""
    assert len(doc) > 40, f"{name} needs a docstring saying when it is called and what it returns"
    for argument in inspect.signature(spec).parameters:
        assert f"`{argument}`" in doc or argument in doc, f"{name}'s docstring does not mention `{argument}`"
    guide = (ROOT / "docs/architecture.md").read_text(encoding="utf-8")
    assert name in guide, f"docs/architecture.md does not list {name}"


def _modules_with_hookimpls() -> list[Path]:
    """Every Python file of the tree that implements a hook (built-ins, test fakes, third-party samples);
    test modules are left out, some of them define broken plugins on purpose."""
    found = []
    for base in (ROOT / "plugins", ROOT / "tests"):
        for path in sorted(base.rglob("*.py")):
            if "node_modules" in path.parts or "generated" in path.parts:
                continue
            text = path.read_text(encoding="utf-8")
            if "@hookimpl" in text and not path.name.startswith("test_"):  # tests misspell hooks on purpose
                found.append(path)
    return found


def _load(path: Path) -> object:
    name = "_hook_contract_" + "_".join(path.relative_to(ROOT).with_suffix("").parts).replace("-", "_")
    for folder in (path.parent, path.parent.parent):  # sibling imports in sample projects
        if str(folder) not in sys.path:
            sys.path.append(str(folder))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pydantic look their module up
    spec.loader.exec_module(module)
    return module


def test_every_hook_implementation_in_the_tree_passes_check_pending(monkeypatch):
    monkeypatch.setattr(sys, "path", list(sys.path))  # the sample projects' folders hold fake distributions
    monkeypatch.setattr(sys, "modules", dict(sys.modules))
    files = _modules_with_hookimpls()
    assert len(files) >= 10, files  # the six built-ins and the test plugins
    for path in files:
        module = _load(path)
        pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        pm.add_hookspecs(hookspecs)
        pm.register(module)
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and any(
                hasattr(getattr(cls, attr, None), "revolution_impl") for attr in vars(cls)
            ):
                try:
                    pm.register(cls())
                except TypeError:
                    continue  # needs arguments: covered where it is constructed
        pm.check_pending()  # raises on a misspelt hook or a wrong argument name
        declared = {node.name for node in ast.walk(ast.parse(path.read_text())) if isinstance(node, ast.FunctionDef)
                    and any(getattr(d, "id", getattr(d, "attr", "")) == "hookimpl" for d in node.decorator_list)}
        assert declared <= set(HOOKS), f"{path}: {declared - set(HOOKS)} are not revolution hooks"


class Observer:
    def __init__(self) -> None:
        self.events: list[str] = []

    @hookimpl
    def revolution_run_started(self, zones):
        self.events.append(f"started {','.join(zones)}")

    @hookimpl
    def revolution_run_finished(self, report):
        self.events.append(f"finished ok={report.ok}")


def test_run_finished_follows_run_started_when_zone_validation_fails(tmp_path):
    """The zone sources' checks run after `run_started`; a problem they find is still reported to observers."""
    config = make_config(tmp_path, {"public": {"openapi_file": "missing.json", "generators": ["echo"]}},
                         archivers=[])
    observer = Observer()
    with pytest.raises(ConfigError, match=r"zones\.public\.openapi_file: file not found"):
        run_pipeline(config, [fakes, observer])
    assert observer.events == ["started public", "finished ok=False"]


def test_run_finished_is_called_once_on_success(tmp_path):
    (tmp_path / "public.json").write_text('{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}}')
    config = make_config(tmp_path, {"public": {"openapi_file": "public.json", "generators": ["echo"]}}, archivers=[])
    observer = Observer()
    assert run_pipeline(config, [fakes, observer]).ok
    assert observer.events == ["started public", "finished ok=True"]


class WrappingObserver:
    @hookimpl(wrapper=True)
    def revolution_run_finished(self, report):
        yield


def test_a_wrapper_observer_is_refused_with_a_message(tmp_path):
    registry = build_registry([WrappingObserver()], load_entry_points=False)
    [problem] = registry.problems
    assert "declares revolution_run_finished as a hook wrapper" in problem
    assert "drop wrapper=True" in problem
    (tmp_path / "public.json").write_text('{"openapi": "3.0.3", "info": {"title": "x", "version": "1"}, "paths": {}}')
    config = make_config(tmp_path, {"public": {"openapi_file": "public.json", "generators": ["echo"]}}, archivers=[])
    with pytest.raises(ConfigError, match="hook wrapper"):
        run_pipeline(config, [fakes, WrappingObserver()])
    assert not (tmp_path / "clients").exists()


def test_the_core_names_no_built_in_plugin_and_no_django_field():
    """The core knows its built-ins only through the hooks: no plugin name as a string, no plugin module,
    no Django zone field, no web framework. `revolution_core.testing`, the kit for plugin authors, builds its
    sample projects from OpenAPI files with the built-in `openapi-file` zone source, and is left out."""
    import re

    forbidden = [
        r"revolution_(django|typescript|python|archive|monorepo|openapi)\b",
        r"""["'](django|typescript|python|archive|monorepo|openapi-file|drf-spectacular)["']""",
        r"\b(apps|public|auth_required|permissions|path_prefix|openapi_file|api_prefix)\b",
        r"\b(django|DRF|drf_spectacular|spectacular)\b|\bDjango\b(?! Revolution)",
        r"MonorepoConfig|DJANGO_REVOLUTION",
    ]
    offences = []
    for path in sorted((ROOT / "revolution_core").glob("*.py")):
        if path.name == "testing.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for pattern in forbidden:
                if re.search(pattern, line):
                    offences.append(f"{path.name}:{number}: {line.strip()}")
    assert not offences, "\n".join(offences)
