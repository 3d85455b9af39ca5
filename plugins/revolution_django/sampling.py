"""Concrete sample paths for URL patterns, to ask Django's resolver which view a path reaches.

A route like `users/<int:pk>/` or `^users/(?P<pk>[^/.]+)/?$` becomes `users/a/` (or `users/1/`): one short,
readable string the pattern matches, optional parts included (so a trailing `/?` gives the slash the schema
documents). Written by hand on the standard library's regex parser because the generators on PyPI pick
random strings (rstr, xeger) or, for `[^/.]+`, a space first and break on `^$` (exrex); a witness here must be
deterministic (the same error message every run) and look like the path a client calls.
"""

from __future__ import annotations

import functools
import importlib
import re
import string
from typing import Any

# The parser behind `re` (Python 3.11+ keeps it in re._parser; sre_parse is its deprecated alias).
_p: Any = importlib.import_module("re._parser")
_c: Any = importlib.import_module("re._constants")

PREFERRED = "a1" + string.ascii_lowercase[1:] + string.digits[2:] + "0" + string.ascii_uppercase + "-_.~ "
MAX_LENGTH = 200


class _NoSample(Exception):
    """The regex uses a construct this sampler does not follow (backreference to a conditional, ...)."""


@functools.lru_cache(maxsize=4096)
def sample(regex: str) -> str | None:
    """A short string `regex` matches from its start (anchors ignored), or None if none is found."""
    try:
        parsed = _p.parse(regex)
        text = _sample(list(parsed), {})
        compiled = re.compile(regex)
    except (_NoSample, re.error, RecursionError, OverflowError, TypeError, ValueError):
        return None
    if len(text) > MAX_LENGTH or compiled.match(text) is None:
        return None
    return text


def _sample(items: list[Any], groups: dict[int, str]) -> str:
    out: list[str] = []
    for op, arg in items:
        out.append(_one(op, arg, groups))
    return "".join(out)


def _one(op: Any, arg: Any, groups: dict[int, str]) -> str:
    if op is _c.LITERAL:
        return chr(arg)
    if op is _c.NOT_LITERAL:
        return next(ch for ch in PREFERRED if ord(ch) != arg)
    if op is _c.ANY:
        return PREFERRED[0]
    if op is _c.IN:
        return _in_class(arg)
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or op is getattr(_c, "POSSESSIVE_REPEAT", None):
        low, high, sub = arg
        count = max(low, 1) if high >= 1 else 0  # take optional parts: `/?` documents the slash
        return "".join(_sample(list(sub), groups) for _ in range(count))
    if op is _c.SUBPATTERN:
        group, _add, _del, sub = arg
        text = _sample(list(sub), groups)
        if group is not None:
            groups[group] = text
        return text
    if op is getattr(_c, "ATOMIC_GROUP", None):
        return _sample(list(arg), groups)
    if op is _c.BRANCH:
        _, alternatives = arg
        for alternative in alternatives:
            try:
                text = _sample(list(alternative), groups)
            except _NoSample:
                continue
            if text:
                return text
        return _sample(list(alternatives[0]), groups)
    if op is _c.AT or op in (_c.ASSERT, _c.ASSERT_NOT):
        return ""  # anchors and lookarounds add no characters; the final match check decides
    if op is _c.GROUPREF:
        if arg not in groups:
            raise _NoSample
        return groups[arg]
    raise _NoSample


def _in_class(items: list[Any]) -> str:
    negate = bool(items) and items[0][0] is _c.NEGATE
    body = items[1:] if negate else items
    for ch in PREFERRED:
        if _class_has(body, ch) != negate:
            return ch
    if not negate:  # a class of characters outside PREFERRED only (e.g. `[%]`)
        op, arg = body[0]
        if op is _c.LITERAL:
            return chr(arg)
        if op is _c.RANGE:
            return chr(arg[0])
    raise _NoSample


_CATEGORIES: dict[Any, Any] = {}


def _category(name: str, test: Any) -> None:
    value = getattr(_c, name, None)
    if value is not None:
        _CATEGORIES[value] = test


for _name, _test in {
    "CATEGORY_DIGIT": str.isdigit, "CATEGORY_NOT_DIGIT": lambda ch: not ch.isdigit(),
    "CATEGORY_WORD": lambda ch: ch.isalnum() or ch == "_",
    "CATEGORY_NOT_WORD": lambda ch: not (ch.isalnum() or ch == "_"),
    "CATEGORY_SPACE": str.isspace, "CATEGORY_NOT_SPACE": lambda ch: not ch.isspace(),
}.items():
    _category(_name, _test)
    _category(_name.replace("CATEGORY_", "CATEGORY_UNI_"), _test)


def _class_has(items: list[Any], ch: str) -> bool:
    code = ord(ch)
    for op, arg in items:
        if op is _c.LITERAL and arg == code:
            return True
        if op is _c.RANGE and arg[0] <= code <= arg[1]:
            return True
        if op is _c.CATEGORY:
            test = _CATEGORIES.get(arg)
            if test is None:
                raise _NoSample
            if test(ch):
                return True
    return False
