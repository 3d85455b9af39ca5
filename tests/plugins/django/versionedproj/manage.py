#!/usr/bin/env python
"""Test project for DRF's versioning: URLPathVersioning for the whole API (see vproj/settings.py)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vproj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
