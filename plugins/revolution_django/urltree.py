"""Django URL trees as data: every route (the chain of patterns from the root to a view), where it was
declared, the path a schema documents for it, its view and methods, and a concrete sample path.

Used to cut zones out of the project's ROOT_URLCONF (`paths=[...]`), to list routes (`--show-urls`,
`--status`) and to find routes that shadow each other (`revolution_django.conflicts`). Needs Django set up.
"""

from __future__ import annotations

import functools
import importlib
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from revolution_django.sampling import sample

# The parser behind `re` (see revolution_django.sampling).
_parser: Any = importlib.import_module("re._parser")
_constants: Any = importlib.import_module("re._constants")

MARK = "revolution_zone"  # attribute add_revolution_urls sets on what it appends to the project's urlpatterns
_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>\w+)>")
_HTTP = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    """One view reachable through a URL tree."""

    chain: tuple[Any, ...]  # URLResolver..., URLPattern: the patterns Django matches, outermost first
    module: str  # the urlconf module declaring the view's pattern ("" when given as objects)
    entry: str = ""  # the zone setting that brought the route in (`zones.auth.urls[1]`), "" for the project's
    zone: str = ""

    @property
    def leaf(self) -> Any:
        return self.chain[-1]

    @property
    def regex_path(self) -> str:
        return "".join(str(item.pattern) for item in self.chain)

    @property
    def path(self) -> str:
        """The path a schema documents (`/api/auth/users/{id}/`), as DRF and drf-spectacular derive it."""
        return documented_path(self.regex_path)

    @property
    def pattern(self) -> str:
        """The pattern as written in its module (`^$`, `login/`)."""
        return str(self.leaf.pattern)

    @property
    def view(self) -> str:
        return view_name(self.leaf.callback)

    @property
    def is_format_suffix(self) -> bool:
        """DRF's `.json`-style twin of a route (format_suffix_patterns), which schemas leave out."""
        regex = getattr(self.leaf.pattern, "regex", None)
        return "format" in getattr(regex, "groupindex", {}) or self.path.endswith((".{format}", ".{format}/"))

    @property
    def key(self) -> tuple[Any, ...]:
        """Identity across trees built from the same modules: the pattern strings and the view's pattern."""
        return (*(str(item.pattern) for item in self.chain[:-1]), id(self.leaf))

    def witness(self) -> str | None:
        """A concrete path this route itself matches (`/api/auth/users/a/`), or None if none was found."""
        pieces = []
        for item in self.chain:
            piece = sample(item.pattern.regex.pattern) if hasattr(item.pattern, "regex") else None
            if piece is None:
                return None
            pieces.append(piece)
        candidate = "/" + "".join(pieces)
        return candidate if matches_chain(self.chain, candidate[1:]) else None

    def methods(self) -> tuple[str, ...]:
        return allowed_methods(self.leaf.callback)

    def describe(self) -> str:
        """`djoser.urls: '^$' -> rest_framework.routers.APIRootView`."""
        where = f"{self.module}: " if self.module else ""
        return f"{where}{self.pattern!r} -> {self.view}"


def documented_path(regex_path: str) -> str:
    from django.contrib.admindocs.views import simplify_regex

    return _PARAM.sub(r"{\g<parameter>}", simplify_regex(regex_path)).replace("\\.", ".")


def matches_chain(chain: Sequence[Any], path: str) -> bool:
    """Whether Django's own pattern matching takes `path` through every element of `chain`."""
    rest = path
    for item in chain:
        matched = item.pattern.match(rest)
        if not matched:
            return False
        rest = matched[0]
    return True


def view_name(callback: Any) -> str:
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None) or callback
    # __name__, not __qualname__: DRF's @api_view names its wrapper class after the function
    return f"{getattr(view, '__module__', '?')}.{getattr(view, '__name__', type(view).__name__)}"


def view_identity(callback: Any) -> tuple[Any, ...]:
    """Equal for two URL entries that run the same code with the same arguments."""
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view is None:
        return ("function", callback)
    initkwargs = getattr(callback, "initkwargs", None) or getattr(callback, "view_initkwargs", None) or {}
    actions = getattr(callback, "actions", None) or {}
    return ("class", view, repr(sorted(initkwargs.items(), key=str)), repr(sorted(actions.items())))


def allowed_methods(callback: Any) -> tuple[str, ...]:
    """The HTTP methods a view answers (as drf-spectacular lists them); `*` for a plain function view."""
    actions = getattr(callback, "actions", None)
    if actions:
        return tuple(m for m in _HTTP if m.lower() in actions)
    view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
    if view is None:
        return ("*",)
    names = getattr(callback, "initkwargs", {}).get("http_method_names", view.http_method_names)
    return tuple(m for m in _HTTP if m.lower() in names and hasattr(view, m.lower()))


def module_name(resolver: Any, inherited: str) -> str:
    own = getattr(resolver, "source_module", None)
    if own:
        return str(own)
    name = resolver.urlconf_name
    if isinstance(name, str):
        return name
    return str(getattr(name, "__name__", "") or inherited)


def walk(patterns: Iterable[Any], *, module: str = "", entry: str = "", zone: str = "",
         chain: tuple[Any, ...] = (), skip: Callable[[Any], bool] | None = None) -> list[Route]:
    """Every route under `patterns`, in Django's matching order."""
    from django.urls import URLPattern, URLResolver

    routes: list[Route] = []
    for item in patterns:
        if skip is not None and skip(item):
            continue
        if isinstance(item, URLResolver):
            routes.extend(walk(item.url_patterns, module=module_name(item, module), entry=entry, zone=zone,
                               chain=(*chain, item), skip=skip))
        elif isinstance(item, URLPattern):
            routes.append(Route((*chain, item), module, entry, zone))
    return routes


