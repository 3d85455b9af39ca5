"""The only databases verify touches are test databases it creates and destroys itself, the way
`manage.py test` does (`django.test.utils.setup_databases` / `teardown_databases`).

Before anything connects, every configured database is checked (`refusals`): marked production, a test
name that is the name of a configured database (creating the test database would clobber it), or a
server database without an explicit `TEST["NAME"]` (the test database is created on that server and an
existing one of that name is dropped without asking). After creation, every connection must point at
the test database it was given (`check_switched`). Each request then runs in a transaction that is
rolled back, so even the test database keeps its seed data from one request to the next.
"""

from __future__ import annotations

import fnmatch
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import Any

from revolution_core.errors import RevolutionError


class UnsafeDatabase(RevolutionError):
    """verify refused to run: it could have touched a database that is not a test database."""

    exit_code = 2


def _is_sqlite(settings_dict: Mapping[str, Any]) -> bool:
    return "sqlite" in str(settings_dict.get("ENGINE", ""))


def _in_memory(name: str) -> bool:
    return name == ":memory:" or "mode=memory" in name


def _same_database(a: str, b: str, sqlite: bool) -> bool:
    if not a or not b:
        return False
    if sqlite and not (_in_memory(a) or _in_memory(b)):
        return Path(a).expanduser().resolve() == Path(b).expanduser().resolve()
    return a == b


def describe(alias: str, settings_dict: Mapping[str, Any]) -> str:
    host = settings_dict.get("HOST") or ""
    where = f" on {host}" if host else ""
    return f"DATABASES['{alias}'] ({settings_dict.get('ENGINE')}, NAME {settings_dict.get('NAME')!r}{where})"


def refusals(databases: Mapping[str, Mapping[str, Any]], test_names: Mapping[str, str],
             production: list[str]) -> list[str]:
    """Every reason not to create test databases for `databases` (Django's DATABASES, normalised) whose
    test names would be `test_names` (alias -> name; mirrors left out)."""
    reasons: list[str] = []
    for alias, settings_dict in databases.items():
        name = str(settings_dict.get("NAME") or "")
        host = str(settings_dict.get("HOST") or "")
        for pattern in production:
            if fnmatch.fnmatchcase(f"{host}/{name}", pattern) or (not host and fnmatch.fnmatchcase(name, pattern)):
                reasons.append(
                    f"{describe(alias, settings_dict)} is marked production by production_databases pattern "
                    f"{pattern!r}: run verify with the settings of a development or CI environment"
                )
        test = settings_dict.get("TEST") or {}
        if not _is_sqlite(settings_dict) and not test.get("NAME") and not test.get("MIRROR"):
            reasons.append(
                f"{describe(alias, settings_dict)}: verify creates its test database on that server and drops "
                f"any database of the same name without asking, so it needs the name spelled out: set "
                f"DATABASES['{alias}']['TEST'] = {{'NAME': 'test_{name or 'db'}'}} in the settings of a "
                "development or CI environment"
            )
    for alias, test_name in test_names.items():
        settings_dict = databases[alias]
        sqlite = _is_sqlite(settings_dict)
        for other, other_dict in databases.items():
            if _is_sqlite(other_dict) == sqlite and _same_database(test_name, str(other_dict.get("NAME") or ""),
                                                                    sqlite):
                reasons.append(
                    f"the test database of DATABASES['{alias}'] would be {test_name!r}, which is the database "
                    f"of DATABASES['{other}'] itself: creating it would destroy that data. Give "
                    f"DATABASES['{alias}']['TEST']['NAME'] a name of its own (or leave it out for SQLite)"
                )
    return reasons


