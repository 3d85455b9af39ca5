"""Django Revolution core: hookspecs, the neutral config models, the pipeline and the `revolution` CLI.

The core knows nothing of any web framework or target language; every stage is a plugin registered
through the `revolution` entry-point group.
"""

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"  # the one place: pyproject.toml reads it (hatch dynamic version), as does --version

if TYPE_CHECKING:
    from revolution_core.config import GeneratorSelection, RevolutionConfig, ZoneConfig
    from revolution_core.hookspecs import hookimpl

_FROM_CONFIG = {"GeneratorSelection", "RevolutionConfig", "ZoneConfig"}


def __getattr__(name: str) -> Any:
    """Config names load pydantic, and `hookimpl` pluggy, on first use only: `revolution --help` and a run
    with nothing to do start fast."""
    if name == "hookimpl":
        from revolution_core.hookspecs import hookimpl

        return hookimpl
    if name in _FROM_CONFIG:
        from revolution_core import config

        return getattr(config, name)
    raise AttributeError(f"module 'revolution_core' has no attribute {name!r}")


__all__ = ["GeneratorSelection", "RevolutionConfig", "ZoneConfig", "__version__", "hookimpl"]
