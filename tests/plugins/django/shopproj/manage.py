#!/usr/bin/env python
"""Test project for the revolution_django plugin."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopproj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
