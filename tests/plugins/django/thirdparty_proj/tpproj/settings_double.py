"""A module the project's urls.py already includes, mounted by a zone too: it would be served twice."""

from tpproj.settings import *  # noqa: F403

ROOT_URLCONF = "tpproj.urls_with_djoser"
