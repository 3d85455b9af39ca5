"""Runtime shared by every zone of this client: transport, errors, JWT auth, retries, pagination."""

from .auth import JWTAuth, TokenStore
from .core import AsyncCore, SyncCore
from .encoding import path
from .errors import (
    APIConnectionError,
    APIError,
    APIResponseValidationError,
    APIStatusError,
    APITimeoutError,
    AuthenticationError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    ValidationError,
)
from .retry import RetryPolicy
from .types import FileInput

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCore",
    "AuthenticationError",
    "FileInput",
    "JWTAuth",
    "NotFoundError",
    "PermissionDeniedError",
    "RateLimitError",
    "RetryPolicy",
    "ServerError",
    "SyncCore",
    "TokenStore",
    "ValidationError",
    "path",
]
