"""A request log for test servers: with EXAMPLE_REQUEST_LOG set, every request appends
`METHOD path status` to that file before its response leaves, so a test counts what the server
really received (e.g. exactly one token refresh for ten concurrent calls)."""

import os
import threading
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

_LOCK = threading.Lock()


class RequestLogMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.path = os.environ["EXAMPLE_REQUEST_LOG"]

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        with _LOCK, open(self.path, "a", encoding="utf-8") as log:
            log.write(f"{request.method} {request.path} {response.status_code}\n")
        return response
