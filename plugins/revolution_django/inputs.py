"""What a Django project's runs depend on, for the core's fingerprint (`revolution_core.fingerprint`):

* `project_inputs`: the project's Python sources (the directory holding the settings package and every
  installed app that is not a third-party package), `manage.py`, `.env`, and the environment variables
  the project may read: every UPPER_CASE string literal in the settings module (over-counting costs
  nothing), and every name read through `os.environ`, `os.getenv` or an `env(...)` helper in any project
  module the run imported (a `models.py` or `urls.py` that adds routes when a variable is set);
* `zone_inputs`: the files a zone's schema was built from, so that an edit that concerns one zone
  regenerates that zone's schema only.

A zone's files are found in the running process, after its schema was produced: the modules of its URL
tree (urls, views), of the classes drf-spectacular turned into components (serializers, wherever they
live), every module under the zone's apps' directories, and whatever those modules reference (imports,
base classes, class attributes, model relations, reverse ones included), followed transitively through
the project's own code. Modules that shape every zone are added to each zone: those named by a setting
(`AUTH_USER_MODEL`, `REST_FRAMEWORK` classes, drf-spectacular hooks, `ROOT_URLCONF`, apps) and those that
register drf-spectacular extensions. A changed file that no zone lists (settings, a new module, `apps.py`)
regenerates every zone. Not seen: code that changes another app's classes when imported (monkey-patching)
without referencing them; run with `--force` after such a change.
"""

from __future__ import annotations

import os
import re
import sys
import sysconfig
import types
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

ENV_LITERAL = re.compile(r"""["']([A-Z][A-Z0-9_]{2,})["']""")
ENV_READ = re.compile(
    r"""(?:\benviron(?:\.get|\.setdefault|\.pop)?\s*[(\[]|\bgetenv\s*\(|\benv(?:\.\w+)?\s*\()\s*["']([A-Za-z_]\w*)["']""")
OWN_PACKAGES = frozenset({"revolution_core", "revolution_django"})
APP_MODEL = re.compile(r"^[A-Za-z_]\w*\.[A-Za-z_]\w*$")


