"""The zone URL forms as parsed from settings (no Django set-up, nothing imported), and the sample paths
the conflict check resolves (readable, deterministic, matched by their own pattern)."""

from __future__ import annotations

import re

import pytest
from django.urls.resolvers import RoutePattern
from pydantic import ValidationError
from revolution_django.app_config import ZoneConfig, get_revolution_config
from revolution_django.conf import zone_fields
from revolution_django.sampling import sample
from revolution_django.urlentries import UrlEntry

from revolution_core.config import RevolutionConfig
from revolution_core.errors import ConfigError


def test_url_entries_in_every_written_form():
    zone = ZoneConfig(urls=["djoser.urls", ("knox", "knox.urls"), ["/jwt/", "djoser.urls.jwt"],
                            {"prefix": "social/", "urlconf": "myproject.social_urls"}])
    assert zone.urls == [UrlEntry("", "djoser.urls"), UrlEntry("knox/", "knox.urls"),
                         UrlEntry("jwt/", "djoser.urls.jwt"), UrlEntry("social/", "myproject.social_urls")]


def test_path_prefixes_are_normalised_to_both_slashes():
    assert ZoneConfig(paths=["api/auth", "/api/devices/", "/"]).paths == ["/api/auth/", "/api/devices/", "/"]


@pytest.mark.parametrize(("field", "value", "message"), [
    ("urls", [3], "cannot read URL entry 3"),
    ("urls", ["djoser/urls"], "is not a dotted module name"),
    ("urls", [("<int:x>/", "knox.urls")], "sub-prefix '<int:x>/' must be literal URL segments"),
    ("urls", [{"module": "knox.urls"}], "keys 'urlconf' and optionally 'prefix'"),
    ("paths", ["/api/<int:pk>/"], "must be literal URL segments"),
    ("paths", [""], "a path prefix is a string like '/api/auth/'"),
])
def test_malformed_entries_are_located_errors(field, value, message):
    with pytest.raises(ValidationError) as raised:
        ZoneConfig(**{field: value})
    assert raised.value.errors()[0]["loc"][:2] == (field, 0)
    assert message in str(raised.value)


def test_settings_with_url_forms_import_nothing_and_build_a_config(tmp_path):
    config = get_revolution_config(tmp_path, {"auth": ZoneConfig(urls=["not.imported.at.all"]),
                                              "app": {"paths": ["/api/"]}, "shop": {"apps": ["shop"]}})
    assert isinstance(config, RevolutionConfig)
    assert zone_fields(config, "auth").urls == [UrlEntry("", "not.imported.at.all")]
    assert zone_fields(config, "app").paths == ["/api/"]  # a plain dict zone: validated by the zone source


def test_a_mistake_in_a_dict_zone_is_a_located_error_of_the_zone_source(tmp_path):
    config = get_revolution_config(tmp_path, {"app": {"paths": ["/api/<x>/"]}})
    with pytest.raises(ConfigError) as raised:
        zone_fields(config, "app")
    assert raised.value.problems[0].location == "zones.app.paths[0]"


@pytest.mark.parametrize(("regex", "expected"), [
    (r"^users/(?P<pk>[^/.]+)/$", "users/a/"),
    (r"^jwt/create/?", "jwt/create/"),  # optional parts included: the path the schema documents
    (r"^$", ""),
    (r"^\.(?P<format>[a-z0-9]+)/?$", ".a/"),
    (r"^(?:v1|v2)/", "v1/"),
    (r"^(?P<a>x|y)/(?P=a)/$", "x/x/"),
    (r"^foo(?=bar)", None),  # a lookahead: no sample, the route is left unchecked
])
def test_sample_paths_of_regex_patterns(regex, expected):
    assert sample(regex) == expected


@pytest.mark.parametrize("route", ["users/<int:pk>/", "files/<path:name>", "<slug:slug>/", "items/<uuid:id>/",
                                   "<str:a>/<str:b>/"])
def test_sample_paths_of_route_patterns_match_them(route):
    regex = RoutePattern(route, is_endpoint=True).regex
    text = sample(regex.pattern)
    assert text is not None and re.fullmatch(regex, text), (route, text)
    assert sample(regex.pattern) == text  # deterministic
