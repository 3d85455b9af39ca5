"""`urltree.Tree.resolve` skips patterns by their literal prefix (the route-conflict check is near-linear):
its answer must be Django's own, for every kind of pattern, whatever the path."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent(r'''
    import sys, types
    import django
    from django.conf import settings

    urls = types.ModuleType("tree_urls")
    sys.modules["tree_urls"] = urls
    settings.configure(ROOT_URLCONF="tree_urls", INSTALLED_APPS=[], SECRET_KEY="x")
    django.setup()
    from django.urls import Resolver404, include, path, re_path, register_converter
    from django.urls.resolvers import LocalePrefixPattern, URLResolver
    from django.utils.translation import override

    class Even:
        regex = "[0-9]+"
        def to_python(self, value):
            if int(value) % 2:
                raise ValueError(value)
            return int(value)
        def to_url(self, value):
            return str(value)

    register_converter(Even, "even")

    def view(request, **kwargs):
        return None

    class Custom(URLResolver):  # a resolver class of its own: asked the Django way
        pass

    def views(prefix):
        return [
            path(f"{prefix}/", view, name=f"{prefix}-list"),
            path(f"{prefix}/<int:pk>/", view),
            path(f"{prefix}/<even:n>/even/", view),
            path(f"{prefix}/<str:slug>/", view),
            re_path(rf"^{prefix}/(?P<pk>[^/.]+)/act/?$", view),
            re_path(rf"^{prefix}\.(?P<format>[a-z0-9]+)/?$", view),
            re_path(rf"^{prefix}s?/opt/$", view),  # optional last char: not part of the literal prefix
            re_path(rf"(?i)^{prefix.upper()}/ci/$", view),  # case-insensitive: always tried
            re_path(rf"^({prefix}|alt-{prefix})/either/$", view),  # alternation: always tried
            re_path(rf"{prefix}/anywhere/$", view),  # unanchored: search() anywhere
            re_path(r"^$", view),
        ]

    inner = [path("", include(views("x"))), *views("users"), *views("user"), *views("u")]
    urls.urlpatterns = [
        path("api/", include(inner)),
        re_path(r"^api/(?P<version>v[0-9])/", include(views("items"))),
        path("api/", include(views("users"))),  # shadowed by the first include
        Custom(LocalePrefixPattern(prefix_default_language=True), views("loc")),
        path("<slug:anything>/", view),
        *views("users"),
    ]

    from revolution_django.urltree import Tree
    from django.urls import get_resolver

    def django_chain(resolver, candidate):
        try:
            match = resolver.resolve(candidate)
        except Resolver404:
            return None
        tried = getattr(match, "tried", None)
        return tuple(tried[-1]) if tried else None

    paths = ["/", "/api/", "/api/x/", "/api/x.json"]
    for top in ("", "api/", "api/v1/", "api/vx/", "en/", "api/en/"):
        for prefix in ("x", "users", "user", "u", "items", "loc", "USERS", "Users", "alt-users", "zz"):
            for rest in ("/", "/1/", "/2/even/", "/3/even/", "/abc/", "/a/act", "/a/act/", ".json",
                         ".json/", "s/opt/", "/opt/", "/ci/", "/either/", "/anywhere/", "x/anywhere/", ""):
                paths.append(f"/{top}{prefix}{rest}")
    checked = 0
    with override("en"):
        for tree in (Tree(list(urls.urlpatterns)), Tree(list(urls.urlpatterns), get_resolver())):
            for candidate in paths:
                mine, theirs = tree.resolve(candidate), django_chain(tree.resolver, candidate)
                assert mine == theirs, (candidate, mine, theirs)
                checked += 1
    print(checked)
''')


@pytest.mark.slow
def test_indexed_resolve_answers_what_django_answers() -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    assert int(done.stdout.strip()) > 1000
