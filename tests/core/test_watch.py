"""`revolution watch`'s parts that need no project: what it watches, what it ignores, the session plugins
see, and which zones a change concerns. (The watcher itself is exercised on a Django project in
tests/plugins/django/test_django_watch.py.)"""

from __future__ import annotations

import os
from pathlib import Path

from watchfiles import Change

from revolution_core.fingerprint import Check
from revolution_core.watch import SESSION_DIR_ENV, SESSION_PID_ENV, current_session, input_filter, watched_roots


def test_it_watches_the_recorded_inputs_directories_once_each(tmp_path):
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "sub").mkdir()
    (tmp_path / "plugin").mkdir()
    (tmp_path / "specs").mkdir()
    state = {"declared": {"trees": {str(tmp_path / "app"): [".py"], str(tmp_path / "app" / "sub"): ["*"]},
                          "files": [str(tmp_path / "plugin" / "x.py"), str(tmp_path / "app" / "y.py")],
                          "patterns": [str(tmp_path / "specs" / "**" / "*.yaml")]}}
    assert watched_roots(state, tmp_path) == [str(tmp_path / "app"), str(tmp_path / "plugin"), str(tmp_path / "specs")]
    assert watched_roots(None, tmp_path) == [str(tmp_path.resolve())]  # before a first successful run


def test_its_own_outputs_and_caches_never_wake_it(tmp_path):
    accept = input_filter([str(tmp_path / "clients"), str(tmp_path / "openapi" / "schemas")])
    assert accept(Change.modified, str(tmp_path / "app" / "views.py"))
    assert not accept(Change.modified, str(tmp_path / "clients" / "python" / "models.py"))
    assert not accept(Change.added, str(tmp_path / "openapi" / "schemas" / "public.json"))
    assert not accept(Change.modified, str(tmp_path / "app" / "__pycache__" / "views.cpython-311.pyc"))
    assert not accept(Change.modified, str(tmp_path / ".git" / "index"))


def test_runs_of_a_session_know_it(tmp_path, monkeypatch):
    monkeypatch.delenv(SESSION_DIR_ENV, raising=False)
    assert current_session() is None
    monkeypatch.setenv(SESSION_DIR_ENV, str(tmp_path))
    monkeypatch.setenv(SESSION_PID_ENV, str(os.getpid()))
    session = current_session()
    assert session is not None and session.directory == Path(tmp_path) and session.pid == os.getpid()


def test_a_change_concerns_the_zones_that_list_the_file_else_every_zone():
    state = {"zone_inputs": {"public": ["/p/catalog/views.py", "/p/shared.py"], "client": ["/p/orders/views.py",
                                                                                          "/p/shared.py"]}}
    zones = ["public", "client"]
    assert Check(state, changed_files=["/p/orders/views.py"]).affected_zones(zones) == {"client"}
    assert Check(state, changed_files=["/p/shared.py"]).affected_zones(zones) == {"public", "client"}
    assert Check(state, changed_files=["/p/settings.py"]).affected_zones(zones) == {"public", "client"}
    assert Check(state, changed_values=["distributions"]).affected_zones(zones) == {"public", "client"}
    assert Check(state, changed_outputs=["/p/clients/x"]).affected_zones(zones) == set()  # schemas stand
    unknown = {"zone_inputs": {"public": None, "client": ["/p/orders/views.py"]}}
    assert Check(unknown, changed_files=["/p/orders/views.py"]).affected_zones(zones) == {"public", "client"}
    assert Check(None).affected_zones(zones) == {"public", "client"}