def planned_test_names(databases: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """alias -> the test database name Django will create (mirrors excluded). A server database without
    an explicit test name is refused before its backend (and driver) is even loaded."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import connections

    names = {}
    for alias, settings_dict in databases.items():
        test = settings_dict.get("TEST") or {}
        if test.get("MIRROR") or not (_is_sqlite(settings_dict) or test.get("NAME")):
            continue
        try:
            names[alias] = str(connections[alias].creation._get_test_db_name())
        except ImproperlyConfigured as exc:
            raise UnsafeDatabase(f"{describe(alias, settings_dict)}: its database backend cannot be loaded ({exc}); "
                                 "verify needs it to create the test database") from None
    return names


def check_switched(expected: Mapping[str, str], originals: Mapping[str, str]) -> list[str]:
    """After `setup_databases`: each connection uses its test database, not the configured one."""
    from django.db import connections

    problems = []
    for alias, test_name in expected.items():
        connection = connections[alias]
        now = str(connection.settings_dict.get("NAME") or "")
        sqlite = _is_sqlite(connection.settings_dict)
        if now != test_name and not (sqlite and _in_memory(now) and _in_memory(test_name)):
            problems.append(f"DATABASES['{alias}'] points at {now!r} after test database creation, not at the "
                            f"test database {test_name!r} (a custom database backend?)")
        elif originals.get(alias) and _same_database(now, originals[alias], sqlite) and not _in_memory(now):
            problems.append(f"DATABASES['{alias}'] still points at the configured database {now!r}")
    return problems


def preflight(production: list[str]) -> dict[str, str]:
    """Raise `UnsafeDatabase` with every reason to refuse; else alias -> planned test database name."""
    from django.db import connections

    databases = {alias: connections.settings[alias] for alias in connections}
    reasons = refusals(databases, {}, production)  # what can be refused before loading any backend
    expected = {} if reasons else planned_test_names(databases)
    reasons = reasons or refusals(databases, expected, production)
    if reasons:
        raise UnsafeDatabase("verify refused to run, so that no database other than a test database is touched:\n"
                             + "\n".join(f"  - {reason}" for reason in reasons))
    return expected


@contextmanager
def test_databases(production: list[str], verbosity: int = 0) -> Iterator[list[str]]:
    """Create a test database for every configured alias, yield the aliases, destroy them afterwards.
    Raises `UnsafeDatabase` before connecting to anything it refuses."""
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases

    aliases = list(connections)
    originals = {alias: str(connections.settings[alias].get("NAME") or "") for alias in aliases}
    expected = preflight(production)
    try:
        old_config = setup_databases(verbosity=verbosity, interactive=False, aliases=set(aliases),
                                     serialized_aliases=set())
    except BaseException:  # a failed migration, Ctrl-C: destroy the test databases created so far
        _destroy_created(expected, originals, verbosity)
        raise
    try:
        problems = check_switched(expected, originals)
        if problems:
            raise UnsafeDatabase("verify stopped before sending any request:\n"
                                 + "\n".join(f"  - {p}" for p in problems))
        yield aliases
    finally:
        teardown_databases(old_config, verbosity=verbosity)


def _destroy_created(expected: Mapping[str, str], originals: Mapping[str, str], verbosity: int) -> None:
    """Destroy the test databases `setup_databases` got to before it stopped: those a connection was
    already switched to (Django switches before it creates the tables)."""
    from django.db import connections

    for alias, test_name in expected.items():
        connection = connections[alias]
        if str(connection.settings_dict.get("NAME") or "") == test_name != originals.get(alias):
            with suppress(Exception):  # the error that stopped setup is the one to report
                connection.creation.destroy_test_db(originals[alias], verbosity=verbosity)


@contextmanager
def test_environment(fast_passwords: bool) -> Iterator[None]:
    """Django's test environment (locmem e-mail, DEBUG off, `testserver` and `localhost` allowed) plus what
    keeps requests away from real services: uploads in a temporary in-memory storage, caches in local memory."""
    from django.conf import settings
    from django.test.utils import override_settings, setup_test_environment, teardown_test_environment

    storages = dict(getattr(settings, "STORAGES", {}) or {})
    storages["default"] = {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    caches = {alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"verify-{alias}"}
              for alias in getattr(settings, "CACHES", {"default": {}})}
    overrides: dict[str, Any] = {"STORAGES": storages, "CACHES": caches}
    if fast_passwords:
        hashers = ["django.contrib.auth.hashers.MD5PasswordHasher", *settings.PASSWORD_HASHERS]
        overrides["PASSWORD_HASHERS"] = list(dict.fromkeys(hashers))
    with ExitStack() as stack:
        media = stack.enter_context(tempfile.TemporaryDirectory(prefix="revolution-verify-media-"))
        setup_test_environment(debug=False)
        stack.callback(teardown_test_environment)
        hosts = [*settings.ALLOWED_HOSTS, "localhost"]  # the Host of verify's requests
        stack.enter_context(override_settings(MEDIA_ROOT=media, ALLOWED_HOSTS=hosts, **overrides))
        yield


@contextmanager
def rolled_back(aliases: list[str]) -> Iterator[None]:
    """One request's transaction on every test database, always rolled back."""
    from django.db import transaction

    with ExitStack() as stack:
        for alias in aliases:
            stack.enter_context(transaction.atomic(using=alias))
        try:
            yield
        finally:
            for alias in aliases:
                transaction.set_rollback(True, using=alias)
