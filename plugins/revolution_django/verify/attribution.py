"""Who is at fault: the view answering an operation (class, handler, file:line), the serializer behind
a response component (from drf-spectacular's component registry), and the usual fix for each kind."""

from __future__ import annotations

import inspect
import re
from pathlib import Path
from typing import Any

from revolution_core.config import RevolutionConfig

PARAM = re.compile(r"\{([^}]+)\}")
SAMPLE_UUID = "00000000-0000-4000-8000-000000000000"


def source_location(obj: Any, root: Path) -> str:
    """`path/to/module.py:LINE` (relative to the project root when inside it), '' when unknown."""
    try:
        target = inspect.unwrap(obj)
        filename = inspect.getsourcefile(target)
        line = inspect.getsourcelines(target)[1]
    except (TypeError, OSError):
        return ""
    if not filename:
        return ""
    path = Path(filename).resolve()
    try:
        shown = path.relative_to(root.resolve()).as_posix()
    except ValueError:
        shown = str(path)
    return f"{shown}:{line}"


def _function_view(handler: Any, name: str) -> Any:
    """The user's function behind DRF's `@api_view` wrapper class (kept in its handler's closure)."""
    for cell in getattr(handler, "__closure__", None) or ():
        content = cell.cell_contents
        if inspect.isfunction(content) and content.__name__ == name:
            return content
    return None


class Attributor:
    """Answers 'which view' and 'which serializer' for one zone, from its URL module and schema."""

    def __init__(self, config: RevolutionConfig, zone: str, urlconf: str, producer_options: Any = None) -> None:
        self.root = config.project_root
        self.urlconf = urlconf
        self._components: dict[str, Any] | None = None
        self._config = config
        self._zone = zone
        self._producer_options = producer_options

    # -- views --

    def sample_path(self, path: str, parameters: list[dict[str, Any]]) -> str:
        """The path template with a plausible value per parameter, to resolve it against the URLconf."""
        kinds = {p.get("name"): p.get("schema", {}) for p in parameters if p.get("in") == "path"}

        def value(match: re.Match[str]) -> str:
            schema = kinds.get(match.group(1), {})
            if schema.get("type") == "integer":
                return "1"
            return SAMPLE_UUID if schema.get("format") == "uuid" else "x"

        return PARAM.sub(value, path)

    def view(self, method: str, path: str, parameters: list[dict[str, Any]]) -> str | None:
        """`module.Class.handler (file.py:LINE)` for the view serving `method path`, None if not found."""
        from django.urls import Resolver404, resolve

        try:
            match = resolve(self.sample_path(path, parameters), urlconf=self.urlconf)
        except Resolver404:
            return None
        callback = match.func
        cls = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
        if cls is None:
            return f"{callback.__module__}.{getattr(callback, '__qualname__', callback)} " \
                   f"({source_location(callback, self.root)})"
        action = (getattr(callback, "actions", None) or {}).get(method.lower(), method.lower())
        handler = getattr(cls, action, None)
        function = _function_view(handler, cls.__name__) if handler is not None else None
        if function is not None:
            return f"{function.__module__}.{function.__name__} ({source_location(function, self.root)})"
        name = f"{cls.__module__}.{cls.__qualname__}"
        owner = next((k for k in cls.__mro__ if action in k.__dict__), None) if handler is not None else None
        if owner is cls:
            return f"{name}.{action} ({source_location(handler, self.root) or source_location(cls, self.root)})"
        inherited = f"; {action} inherited from {owner.__module__}.{owner.__qualname__}" if owner else ""
        return f"{name}.{action} ({source_location(cls, self.root)}{inherited})"

    # -- serializers --

    def components(self) -> dict[str, Any]:
        """Schema component name -> the serializer class drf-spectacular built it from."""
        if self._components is None:
            from revolution_django.schema import component_serializers

            try:
                self._components = component_serializers(self._config, self._zone, self.urlconf,
                                                         self._producer_options)
            except Exception:  # attribution is a courtesy: never let it hide the findings themselves
                self._components = {}
        return self._components

    def serializer(self, component: str | None) -> str | None:
        if not component:
            return None
        target = self.components().get(component)
        if target is None:
            base = re.sub(r"(Request)$", "", component)
            target = self.components().get(base)
        if target is None:
            return f"component {component}"
        cls = target if inspect.isclass(target) else type(target)
        return f"{cls.__module__}.{cls.__qualname__} ({source_location(cls, self.root)}), component {component}"


def response_component(response: dict[str, Any], instance_path: list[str], document: dict[str, Any]) -> str | None:
    """The component a value of a documented response belongs to: the innermost `$ref` met while walking
    `instance_path` (the failing value's location in the body) down the response schema."""
    content = response.get("content") or {}
    media: dict[str, Any] = content.get("application/json") or next(iter(content.values()), {})
    node: Any = media.get("schema") or {}
    found = _ref_name(node)
    for part in instance_path:
        node = _deref(node, document)
        if not isinstance(node, dict):
            break
        if part.isdigit() and "items" in node:
            node = node["items"]
        elif part in node.get("properties", {}):
            node = node["properties"][part]
        else:
            break
        found = _ref_name(node) or found
    return found


def _ref_name(schema: dict[str, Any]) -> str | None:
    ref = schema.get("$ref")
    if isinstance(ref, str) and ref.startswith("#/components/schemas/"):
        return ref.rsplit("/", 1)[1]
    for key in ("allOf", "oneOf", "anyOf"):
        for option in schema.get(key) or []:
            if isinstance(option, dict) and "$ref" in option:
                return _ref_name(option)
    return None


def _deref(node: Any, document: dict[str, Any]) -> Any:
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        name = _ref_name(node)
        if name is None:
            break
        node = document.get("components", {}).get("schemas", {}).get(name, {})
    return node