def is_revolution(item: Any) -> bool:
    """Added by add_revolution_urls (a mounted zone or a schema/docs view), not by the project itself."""
    return getattr(item, MARK, None) is not None


def cut(patterns: Iterable[Any], keep: Callable[[Any], bool], chain: tuple[Any, ...] = ()) -> list[Any]:
    """A copy of a URL tree holding only the views `keep(route chain)` accepts. Resolvers are rebuilt with
    the same pattern objects, namespaces and default kwargs, so every path stays exactly where it is."""
    from django.urls import URLPattern, URLResolver

    kept: list[Any] = []
    for item in patterns:
        if is_revolution(item):
            continue
        if isinstance(item, URLResolver):
            children = cut(item.url_patterns, keep, (*chain, item))
            if children:
                copy = URLResolver(item.pattern, children, item.default_kwargs, item.app_name, item.namespace)
                copy.source_module = module_name(item, getattr(item, "source_module", ""))
                kept.append(copy)
        elif isinstance(item, URLPattern) and keep((*chain, item)):
            kept.append(item)
    return kept


class Tree:
    """A root resolver over a list of patterns, as `get_resolver()` builds for a urlconf.

    `resolve` answers exactly what Django's resolver answers, in time near-linear in the size of the tree
    over many calls: a resolver's patterns are indexed by the literal text every path they match starts
    with (`users/` for `^users/(?P<pk>[^/.]+)/$`), and only those whose literal prefix the path starts with
    are tried, in Django's order (a pattern whose prefix the path lacks cannot match, so skipping it changes
    nothing). Resolvers of types other than Django's own are asked as Django would ask them."""

    def __init__(self, patterns: list[Any], resolver: Any = None) -> None:
        from django.urls.resolvers import RegexPattern, URLResolver

        self.patterns = patterns
        self.resolver = resolver if resolver is not None else URLResolver(RegexPattern(r"^/"), patterns)
        self._indexes: dict[int, tuple[Any, dict[str, list[int]]]] = {}

    def resolve(self, path: str) -> tuple[Any, ...] | None:
        """The chain of patterns Django's resolver picks for `path`, or None (404)."""
        return self._resolve(self.resolver, str(path))

    def _resolve(self, resolver: Any, path: str) -> tuple[Any, ...] | None:
        from django.urls import Resolver404, URLPattern, URLResolver

        if type(resolver) is not URLResolver:  # a resolver of its own: Django's way, whatever it does
            try:
                match = resolver.resolve(path)
            except Resolver404:
                return None
            tried = getattr(match, "tried", None)
            return tuple(tried[-1]) if tried else None
        matched = resolver.pattern.match(path)
        if not matched:
            return None
        rest = matched[0]
        patterns = resolver.url_patterns
        for index in self._candidates(resolver, patterns, rest):
            pattern = patterns[index]
            if type(pattern) is URLPattern:
                if pattern.pattern.match(rest):
                    return (pattern,)
                continue
            if type(pattern) is URLResolver:
                chain = self._resolve(pattern, rest)
                if chain is not None:
                    return (pattern, *chain)
                continue
            try:  # a pattern class of its own: as URLResolver.resolve treats it
                sub = pattern.resolve(rest)
            except Resolver404:
                continue
            if sub:
                tried = getattr(sub, "tried", None)
                return (pattern, *tried[-1]) if tried else (pattern,)
        return None

    def _candidates(self, resolver: Any, patterns: Sequence[Any], path: str) -> list[int]:
        """Indexes (in order) of the patterns of `resolver` that may match `path`."""
        cached = self._indexes.get(id(resolver))
        if cached is None or cached[0] is not resolver:
            by_prefix: dict[str, list[int]] = {}
            for index, pattern in enumerate(patterns):
                by_prefix.setdefault(literal_prefix(pattern), []).append(index)
            cached = (resolver, by_prefix)
            self._indexes[id(resolver)] = cached
        by_prefix = cached[1]
        if len(by_prefix) == 1 and "" in by_prefix:
            return by_prefix[""]
        found: list[int] = []
        for length in range(len(path) + 1):
            found.extend(by_prefix.get(path[:length], ()))
        found.sort()
        return found


def literal_prefix(item: Any) -> str:
    """Text that every path `item` (a URLPattern or URLResolver) matches starts with; "" when unknown."""
    from django.urls.resolvers import RegexPattern, RoutePattern

    pattern: Any = getattr(item, "pattern", None)
    if type(pattern) not in (RegexPattern, RoutePattern):
        return ""  # LocalePrefixPattern or a pattern class of its own: always tried
    try:
        regex = pattern.regex
    except Exception:  # an invalid regex: Django fails the same way when it tries the pattern
        return ""
    return _regex_prefix(regex.pattern, regex.flags)


@functools.lru_cache(maxsize=4096)
def _regex_prefix(regex: str, flags: int) -> str:
    """The literal characters right after a leading `^` of `regex`; "" unless it is anchored there."""
    if flags & (re.IGNORECASE | re.MULTILINE):
        return ""
    try:
        parsed = list(_parser.parse(regex, flags))
    except (re.error, RecursionError, OverflowError, TypeError, ValueError):
        return ""
    if not parsed or parsed[0] != (_constants.AT, _constants.AT_BEGINNING):
        return ""
    text = []
    for op, arg in parsed[1:]:
        if op is not _constants.LITERAL:
            break
        text.append(chr(arg))
    return "".join(text)
