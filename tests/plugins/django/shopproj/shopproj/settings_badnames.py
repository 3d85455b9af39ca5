"""A dict configuration (no get_revolution_config) with unsafe zone names and an unknown app."""

from shopproj.settings import *  # noqa: F403

DJANGO_REVOLUTION = {
    "zones": {
        "Bad-Name": {"apps": ["shop"]},
        "class": {"apps": ["accounts"]},
        "staff": {"apps": ["staf"]},
    },
    "archivers": [],
}
