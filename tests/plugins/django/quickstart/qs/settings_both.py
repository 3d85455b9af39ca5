"""The quick start with both app names installed: the original's and this project's."""

from qs.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "revolution_django"]  # noqa: F405
