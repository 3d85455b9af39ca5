"""A misspelt zone field (`path=` for `paths=`): a zone no source accepts. `manage.py check` must report it
as `manage.py revolution` does, not pass while the run refuses to start."""

import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

from shopproj.settings import *  # noqa: F403
from shopproj.settings import BASE_DIR

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("SHOPPROJ_OUTPUT", BASE_DIR)),
    zones={
        "public": ZoneConfig(apps=["shop"]),
        "partner": ZoneConfig(path=["/api/partner/"]),
    },
    archivers=[],
)
