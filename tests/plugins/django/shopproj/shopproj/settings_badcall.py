"""get_revolution_config(...) with mistakes: settings.py must still import; the mistakes are reported by
manage.py revolution (not as a traceback out of settings.py, out of every manage.py command)."""

import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

from shopproj.settings import *  # noqa: F403
from shopproj.settings import BASE_DIR

DJANGO_REVOLUTION = get_revolution_config(
    project_root=Path(os.environ.get("SHOPPROJ_OUTPUT", BASE_DIR)),
    zones={
        "public": ZoneConfig(apps=["shop"]),
        "my-client": ZoneConfig(apps=["acounts"]),
    },
    archivers=[],
)
