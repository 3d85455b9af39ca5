"""The GeoDjango probe, answered ahead of a `revolution watch` run.

drf-spectacular's django-filter support asks whether a filter field is a GeoDjango field by importing
`django.contrib.gis.db.models`; that import looks GDAL up with `ctypes.util.find_library` under a dozen
names, and each look-up spawns `ldconfig`, `gcc` and `ld` (about 0.15-0.4 s, on every run, whether GDAL
is installed or not). The watch session's ready process answers those look-ups beforehand and keeps the
answers for its run: the run still imports GeoDjango itself, with the project's settings (its
GDAL_LIBRARY_PATH), and gets the same libraries, only without the processes. Libraries installed while
the session runs are seen by the next session (each run gets a fresh process, but the answers are those
of the moment it was started, a few seconds before).
"""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import sys


def remember_library_lookups() -> None:
    """Make `ctypes.util.find_library` remember its answers in this process, then ask it what GeoDjango's
    import asks (by importing GeoDjango's GDAL loader without settings, and forgetting that import)."""
    if not isinstance(ctypes.util.find_library, functools._lru_cache_wrapper):
        ctypes.util.find_library = functools.cache(ctypes.util.find_library)
    before = set(sys.modules)
    try:
        with contextlib.suppress(Exception):  # no GDAL (the usual case), or no GeoDjango at all
            import django.contrib.gis.gdal.libgdal  # noqa: F401
    finally:  # imported without the project's settings: the run imports it again, with them
        for name in set(sys.modules) - before:
            if name == "django.contrib.gis" or name.startswith("django.contrib.gis."):
                del sys.modules[name]
        contrib = sys.modules.get("django.contrib")
        if contrib is not None and "django.contrib.gis" not in sys.modules and hasattr(contrib, "gis"):
            delattr(contrib, "gis")
