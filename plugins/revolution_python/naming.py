"""Python identifiers from OpenAPI names: snake_case, keyword-safe, collision-free."""

from __future__ import annotations

import keyword
import re
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from typing import TypeVar

K = TypeVar("K")

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


def settle(choices: Mapping[K, Sequence[str]], taken: Collection[str] = (),
           own: Mapping[K, str] | None = None) -> dict[K, str]:
    """One distinct name per key, whatever order the keys come in: each key takes its first choice; the keys
    of a name several keys (or `taken`) want move on to their next choice, except the one key whose `own`
    name it is (an operationId spelled exactly so), until no name is shared. Keys out of choices keep their
    last one, the greater keys (in sorted order) with trailing underscores.

    Used instead of numeric suffixes (`name_2`), which depend on document order and so rename existing
    methods when an operation is added before them."""
    position = {key: 0 for key in choices}
    while True:
        current = {key: choices[key][position[key]] for key in choices}
        wanted: dict[str, list[K]] = defaultdict(list)
        for key, name in current.items():
            wanted[name].append(key)
        moved = False
        for name, keys in wanted.items():
            if len(keys) > 1 or name in taken:
                owners = [key for key in keys if own and own.get(key) == name]
                for key in keys:
                    if len(owners) == 1 and key == owners[0] and name not in taken:
                        continue
                    if position[key] + 1 < len(choices[key]):
                        position[key] += 1
                        moved = True
        if not moved:
            break
    result: dict[K, str] = {}
    used = set(taken)
    for key in sorted(choices, key=str):
        name = current[key]
        while name in used:
            name += "_"
        used.add(name)
        result[key] = name
    return result


def unique(name: str, taken: set[str]) -> str:
    """`name`, or `name_2`, `name_3`... whichever is free; records the choice in `taken`. Only for private
    names of generated modules (security constants): public ones go through `settle`."""
    candidate, n = name, 1
    while candidate in taken:
        n += 1
        candidate = f"{name}_{n}"
    taken.add(candidate)
    return candidate
