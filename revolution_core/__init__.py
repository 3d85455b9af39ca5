"""Django Revolution core: hookspecs, config models, the pipeline and the `revolution` CLI.

The core knows nothing of Django or of any target language; every stage is a plugin
registered through the `revolution` entry-point group.
"""

from typing import TYPE_CHECKING, Any

from revolution_core.hookspecs import hookimpl

if TYPE_CHECKING:
    from revolution_core.config import (
        GeneratorSelection,
        MonorepoConfig,
        RevolutionConfig,
        ZoneConfig,
        get_revolution_config,
    )

_FROM_CONFIG = {"GeneratorSelection", "MonorepoConfig", "RevolutionConfig", "ZoneConfig", "get_revolution_config"}


def __getattr__(name: str) -> Any:
    """Config names load pydantic on first use only, so `revolution --help` starts fast."""
    if name in _FROM_CONFIG:
        from revolution_core import config

        return getattr(config, name)
    raise AttributeError(f"module 'revolution_core' has no attribute {name!r}")


__all__ = [
    "GeneratorSelection",
    "MonorepoConfig",
    "RevolutionConfig",
    "ZoneConfig",
    "get_revolution_config",
    "hookimpl",
]
