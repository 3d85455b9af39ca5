#!/usr/bin/env python
"""Test project for `revolution verify`: views whose schemas lie (liars) and views whose schemas hold (honest)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "verifyproj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
