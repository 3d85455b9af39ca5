"""placeholder"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class NormalizeContext:
    zone: str
    path_prefix: str
    server_url: str = "/"
    operation_ids: bool = True


def normalize(document: dict[str, Any], context: NormalizeContext) -> tuple[dict[str, Any], list[str]]:
    if context.server_url:
        document["servers"] = [{"url": context.server_url}]
    return document, []


Normalizer = Callable[[dict[str, Any], "NormalizeContext"], tuple[dict[str, Any], list[str]]]


def load_normalizer(dotted: str | None) -> Normalizer:
    if not dotted:
        return normalize
    from django.utils.module_loading import import_string

    return import_string(dotted)
