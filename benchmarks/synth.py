"""Synthetic DRF projects for the benchmark: N models spread over three zones, one app per zone,
each model with a serializer, a ModelViewSet and a router entry."""

from __future__ import annotations

import textwrap
from pathlib import Path

ZONES = ("public", "client", "admin")

SETTINGS = """\
import os
from pathlib import Path

from revolution_django import ZoneConfig, get_revolution_config

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "benchmark-only"
DEBUG = False
ALLOWED_HOSTS = ["*"]
INSTALLED_APPS = [
    "django.contrib.auth", "django.contrib.contenttypes", "rest_framework", "drf_spectacular",
    "revolution_django", {apps}
]
DATABASES = {{"default": {{"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}}}
ROOT_URLCONF = "benchsite.urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
REST_FRAMEWORK = {{
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
}}
SPECTACULAR_SETTINGS = {{"COMPONENT_SPLIT_REQUEST": True}}
DJANGO_REVOLUTION = get_revolution_config(
    project_root=BASE_DIR,
    zones={{
        "public": ZoneConfig(apps=["bench_public"], title="Public API", public=True, auth_required=False),
        "client": ZoneConfig(apps=["bench_client"], title="Client API"),
        "admin": ZoneConfig(apps=["bench_admin"], title="Admin API"),
    }},
    plugin_options={{"typescript": {{"package_name": "@bench/api-client"}},
                    "python": {{"package_name": "bench-api-client",
                               "formatter": os.environ.get("BENCH_PY_FORMATTER", "ruff")}}}},
    # BENCH_MONOREPO: sync into that monorepo too, with a post-sync command that logs each time it runs
    monorepo={{"path": os.environ["BENCH_MONOREPO"], "api_package_path": "packages/api",
              "post_sync_command": "echo ran >> post-sync.log"}} if os.environ.get("BENCH_MONOREPO") else None,
)
"""


def _model(index: int, previous: int | None) -> str:
    fk = "" if previous is None else f'    parent = models.ForeignKey("Model{previous}", null=True, on_delete=models.SET_NULL)\n'
    return (
        textwrap.dedent(f"""\
        class Model{index}(models.Model):
            STATUS = [("draft", "Draft"), ("live", "Live"), ("gone", "Gone")]
            title = models.CharField(max_length=100, help_text="{{HELP}}")
            amount = models.DecimalField(max_digits=10, decimal_places=2)
            count = models.IntegerField(default=0)
            status = models.CharField(max_length=5, choices=STATUS, default="draft")
            created = models.DateTimeField(auto_now_add=True)
        """).replace("{HELP}", f"title of model {index}")
        + fk
        + "\n\n"
    )


def build(root: Path, models: int) -> Path:
    """Write the project under `root` and return the directory holding manage.py."""
    project = root / f"bench_{models}"
    (project / "benchsite").mkdir(parents=True, exist_ok=True)
    per_zone = {zone: list(range(i, models, len(ZONES))) for i, zone in enumerate(ZONES)}
    apps = " ".join(f'"bench_{zone}",' for zone in ZONES)
    (project / "benchsite" / "__init__.py").write_text("")
    (project / "benchsite" / "settings.py").write_text(SETTINGS.format(apps=apps))
    (project / "benchsite" / "urls.py").write_text(
        "from revolution_django import add_revolution_urls\n\nurlpatterns = []\nadd_revolution_urls(urlpatterns)\n"
    )
    (project / "manage.py").write_text(
        "import os, sys\n\nif __name__ == '__main__':\n"
        "    os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'benchsite.settings')\n"
        "    from django.core.management import execute_from_command_line\n"
        "    execute_from_command_line(sys.argv)\n"
    )
    for zone, indexes in per_zone.items():
        app = project / f"bench_{zone}"
        app.mkdir(exist_ok=True)
        (app / "__init__.py").write_text("")
        body = "from django.db import models\n\n\n" + "".join(
            _model(i, indexes[n - 1] if n else None) for n, i in enumerate(indexes))
        (app / "models.py").write_text(body)
        names = [f"Model{i}" for i in indexes]
        serializers = "from rest_framework import serializers\n\nfrom . import models\n\n\n" + "".join(
            f"class {n}Serializer(serializers.ModelSerializer):\n    class Meta:\n"
            f"        model = models.{n}\n        fields = '__all__'\n\n\n"
            for n in names
        )
        (app / "serializers.py").write_text(serializers)
        views = "from rest_framework import viewsets\n\nfrom . import models, serializers\n\n\n" + "".join(
            f"class {n}ViewSet(viewsets.ModelViewSet):\n    queryset = models.{n}.objects.all()\n"
            f"    serializer_class = serializers.{n}Serializer\n\n\n"
            for n in names
        )
        (app / "views.py").write_text(views)
        urls = (
            "from rest_framework.routers import DefaultRouter\n\nfrom . import views\n\nrouter = DefaultRouter()\n"
            + "".join(f'router.register("{n.lower()}s", views.{n}ViewSet)\n' for n in names)
            + "urlpatterns = router.urls\n"
        )
        (app / "urls.py").write_text(urls)
    return project


def change_one_zone(project: Path, stamp: str) -> None:
    """Change the client zone's schema (a help text) and nothing else."""
    models = project / "bench_client" / "models.py"
    text = models.read_text()
    first = text.index('help_text="') + len('help_text="')
    end = text.index('"', first)
    models.write_text(text[:first] + f"changed {stamp}" + text[end:])
