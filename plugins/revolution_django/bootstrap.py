"""Find and set up the Django project a run belongs to: `manage.py`'s DJANGO_SETTINGS_MODULE default
or the environment variable, the project directory on sys.path, `django.setup()` once."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from revolution_core.errors import RevolutionError

SETTINGS_DEFAULT = re.compile(r"""os\.environ\.setdefault\(\s*['"]DJANGO_SETTINGS_MODULE['"]\s*,\s*['"]([\w.]+)['"]""")


def settings_module_from_manage_py(project_root: Path) -> str | None:
    manage = project_root / "manage.py"
    if not manage.is_file():
        return None
    match = SETTINGS_DEFAULT.search(manage.read_text(encoding="utf-8", errors="replace"))
    return match.group(1) if match else None


def django_ready() -> bool:
    if "django" not in sys.modules:
        return False
    from django.apps import apps

    return bool(apps.ready)


def ensure_django(project_root: Path | None = None) -> bool:
    """Set Django up for `project_root` if it is a Django project; True when Django is ready.

    Already-set-up processes (inside `manage.py`) are left alone.
    """
    if django_ready():
        return True
    root = Path(project_root or Path.cwd()).resolve()
    from_manage = settings_module_from_manage_py(root)
    module = os.environ.get("DJANGO_SETTINGS_MODULE") or from_manage
    if not module:
        return False
    if from_manage and str(root) not in sys.path:
        sys.path.insert(0, str(root))
    os.environ["DJANGO_SETTINGS_MODULE"] = module
    import django

    try:
        django.setup()
    except RevolutionError:
        raise
    except ImportError as exc:
        raise RevolutionError(
            f"cannot import Django settings '{module}' ({type(exc).__name__}: {exc}); run from the directory "
            "holding manage.py, or set DJANGO_SETTINGS_MODULE and PYTHONPATH to your project"
        ) from exc
    return True
