"""Where credentials live: any object with `get`, `set` and `delete` (the `TokenStorage` protocol).
Memory by default; `FileTokenStorage` keeps them in a JSON file between runs; pass your own to use a
keyring, a database row or a secrets manager."""

from __future__ import annotations

import json
import os
import tempfile
import threading
from pathlib import Path
from typing import Protocol, runtime_checkable


@runtime_checkable
class TokenStorage(Protocol):
    """Keys are `<storage_key>.access`, `<storage_key>.refresh` and `<storage_key>.<scheme name>`."""

    def get(self, key: str) -> str | None: ...

    def set(self, key: str, value: str) -> None: ...

    def delete(self, key: str) -> None: ...


class MemoryTokenStorage:
    """The default: credentials vanish with the process."""

    def __init__(self) -> None:
        self._items: dict[str, str] = {}

    def get(self, key: str) -> str | None:
        return self._items.get(key)

    def set(self, key: str, value: str) -> None:
        self._items[key] = value

    def delete(self, key: str) -> None:
        self._items.pop(key, None)


class FileTokenStorage:
    """A JSON file readable by its owner only (0600), rewritten atomically on every change: a CLI or a
    service keeps its tokens, rotated refresh tokens included, across restarts."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path).expanduser()
        self._lock = threading.Lock()

    def _load(self) -> dict[str, str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError) as exc:
            raise OSError(f"cannot read the token file {self.path}: {exc}; delete it to start over") from None
        return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}

    def _save(self, items: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(items, handle, indent=2, sort_keys=True)
            os.chmod(temp, 0o600)
            os.replace(temp, self.path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise

    def get(self, key: str) -> str | None:
        with self._lock:
            return self._load().get(key)

    def set(self, key: str, value: str) -> None:
        with self._lock:
            items = self._load()
            items[key] = value
            self._save(items)

    def delete(self, key: str) -> None:
        with self._lock:
            items = self._load()
            if items.pop(key, None) is not None:
                self._save(items)
