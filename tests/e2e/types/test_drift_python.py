"""Issue 14, Python: a server whose responses differ from its serializers (an extra field, a missing required
field, null where the schema says not null, `{"status": "OK"}` instead of the serializer). Every call succeeds
and exposes what was sent, with one `ResponseValidationWarning` per operation; `strict_response_validation=True`
raises instead."""

from __future__ import annotations

import asyncio
import warnings
from types import ModuleType
from typing import Any

import pytest

pytestmark = pytest.mark.slow


def drift_warnings(caught: list[warnings.WarningMessage], pkg: ModuleType) -> dict[str, str]:
    """operation name -> message, for the ResponseValidationWarnings caught."""
    found = {}
    for warning in caught:
        if issubclass(warning.category, pkg.ResponseValidationWarning):
            text = str(warning.message)
            found[text.split("(", 1)[1].split(")", 1)[0]] = text
            assert warning.filename == __file__, warning.filename  # it points at the caller's line
    return found


def check_results(profile: Any, account: Any, entries: Any, reset: Any) -> None:
    assert (profile.username, profile.email) == ("ann", "ann@example.com")
    assert profile.auth_token == "tok-123" and profile.model_extra == {"auth_token": "tok-123"}  # kept
    assert account.username.startswith("user-") and isinstance(account.id, int)
    assert account.email is None  # missing from the response: None, and the call still succeeded
    assert [(entry.id, entry.title) for entry in entries] == [(1, "first"), (2, None)]
    assert reset.status == "OK" and reset.model_extra == {"status": "OK"}
    assert reset.email is None and reset.sent_at is None


def check_warnings(found: dict[str, str]) -> None:
    assert set(found) == {"drift.signup", "drift.entries", "drift.password_reset"}  # extra fields alone: no warning
    assert "email: Field required" in found["drift.signup"]
    assert "[1].title: Input should be a valid string (got None)" in found["drift.entries"]
    assert "POST /api/shop/drift/password-reset/" in found["drift.password_reset"]
    assert "strict_response_validation=True" in found["drift.entries"]


def test_sync_client_returns_what_the_server_sent(types_package: ModuleType, types_server: str) -> None:
    pkg = types_package
    with warnings.catch_warnings(record=True) as caught, pkg.API(types_server) as api:
        warnings.simplefilter("always")
        before = api.shop.drift.reset_count()["count"]
        profile = api.shop.drift.profile()
        account = api.shop.drift.signup(body={"username": "user-sync", "password": "sync-pass-1234"})
        entries = api.shop.drift.entries()
        reset = api.shop.drift.password_reset(body=pkg.shop.models.ResetRequestRequest(email="ann@example.com"))
        api.shop.drift.entries()  # the same difference again: no second warning
        # the writes happened: the new user logs in, the reset was recorded
        assert api.shop.token.create(body={"username": "user-sync", "password": "sync-pass-1234"}).access
        assert api.shop.drift.reset_count()["count"] == before + 1
    check_results(profile, account, entries, reset)
    check_warnings(drift_warnings(caught, pkg))


def test_async_client_returns_what_the_server_sent(types_package: ModuleType, types_server: str) -> None:
    pkg = types_package

    async def calls() -> tuple[Any, ...]:
        async with pkg.AsyncAPI(types_server) as api:
            return (await api.shop.drift.profile(),
                    await api.shop.drift.signup(body={"username": "user-async", "password": "async-pass-1234"}),
                    await api.shop.drift.entries(),
                    await api.shop.drift.password_reset(body={"email": "ann@example.com"}))

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = asyncio.run(calls())
    check_results(*results)
    assert set(drift_warnings(caught, pkg)) == {"drift.signup", "drift.entries", "drift.password_reset"}


def test_strict_response_validation_raises(types_package: ModuleType, types_server: str) -> None:
    pkg = types_package
    with pkg.API(types_server, strict_response_validation=True) as api:
        assert api.shop.drift.profile().auth_token == "tok-123"  # an extra field is not a difference
        with pytest.raises(pkg.APIResponseValidationError) as entries:
            api.shop.drift.entries()
        assert "[1].title" in str(entries.value) and entries.value.response.status_code == 200
        with pytest.raises(pkg.APIResponseValidationError, match="password-reset"):
            api.shop.drift.password_reset(body={"email": "ann@example.com"})

    async def strict_async() -> None:
        async with pkg.AsyncAPI(types_server, strict_response_validation=True) as api:
            with pytest.raises(pkg.APIResponseValidationError, match="email"):
                await api.shop.drift.signup(body={"username": "user-strict", "password": "strict-pass-1234"})

    asyncio.run(strict_async())