def _library_dirs() -> tuple[str, ...]:
    paths = sysconfig.get_paths()
    found = {paths.get(name) for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    return tuple(sorted(str(Path(p).resolve()) + os.sep for p in found if p))


_LIBRARIES = _library_dirs()


def user_file(module: Any) -> str | None:
    """The source file of a module that belongs to the project (not the standard library, an installed
    third-party package, nor Django Revolution itself, whose code the core fingerprints), else None."""
    if getattr(module, "__name__", "").split(".")[0] in OWN_PACKAGES:
        return None
    file = getattr(module, "__file__", None)
    return _user_path(file) if isinstance(file, str) and file.endswith(".py") else None


@cache
def _user_path(file: str) -> str | None:
    path = os.path.realpath(file)
    parts = path.split(os.sep)
    if "site-packages" in parts or "dist-packages" in parts or path.startswith(_LIBRARIES):
        return None
    return path


def project_inputs() -> Any:
    """The `InputDeclaration` of the running Django project (Django set up), or None outside one."""
    from django.apps import apps
    from django.conf import settings

    from revolution_core.fingerprint import InputDeclaration
    from revolution_django.conf import DEBUG_ENV

    module = sys.modules.get(getattr(settings, "SETTINGS_MODULE", None) or "")
    settings_file = user_file(module) if module else None
    if settings_file is None:
        return None
    depth = len(module.__name__.split("."))  # type: ignore[union-attr]
    path = Path(settings_file)
    base = path.parents[depth] if path.name == "__init__.py" else path.parents[depth - 1]
    trees = {base}
    for app in apps.get_app_configs():
        app_file = user_file(app.module)
        if app_file and not Path(app_file).is_relative_to(base):
            trees.add(Path(app.path))
    settings_files = list(path.parent.glob("*.py")) if path.name == "__init__.py" else [path]
    names = {"DJANGO_SETTINGS_MODULE", "PYTHONPATH", DEBUG_ENV}
    for file in settings_files:
        names.update(ENV_LITERAL.findall(file.read_text(encoding="utf-8", errors="replace")))
    names.update(_environment_reads())
    return InputDeclaration(trees=tuple(sorted(trees)), suffixes=(".py",),
                            files=(base / "manage.py", base / ".env"), environment=tuple(sorted(names)))


def _environment_reads() -> set[str]:
    """Environment variables read by name in the project modules this process imported."""
    names: set[str] = set()
    for module in list(sys.modules.values()):
        file = user_file(module)
        if file is None:
            continue
        try:
            text = Path(file).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        if "env" in text:
            names.update(ENV_READ.findall(text))
    return names


# -- a zone's files --


def _module_of(value: Any) -> types.ModuleType | None:
    if isinstance(value, types.ModuleType):
        return value
    name = getattr(value, "__module__", None) if isinstance(value, type | types.FunctionType) else None
    if name is None:
        name = getattr(type(value), "__module__", None)
    return sys.modules.get(name) if isinstance(name, str) else None


def _class_references(cls: type) -> Iterator[Any]:
    """What a class defined in a project module refers to: bases, attributes, serializer fields, relations."""
    yield from cls.__mro__[1:]
    for attribute in list(vars(cls).values()):
        yield attribute
        for nested in (getattr(attribute, "child", None), getattr(attribute, "child_relation", None)):
            if nested is not None:
                yield nested
    for declared in getattr(cls, "_declared_fields", {}).values():  # DRF serializers' fields
        yield declared
        for nested in (getattr(declared, "child", None), getattr(declared, "child_relation", None)):
            if nested is not None:
                yield nested
    meta = getattr(cls, "_meta", None)
    if meta is not None and hasattr(meta, "get_fields"):  # Django models: relations both ways
        try:
            fields = meta.get_fields(include_hidden=True)
        except Exception:  # an abstract model or an app not ready: nothing to follow
            fields = []
        for model_field in fields:
            yield getattr(model_field, "related_model", None)


class ModuleGraph:
    """Which project modules each project module refers to, computed once per module for a run (every
    zone's closure walks the same graph)."""

    def __init__(self) -> None:
        self._edges: dict[str, set[str]] = {}

    def edges(self, module: types.ModuleType) -> set[str]:
        name = module.__name__
        if name not in self._edges:
            found: set[str] = set()
            for value in list(vars(module).values()):
                references: Iterable[Any] = (value,)
                if isinstance(value, type) and value.__module__ == name:
                    references = (value, *_class_references(value))
                for reference in references:
                    target = _module_of(reference)
                    if target is not None and target is not module and user_file(target):
                        found.add(target.__name__)
            self._edges[name] = found
        return self._edges[name]

    def closure(self, seeds: Iterable[types.ModuleType]) -> set[str]:
        """The project files reachable from `seeds`."""
        queue = [m.__name__ for m in seeds if user_file(m)]
        seen = set(queue)
        files: set[str] = set()
        while queue:
            module = sys.modules.get(queue.pop())
            file = user_file(module) if module is not None else None
            if module is None or file is None:
                continue
            files.add(file)
            for target in self.edges(module) - seen:
                seen.add(target)
                queue.append(target)
        return files


def _setting_values(value: Any, depth: int = 0) -> Iterator[Any]:
    if depth > 6:
        return
    if isinstance(value, dict):
        for item in value.values():
            yield from _setting_values(item, depth + 1)
    elif isinstance(value, list | tuple | set | frozenset):
        for item in value:
            yield from _setting_values(item, depth + 1)
    else:
        yield value


def _module_named(dotted: str) -> types.ModuleType | None:
    parts = dotted.split(".")
    for end in range(len(parts), 0, -1):
        module = sys.modules.get(".".join(parts[:end]))
        if module is not None:
            return module
    return None


def shared_modules() -> list[types.ModuleType]:
    """Modules that shape every zone: the settings module, what settings name, drf-spectacular extensions."""
    from django.apps import apps
    from django.conf import settings

    found: list[types.ModuleType] = []
    settings_module = sys.modules.get(getattr(settings, "SETTINGS_MODULE", None) or "")
    if settings_module is not None:
        found.append(settings_module)
    for name in dir(settings):
        if not name.isupper():
            continue
        for value in _setting_values(getattr(settings, name, None)):
            if isinstance(value, str) and "." in value and len(value) < 300:
                if APP_MODEL.match(value):
                    try:
                        model = apps.get_model(value)
                    except (LookupError, ValueError):
                        model = None
                    if model is not None:
                        found.append(sys.modules[model.__module__])
                        continue
                module = _module_named(value)
                if module is not None:
                    found.append(module)
            elif isinstance(value, type | types.FunctionType):
                module = _module_of(value)
                if module is not None:
                    found.append(module)
    found.extend(_extension_modules())
    return [module for module in found if user_file(module)]


def _extension_modules() -> list[types.ModuleType]:
    """Modules defining drf-spectacular extensions: they apply wherever their target appears."""
    try:
        from drf_spectacular.plumbing import OpenApiGeneratorExtension
    except ImportError:
        return []
    modules = []
    pending = list(OpenApiGeneratorExtension.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        module = sys.modules.get(cls.__module__)
        if module is not None:
            modules.append(module)
    return modules


def url_modules(patterns: Iterable[Any]) -> Iterator[types.ModuleType]:
    """The modules of a URL tree: URLconf modules and the modules of the views they route to."""
    from django.urls import URLPattern, URLResolver

    for entry in patterns:
        if isinstance(entry, URLResolver):
            module = entry.urlconf_module
            if isinstance(module, types.ModuleType):
                yield module
            yield from url_modules(entry.url_patterns)
        elif isinstance(entry, URLPattern):
            callback = entry.callback
            view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
            found = _module_of(view)
            if found is not None:
                yield found


def zone_inputs(urlconf: types.ModuleType, app_dirs: Iterable[Path], components: Iterable[Any],
                graph: ModuleGraph | None = None) -> tuple[Path, ...]:
    """The files zone `urlconf`'s schema was built from (see the module docstring)."""
    seeds = list(url_modules(getattr(urlconf, "urlpatterns", [])))
    seeds += [m for m in (_module_of(c) for c in components) if m is not None]
    prefixes = tuple(str(Path(d).resolve()) + os.sep for d in app_dirs)
    for module in list(sys.modules.values()):
        file = user_file(module)
        if file is not None and file.startswith(prefixes):
            seeds.append(module)
    seeds += shared_modules()
    return tuple(sorted(Path(file) for file in (graph or ModuleGraph()).closure(seeds)))
