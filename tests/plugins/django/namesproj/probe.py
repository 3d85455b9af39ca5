"""Runs in its own process (Django settings are per process; NAMESPROJ_MORE picks the API's version): prints
the zone's normalized and raw (drf-spectacular's own) documents as one JSON object."""

import json
import os
import sys

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namesproj.settings")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django

django.setup()

from revolution_django.conf import settings_config  # noqa: E402
from revolution_django.schema import SpectacularOptions, build_document  # noqa: E402
from revolution_django.zones import DynamicZoneManager  # noqa: E402


def main() -> None:
    config = settings_config()
    module = DynamicZoneManager(config).get_zone_module("desk")
    normalized, warnings = build_document(config, "desk", module, SpectacularOptions())
    raw, _ = build_document(config, "desk", module, SpectacularOptions(normalize=False))
    json.dump({"normalized": normalized, "raw": raw, "warnings": warnings}, sys.stdout)


if __name__ == "__main__":
    main()
