#!/usr/bin/env python
"""Test project for stable names: colliding operationIds and enum field names (see desk/urls.py)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "namesproj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
