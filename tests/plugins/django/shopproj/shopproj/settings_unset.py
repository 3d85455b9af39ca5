"""The shop settings without DJANGO_REVOLUTION: what a user has before configuring any zone."""

from shopproj.settings import *  # noqa: F403

del DJANGO_REVOLUTION  # noqa: F821
