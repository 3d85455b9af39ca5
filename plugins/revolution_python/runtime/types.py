"""Types the generated signatures use."""

from __future__ import annotations

from typing import IO

FileContent = bytes | IO[bytes]
FileInput = FileContent | tuple[str, FileContent] | tuple[str, FileContent, str]
"""An upload: raw bytes or a binary file, optionally as `(filename, content)` or `(filename, content, type)`."""
