"""Django Revolution core: hookspecs, config models, the pipeline and the `revolution` CLI.

The core knows nothing of Django or of any target language; every stage is a plugin
registered through the `revolution` entry-point group.
"""

from revolution_core.config import (
    GeneratorSelection,
    MonorepoConfig,
    RevolutionConfig,
    ZoneConfig,
    get_revolution_config,
)
from revolution_core.hookspecs import hookimpl

__all__ = [
    "GeneratorSelection",
    "MonorepoConfig",
    "RevolutionConfig",
    "ZoneConfig",
    "get_revolution_config",
    "hookimpl",
]
