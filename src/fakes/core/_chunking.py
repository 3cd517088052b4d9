"""How a reply text is cut into stream chunks."""

from __future__ import annotations

import re
from typing import Literal

from fakes.core._errors import InvalidInputError

__all__ = ["Chunking", "split_text"]

Chunking = Literal["char", "word"] | int
"""``"char"`` (one character per chunk, the seed's way), ``"word"`` (each word with
the whitespace after it) or a positive int (fixed-size pieces)."""

_WORD = re.compile(r"\S+\s*|\s+")


def split_text(text: str, chunking: Chunking = "char") -> list[str]:
    """Split ``text`` into chunks whose concatenation is exactly ``text``."""
    if chunking == "char":
        return list(text)
    if chunking == "word":
        return _WORD.findall(text)
    if isinstance(chunking, int) and not isinstance(chunking, bool):
        if chunking < 1:
            raise InvalidInputError(f"chunk size must be a positive int, got {chunking}")
        return [text[i : i + chunking] for i in range(0, len(text), chunking)]
    raise InvalidInputError(f"chunking must be 'char', 'word' or a positive int, got {chunking!r}")
