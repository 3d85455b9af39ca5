"""The error hierarchy: every failure of a call is an `APIError`; HTTP errors carry status and body."""

from __future__ import annotations

from typing import Any

import httpx
import pydantic


class APIError(Exception):
    """Base of every error this client raises."""


class APIConnectionError(APIError):
    """The server could not be reached (DNS, refused connection, broken transfer)."""

    def __init__(self, message: str, request: httpx.Request) -> None:
        super().__init__(message)
        self.request = request


class APITimeoutError(APIConnectionError):
    """The request timed out (after the retries idempotent requests get)."""


class APIResponseValidationError(APIError):
    """The server answered 2xx but its data does not match the schema the client was generated from.
    Raised only with `strict_response_validation=True`; by default such data is returned as received,
    with a `ResponseValidationWarning`."""

    def __init__(self, response: httpx.Response, error: pydantic.ValidationError | None, detail: str = "") -> None:
        request = response.request
        super().__init__(f"{request.method} {request.url.path}: unexpected response data: {detail or error}")
        self.response = response
        self.error = error


class ResponseValidationWarning(UserWarning):
    """A 2xx response differed from the schema and was returned as received (once per operation and client).
    Silence it with `warnings.filterwarnings("ignore", category=ResponseValidationWarning)`, turn it into an
    error with "error", or route it to logging with `logging.captureWarnings(True)`."""


class APIStatusError(APIError):
    """The server answered with a 4xx/5xx status; `body` is the decoded JSON (or the text)."""

    def __init__(self, response: httpx.Response, body: Any, message: str | None = None) -> None:
        self.response = response
        self.status_code = response.status_code
        self.body = body
        request = response.request
        super().__init__(message or f"{request.method} {request.url.path} -> {response.status_code}: {self.detail}")

    @property
    def detail(self) -> str:
        """DRF's `detail` message when there is one, else the body as text."""
        if isinstance(self.body, dict) and isinstance(self.body.get("detail"), str):
            return str(self.body["detail"])
        return str(self.body)[:500]


class ValidationError(APIStatusError):
    """400 (or 422): DRF's field errors flattened, e.g. `{"items[0].quantity": ["Ensure ..."]}`."""

    @property
    def field_errors(self) -> dict[str, list[str]]:
        flat: dict[str, list[str]] = {}
        _flatten(self.body, "", flat)
        return flat

    @property
    def non_field_errors(self) -> list[str]:
        return self.field_errors.get("non_field_errors", []) + self.field_errors.get("detail", [])


class AuthenticationError(APIStatusError):
    """401: no credentials, or an access token that could not be refreshed."""


class PermissionDeniedError(APIStatusError):
    """403: authenticated but not allowed."""


class NotFoundError(APIStatusError):
    """404."""


class RateLimitError(APIStatusError):
    """429 (after the retries idempotent requests get); `retry_after` in seconds when the server said."""

    @property
    def retry_after(self) -> float | None:
        from .retry import parse_retry_after

        return parse_retry_after(self.response.headers.get("Retry-After"))


class ServerError(APIStatusError):
    """5xx."""


STATUS_ERRORS: dict[int, type[APIStatusError]] = {
    400: ValidationError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    422: ValidationError,
    429: RateLimitError,
}


def error_for(response: httpx.Response) -> APIStatusError:
    """The exception for an unsuccessful response, its body decoded."""
    try:
        body: Any = response.json()
    except ValueError:
        body = response.text
    cls = STATUS_ERRORS.get(response.status_code)
    if cls is None:
        cls = ServerError if response.status_code >= 500 else APIStatusError
    return cls(response, body)


def _flatten(value: Any, prefix: str, into: dict[str, list[str]]) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _flatten(item, f"{prefix}.{key}" if prefix else str(key), into)
    elif isinstance(value, list) and value and all(isinstance(item, str) for item in value):
        into.setdefault(prefix or "non_field_errors", []).extend(value)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _flatten(item, f"{prefix}[{index}]", into)
    elif value is not None:
        into.setdefault(prefix or "non_field_errors", []).append(str(value))
