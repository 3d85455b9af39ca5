"""The URL forms of a Django zone, parsed without importing anything (settings.py may not import views).

* `urls=[...]`: urlconf modules mounted under the zone's prefix, each optionally under a sub-prefix:
  `"djoser.urls"`, `("knox/", "knox.urls")`, `{"prefix": "knox/", "urlconf": "knox.urls"}` (TOML, dicts),
  a dotted path to a list of patterns (`"myproject.api.urls.auth_patterns"`), or, when the configuration is
  built where importing views is fine, `path(...)`/`include(...)` objects and lists of them.
* `paths=[...]`: path prefixes of the project's own ROOT_URLCONF (`"/api/auth/"`): the routes under them form
  the zone and stay served exactly where they are.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

SUB_PREFIX = re.compile(r"^[A-Za-z0-9._~\-/]*$")
PATH_PREFIX = re.compile(r"^/[A-Za-z0-9._~\-/]*$")


@dataclass(frozen=True)
class UrlEntry:
    """One `urls` entry: what to mount (`target`) under the zone prefix plus `prefix`."""

    prefix: str
    target: Any  # a dotted name (str), or URL pattern objects / an include() tuple

    @property
    def name(self) -> str:
        """The dotted name, or a short description of pattern objects (for messages)."""
        if isinstance(self.target, str):
            return self.target
        if isinstance(self.target, tuple) and self.target:  # include(): (urlconf module or list, app_name, ns)
            first = self.target[0]
            return str(getattr(first, "__name__", None) or "include([...])")
        return str(getattr(self.target, "__name__", None) or "<URL patterns>")

    def example(self, sub_prefix: str) -> str:
        """How to write this entry under another sub-prefix, for fixes in messages."""
        target = repr(self.target) if isinstance(self.target, str) else "..."
        return f"({sub_prefix!r}, {target})"


def parse_url_entry(value: Any) -> UrlEntry:
    """A `urls` item -> UrlEntry; a ValueError says which forms are accepted."""
    if isinstance(value, UrlEntry):
        return value
    if isinstance(value, str):
        return UrlEntry("", _dotted(value))
    if isinstance(value, dict):
        unknown = set(value) - {"prefix", "urlconf"}
        if unknown or "urlconf" not in value:
            raise ValueError(f"a URL entry dict has keys 'urlconf' and optionally 'prefix' (got {sorted(value)})")
        return UrlEntry(_sub_prefix(value.get("prefix", "")), _target(value["urlconf"]))
    if isinstance(value, tuple | list) and len(value) == 2 and isinstance(value[0], str) and not _is_pattern(value[0]):
        return UrlEntry(_sub_prefix(value[0]), _target(value[1]))
    if _is_pattern(value) or _is_include(value):
        return UrlEntry("", value)
    raise ValueError(
        f"cannot read URL entry {value!r}: write a urlconf module's dotted name ('djoser.urls'), or a "
        "(sub-prefix, module) pair (('knox/', 'knox.urls'))"
    )


def parse_path_prefix(value: Any) -> str:
    """A `paths` item -> `/api/auth/` (leading and trailing slash); literal segments only."""
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"a path prefix is a string like '/api/auth/' (got {value!r})")
    text = "/" + value.strip().strip("/")
    text = text if text == "/" else text + "/"
    if not PATH_PREFIX.match(text) or "//" in text:
        raise ValueError(
            f"path prefix {value!r} must be literal URL segments like '/api/auth/' (no converters, no regex): "
            "every route of ROOT_URLCONF whose documented path starts with it joins the zone"
        )
    return text


def _dotted(value: str) -> str:
    text = value.strip()
    if not re.fullmatch(r"[A-Za-z_][\w]*(\.[A-Za-z_][\w]*)*", text):
        raise ValueError(
            f"{value!r} is not a dotted module name; write e.g. 'djoser.urls', or ('knox/', 'knox.urls') to mount "
            "a module under a sub-prefix"
        )
    return text


def _sub_prefix(value: Any) -> str:
    if not isinstance(value, str) or not SUB_PREFIX.match(value):
        raise ValueError(f"sub-prefix {value!r} must be literal URL segments like 'knox/' (no converters, no regex)")
    text = value.strip("/")
    return f"{text}/" if text else ""


def _target(value: Any) -> Any:
    if isinstance(value, str):
        return _dotted(value)
    if _is_pattern(value) or _is_include(value) or (
            isinstance(value, list | tuple) and all(_is_pattern(item) for item in value)):
        return value
    if hasattr(value, "urlpatterns"):
        return value
    raise ValueError(f"cannot mount {value!r}: give a urlconf module's dotted name, or URL pattern objects")


def _is_pattern(value: Any) -> bool:
    """A URLPattern or URLResolver (path(), re_path(), or include() inside path()), duck-typed."""
    return hasattr(value, "pattern") and hasattr(value, "resolve")


def _is_include(value: Any) -> bool:
    """The (urlconf_module, app_name, namespace) triple include() returns."""
    return isinstance(value, tuple) and len(value) == 3 and not isinstance(value[0], str)
