"""Runtime shared by every zone of this client: transport, errors, auth, token storage, retries, pagination."""

from .auth import NO_SECURITY, OperationAuth, Scheme, Security, TokenStore, set_credentials
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
    ResponseValidationWarning,
    ServerError,
    ValidationError,
)
from .retry import RetryPolicy
from .storage import FileTokenStorage, MemoryTokenStorage, TokenStorage
from .types import FileInput

__all__ = [
    "NO_SECURITY",
    "APIConnectionError",
    "APIError",
    "APIResponseValidationError",
    "APIStatusError",
    "APITimeoutError",
    "AsyncCore",
    "AuthenticationError",
    "FileInput",
    "FileTokenStorage",
    "MemoryTokenStorage",
    "NotFoundError",
    "OperationAuth",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationWarning",
    "RetryPolicy",
    "Scheme",
    "Security",
    "ServerError",
    "SyncCore",
    "TokenStorage",
    "TokenStore",
    "ValidationError",
    "path",
    "set_credentials",
]
