"""An exception raised by the project's own code while drf-spectacular describes a view (a serializer's
`get_fields`, a view's `get_serializer_class`, ...), located: the file:line in the project where it was
raised, the endpoint, the view and the serializer being described. `RuntimeError: boom` alone says
nothing about where to look."""

from __future__ import annotations

import os
import sys
import sysconfig
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

import revolution_core
from revolution_core.errors import RevolutionError

# Our own code: never "the project's code", even when it runs from a checkout outside site-packages.
OWN_DIRS = (str(Path(__file__).resolve().parent), str(Path(revolution_core.__file__ or ".").resolve().parent))


class UserCodeError(RevolutionError):
    """The project's code raised while its schema was generated."""


def _library_dirs() -> tuple[str, ...]:
    paths = {sysconfig.get_paths().get(key, "") for key in ("stdlib", "platstdlib", "purelib", "platlib")}
    paths |= {sys.prefix, sys.base_prefix, sys.exec_prefix}
    return tuple(str(Path(p).resolve()) for p in paths if p)


def is_project_file(filename: str, libraries: tuple[str, ...]) -> bool:
    if not filename or filename.startswith("<"):
        return False
    path = str(Path(filename).resolve())
    parts = Path(path).parts
    if "site-packages" in parts or "dist-packages" in parts:
        return False
    return not any(path == lib or path.startswith(lib + os.sep) for lib in (*libraries, *OWN_DIRS))


def shown(filename: str | None) -> str:
    """A path relative to the current directory when it is below it."""
    if not filename:
        return "?"
    try:
        return Path(filename).resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return filename


def _source_file(obj: object) -> str | None:
    import inspect

    try:
        return inspect.getsourcefile(obj)  # type: ignore[arg-type]
    except (TypeError, OSError):
        return None


def _frames(tb: TracebackType | None) -> list[TracebackType]:
    found = []
    while tb is not None:
        found.append(tb)
        tb = tb.tb_next
    return found


def located_error(exc: BaseException, trail: Sequence[tuple[str | None, object, str]]) -> UserCodeError:
    """`exc` with where it happened. `trail` is drf-spectacular's breadcrumb trail at the moment of the
    error (source file, line, name): the view class first, then the serializers being described."""
    frames = _frames(exc.__traceback__)
    libraries = _library_dirs()
    mine = [tb for tb in frames if is_project_file(tb.tb_frame.f_code.co_filename, libraries)]
    parts = [f"{type(exc).__name__}: {exc}".rstrip(": ")]
    if mine:
        deepest = mine[-1]
        code = deepest.tb_frame.f_code
        parts.append(f"raised at {shown(code.co_filename)}:{deepest.tb_lineno} in {code.co_qualname}")
    parse = next((tb.tb_frame.f_locals for tb in reversed(frames)
                  if tb.tb_frame.f_code.co_name == "parse" and "drf_spectacular" in tb.tb_frame.f_code.co_filename
                  and "path" in tb.tb_frame.f_locals), {})
    endpoint = f"{str(parse.get('method', '')).upper()} {parse.get('path', '')}" if parse else None
    described = []
    if trail:
        source, _, name = trail[0]
        described.append(f"view {name} ({shown(source)})")
        described += [f"serializer {name} ({shown(source)})" for source, _, name in trail[1:]]
    elif parse.get("view") is not None:  # failed before drf-spectacular started its trail for the view
        view = type(parse["view"])
        described.append(f"view {view.__name__} ({shown(_source_file(view))})")
    if endpoint or described:
        what = " of ".join(filter(None, [endpoint, ", ".join(described)]))
        parts.append(f"while drf-spectacular described {what}")
    return UserCodeError(
        ", ".join(parts) + ". The error is in the project's code: fix it there (run with --debug for the "
        "full traceback)."
    )
