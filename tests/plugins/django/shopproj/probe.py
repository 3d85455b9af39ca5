"""Runs in its own process (Django settings are per process): builds each zone's schema and calls the
schema/docs endpoints as anonymous, user, staff; prints one JSON document for the tests to assert on."""

import json
import os
import sys
import types

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "shopproj.settings")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import path  # noqa: E402
from django.views.generic import TemplateView  # noqa: E402
from rest_framework_simplejwt.tokens import RefreshToken  # noqa: E402
from revolution_django import ZoneConfig  # noqa: E402
from revolution_django.conf import settings_config  # noqa: E402
from revolution_django.schema import SpectacularOptions, build_document  # noqa: E402
from revolution_django.zones import DynamicZoneManager, validate_zone_configuration  # noqa: E402


def main() -> None:
    config = settings_config()
    manager = DynamicZoneManager(config)
    out: dict = {"schemas": {}, "raw": {}, "warnings": {}, "http": {}, "problems": []}
    for zone in config.zones:
        module = manager.get_zone_module(zone)
        out["schemas"][zone], out["warnings"][zone] = build_document(config, zone, module, SpectacularOptions())
        out["raw"][zone], _ = build_document(config, zone, module, SpectacularOptions(normalize=False))
    public = manager.get_zone_module("public")
    out["optional_bodies"] = build_document(config, "public", public, SpectacularOptions(optional_action_bodies=True))

    call_command("migrate", verbosity=0, run_syncdb=True)
    users = get_user_model()
    alice = users.objects.create_user("alice", password="alice-pass-1234")
    boss = users.objects.create_user("boss", password="boss-pass-1234", is_staff=True)
    bearer = {name: f"Bearer {RefreshToken.for_user(user).access_token}" for name, user in
              [("user", alice), ("staff", boss)]}
    client = Client()
    session = Client()
    session.force_login(alice)
    for zone in config.zones:
        prefix = "/" + manager.prefix(zone)
        results = {}
        for page in ("schema", "docs", "redoc"):
            url = f"{prefix}{page}/"
            results[f"{page}_anon"] = client.get(url).status_code
            results[f"{page}_user"] = client.get(url, HTTP_AUTHORIZATION=bearer["user"]).status_code
            results[f"{page}_staff"] = client.get(url, HTTP_AUTHORIZATION=bearer["staff"]).status_code
            results[f"{page}_session"] = session.get(url).status_code
        response = client.get(f"{prefix}schema/?format=json", HTTP_AUTHORIZATION=bearer["staff"])
        results["json_type"] = response["Content-Type"]
        results["json_body"] = json.loads(response.content)
        response = client.get(f"{prefix}schema/", HTTP_AUTHORIZATION=bearer["staff"])
        results["yaml_type"] = response["Content-Type"]
        results["docs_html"] = client.get(f"{prefix}docs/", HTTP_AUTHORIZATION=bearer["staff"]).content.decode()
        # a project with a `format` filter turns DRF's `?format=` override off; the schema URL keeps it
        rest = {**getattr(django.conf.settings, "REST_FRAMEWORK", {}), "URL_FORMAT_OVERRIDE": None}
        with override_settings(REST_FRAMEWORK=rest):
            response = client.get(f"{prefix}schema/?format=json", HTTP_AUTHORIZATION=bearer["staff"])
            results["json_type_without_format_override"] = response["Content-Type"]
        out["http"][zone] = results
    asset = client.get("/api/_revolution-docs/swagger-ui-bundle.js")
    out["asset_status"] = asset.status_code
    out["asset_size"] = sum(len(chunk) for chunk in asset.streaming_content)
    out["asset_missing"] = client.get("/api/_revolution-docs/secrets.py").status_code

    raw_zones = {"Bad-Name": ZoneConfig(apps=["shop"]), "class": ZoneConfig(apps=["acounts"]),
                 "ok": ZoneConfig(apps=[])}
    out["problems"] = [[p.location, p.message] for p in validate_zone_configuration(raw_zones)]
    out["show_routes"] = {zone: manager.url_patterns(zone) for zone in config.zones}
    pages = types.ModuleType("pages")  # a zone made of Django views only (an HTML package's urls)
    pages.urlpatterns = [path("api/public/login/", TemplateView.as_view(template_name="login.html"))]
    pages.prefix = "/api/public/"
    out["pages_only"] = build_document(config, "public", pages, SpectacularOptions())
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
