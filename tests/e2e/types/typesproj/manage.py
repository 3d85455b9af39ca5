#!/usr/bin/env python
"""The types test project (tests/e2e/test_types_*.py): views whose responses differ from their serializers,
enums, list fields and optional fields, and an authenticated zone with datetimes in Europe/Berlin."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "typesproj.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
