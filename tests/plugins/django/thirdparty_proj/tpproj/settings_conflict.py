"""Two apps with a `''` route in one zone (notes' DefaultRouter root and feed's own view, both at
/api/public/): validation must name both and the fix, and a run must fail leaving earlier output as it was."""

from tpproj.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "feed"]  # noqa: F405

DJANGO_REVOLUTION = get_revolution_config(  # noqa: F405
    project_root=DJANGO_REVOLUTION.project_root,  # noqa: F405
    zones={
        **DJANGO_REVOLUTION.zones,  # noqa: F405
        "public": ZoneConfig(apps=["notes", "feed"], title="Public API"),  # noqa: F405
    },
    archivers=[],
)
