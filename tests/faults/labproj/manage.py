#!/usr/bin/env python
"""The fault suite's small Django project: user code that fails on demand (LAB_FAULT)."""
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "labproj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
