"""Python identifiers from OpenAPI names: snake_case, keyword-safe, collision-free."""

from __future__ import annotations

import keyword
import re

# Names that generated signatures and class bodies use: an operation, parameter or resource named like
# one of these gets a trailing underscore (e.g. a query parameter `headers` becomes `headers_`).
RESERVED_ARGS = frozenset({"self", "headers", "timeout", "body", "cast", "m", "httpx", "cls"})
RESERVED_METHODS = frozenset({"str", "int", "float", "bool", "bytes", "object", "type", "cast", "m", "httpx", "tokens"})
RESERVED_RESOURCES = frozenset({"close", "aclose", "set_token", "set_credentials", "clear_token", "tokens", "m",
                                "httpx", "cast"})


def snake(name: str) -> str:
    """`listProducts` / `token-refresh` / `Min Price` -> `list_products` / `token_refresh` / `min_price`."""
    text = re.sub(r"([a-z0-9])([A-Z])", r"\1_\2", name)
    text = re.sub(r"([A-Z]+)([A-Z][a-z])", r"\1_\2", text)
    text = re.sub(r"[^0-9A-Za-z]+", "_", text).strip("_").lower()
    if not text:
        text = "value"
    if text[0].isdigit():
        text = f"n{text}"
    return text


def identifier(name: str, reserved: frozenset[str] = frozenset()) -> str:
    """A snake_case identifier that is neither a keyword nor reserved."""
    text = snake(name)
    while keyword.iskeyword(text) or text in reserved:
        text += "_"
    return text


def pascal(name: str) -> str:
    """`orders` / `token_refresh` -> `Orders` / `TokenRefresh`."""
    return "".join(part[:1].upper() + part[1:] for part in snake(name).split("_"))


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, `name_3`... whichever is free; records the choice in `taken`."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate)
    return candidate
