"""The `monorepo` sync target (see `plugin`); `MonorepoConfig` describes one target."""

from revolution_monorepo.config import MonorepoConfig, MonorepoOptions

__all__ = ["MonorepoConfig", "MonorepoOptions"]
