"""Errors about versioned views name the view the user wrote or imported, not drf-spectacular's stand-in for it
(its contrib modules replace dj-rest-auth's LoginView by `...view_replacement.<locals>.Fixed`)."""

from __future__ import annotations

from revolution_django.versions import user_view_name


class LoginView:
    pass


def test_a_drf_spectacular_replacement_is_named_after_the_view_it_replaces():
    fixed = type("Fixed", (LoginView,), {"__module__": "drf_spectacular.contrib.rest_auth",
                                         "__qualname__": "RestAuthLoginView.view_replacement.<locals>.Fixed"})
    assert user_view_name(fixed) == f"{__name__}.LoginView"


def test_a_users_own_view_keeps_its_name():
    assert user_view_name(LoginView) == f"{__name__}.LoginView"
