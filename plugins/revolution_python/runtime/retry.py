"""When and how long to wait before retrying: idempotent requests only, exponential backoff with
jitter, and the server's `Retry-After` (seconds or an HTTP date) when it sends one."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

import httpx

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE", "TRACE"})
RETRY_STATUSES = frozenset({408, 429, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    max_retries: int = 2
    backoff: float = 0.5
    max_backoff: float = 8.0
    max_retry_after: float = 60.0

    def may_retry(self, method: str, attempt: int) -> bool:
        return attempt < self.max_retries and method.upper() in IDEMPOTENT_METHODS

    def should_retry(self, method: str, attempt: int, response: httpx.Response) -> bool:
        return response.status_code in RETRY_STATUSES and self.may_retry(method, attempt)

    def delay(self, attempt: int, response: httpx.Response | None = None) -> float:
        """Seconds to wait before retry number `attempt + 1`."""
        if response is not None:
            after = parse_retry_after(response.headers.get("Retry-After"))
            if after is not None:
                return min(after, self.max_retry_after)
        base: float = min(self.backoff * 2.0**attempt, self.max_backoff)
        return base * (0.75 + random.random() * 0.5)


def parse_retry_after(value: str | None) -> float | None:
    """`Retry-After: 3` -> 3.0; an HTTP date -> seconds from now (never negative); junk -> None."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())
