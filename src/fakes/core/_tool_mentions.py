"""Which bound tools a prompt names, where, and with what call syntax.

A tool is *named* by call syntax ``name(...)`` (each occurrence is a call of its
own), by its name as a word in any case, or, for a name of several words, by
all its words but the first (``get_weather`` is named by "weather").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from fakes.core._prompt_values import word_pattern

__all__ = ["Occurrence", "closing_paren", "mask_calls", "occurrences"]

# The words of a name: "getStockPrice", "get_stock_price" and "GetSTOCKPrice" all
# give get, stock, price (in their own case).
_NAME_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


@dataclass(frozen=True)
class Occurrence:
    """One place the prompt names a tool."""

    position: int
    tool: str
    inner: str | None
    """Text between the parentheses for call syntax, None for a bare mention."""
    span: tuple[int, int]
    """Where the call syntax is, ``(start, end)``; ``(0, 0)`` for a bare mention."""


def occurrences(text: str, names: Sequence[str]) -> list[Occurrence]:
    """Where ``text`` names each of the tools ``names``, in order of appearance.

    A tool called with call syntax is only found there; otherwise its first
    mention counts, once.
    """
    found: list[Occurrence] = []
    for name in names:
        calls = _calls(text, name)
        if calls:
            found.extend(calls)
            continue
        position = _mention(text, name)
        if position is not None:
            found.append(Occurrence(position, name, None, (0, 0)))
    return sorted(found, key=lambda occurrence: (occurrence.position, occurrence.tool))


def mask_calls(text: str, found: Sequence[Occurrence]) -> str:
    """Blank out the call syntax of ``found`` in ``text``, keeping every position.

    Values given by call syntax are not offered again to other fields.
    """
    for occurrence in sorted(found, key=lambda o: o.span, reverse=True):
        if occurrence.inner is not None:
            start, end = occurrence.span
            text = text[:start] + " " * (end - start) + text[end:]
    return text


@lru_cache(maxsize=1024)
def _call_pattern(name: str) -> re.Pattern[str]:
    # Not inside a word or after a dot: "math.add(1)" and "readd(1)" do not call add.
    return re.compile(rf"(?<![A-Za-z0-9_.]){re.escape(name)}\s*\(")


def _calls(text: str, name: str) -> list[Occurrence]:
    calls: list[Occurrence] = []
    if name not in text:  # bench tool-turn: most bound tools are not called; skip their regex
        return calls
    for match in _call_pattern(name).finditer(text):
        close = closing_paren(text, match.end() - 1)
        if close is not None:
            inner = text[match.end() : close]
            calls.append(Occurrence(match.start(), name, inner, (match.start(), close + 1)))
    return calls


def _mention(text: str, name: str) -> int | None:
    """Position of the first mention of ``name`` (or of its later words), or None."""
    mention = word_pattern(name).search(text)
    if mention is not None:
        return mention.start()
    words = _NAME_WORDS.findall(name)
    if len(words) < 2:
        return None
    positions = [word_pattern(word).search(text) for word in words[1:]]
    if any(position is None for position in positions):
        return None
    return min(position.start() for position in positions if position is not None)


def closing_paren(text: str, start: int) -> int | None:
    """Index of the ``)`` matching the ``(`` at ``start``, skipping quoted text.

    None when the parentheses never close or another bracket closes them.
    """
    depth = 0
    quote: str | None = None
    index = start
    while index < len(text):
        char = text[index]
        if quote is not None:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in ('"', "'"):
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return index if char == ")" else None
        index += 1
    return None
