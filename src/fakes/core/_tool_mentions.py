"""Which bound tools a prompt names, where, and with what call syntax.

A tool is *named* by call syntax ``name(...)`` (each occurrence is a call of its
own), by its name as a word in any case, or, for a name of several words, by
all its words but the first (``get_weather`` is named by "weather").
"""

from __future__ import annotations

import re
from array import array
from collections.abc import Sequence
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from fakes.core._prompt_values import word_pattern

__all__ = ["Occurrence", "closing_paren", "mask_calls", "naming_words", "occurrences"]

# The words of a name: "getStockPrice", "get_stock_price" and "GetSTOCKPrice" all
# give get, stock, price (in their own case).
_NAME_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


# bench tool-turn (budget <= 1.5): a NamedTuple, built 4 times cheaper than a frozen dataclass
class Occurrence(NamedTuple):
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
    lowered = text.lower() if text.isascii() else None
    for name in names:
        calls = _calls(text, name)
        if calls:
            found.extend(calls)
            continue
        position = _mention(text, name, lowered)
        if position is not None:
            found.append(Occurrence(position, name, None, (0, 0)))
    return sorted(found, key=attrgetter("position", "tool"))


def mask_calls(text: str, found: Sequence[Occurrence]) -> str:
    """Blank out the call syntax of ``found`` in ``text``, keeping every position.

    Values given by call syntax are not offered again to other fields.
    """
    spans = sorted(o.span for o in found if o.inner is not None)
    if not spans:
        return text
    # One pass over the spans, merged where they overlap (a call inside a call):
    # rebuilding the text once per call would be quadratic in their number.
    pieces: list[str] = []
    done = 0  # text before this index is in pieces already
    for start, end in spans:
        if end <= done:
            continue
        start = max(start, done)
        pieces.extend((text[done:start], " " * (end - start)))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


@lru_cache(maxsize=1024)
def _call_pattern(name: str) -> re.Pattern[str]:
    # Not inside a word or after a dot: "math.add(1)" and "readd(1)" do not call add.
    # bench tool-turn (budget <= 1.5): the name first and the look-behind after it, so
    # that the search jumps from one occurrence of the name to the next (3 %)
    escaped = re.escape(name)
    return re.compile(rf"{escaped}(?<![A-Za-z0-9_.]{escaped})\s*\(")


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


def _mention(text: str, name: str, lowered: str | None) -> int | None:
    """Position of the first mention of ``name`` (or of its later words), or None.

    ``lowered`` is ``text.lower()`` when ``text`` is ASCII, else None.
    """
    mention = _search(name, text, lowered)
    if mention is not None:
        return mention.start()
    words = _NAME_WORDS.findall(name)
    if len(words) < 2:
        return None
    positions = [_search(word, text, lowered) for word in words[1:]]
    if any(position is None for position in positions):
        return None
    return min(position.start() for position in positions if position is not None)


def _search(word: str, text: str, lowered: str | None) -> re.Match[str] | None:
    # bench tool-turn (budget <= 1.5): an ASCII word absent from ASCII text skips its
    # case-blind regex, which finds no literal prefix to jump to (5 % of the planner)
    if lowered is not None and word.isascii() and word.lower() not in lowered:
        return None
    return word_pattern(word).search(text)


# The inside of a call without brackets or escapes: what the loop of closing_paren
# would walk through to the first ``)``, quoted strings skipped.
_FLAT_INNER = re.compile(r"""(?:[^()\[\]{}"']|"[^"\\]*"|'[^'\\]*')*\)""")


@lru_cache(maxsize=256)  # a suite binds a handful of tool sets, each called many times
def naming_words(names: tuple[str, ...]) -> frozenset[str]:
    """Return the lower-case words that name these tools: each name, and each word of one."""
    return frozenset(word.lower() for name in names for word in (name, *_NAME_WORDS.findall(name)))


def closing_paren(text: str, start: int) -> int | None:
    """Index of the ``)`` matching the ``(`` at ``start``, skipping quoted text.

    None when the parentheses never close or another bracket closes them.
    """
    # bench tool-turn (budget <= 1.5): flat calls skip the table of the whole text (2 %)
    flat = _FLAT_INNER.match(text, start + 1)
    if flat is not None:
        return flat.end() - 1
    close = _unmatched_closers(text)[start + 1]
    return close if close < len(text) and text[close] == ")" else None


@lru_cache(maxsize=2)  # the calls of one prompt ask about the same text
def _unmatched_closers(text: str) -> array[int]:
    r"""For each index, where a walk from there outside quotes meets a closer it did not open.

    A walk from ``i`` counts brackets of any kind and jumps over a quoted string
    (``\`` escaping inside it); ``len(text)`` means it reached the end. Built
    right to left in one pass, so finding the close of every call in the text is
    linear, where walking from each ``(`` was quadratic (``"add(" * n``).
    """
    n = len(text)
    first = array("q", [n]) * (n + 2)
    # Where a quote opened just before each index closes: one table per quote mark.
    quote_ends = {'"': array("q", [n]) * (n + 2), "'": array("q", [n]) * (n + 2)}
    double, single = quote_ends['"'], quote_ends["'"]
    for i in range(n - 1, -1, -1):
        char = text[i]
        if char == "\\":
            double[i], single[i] = double[i + 2], single[i + 2]
        else:
            double[i] = i if char == '"' else double[i + 1]
            single[i] = i if char == "'" else single[i + 1]
        if char in ")]}":
            first[i] = i
        elif char in "([{":
            inner = first[i + 1]
            first[i] = first[inner + 1] if inner < n else n
        elif char in quote_ends:
            end = quote_ends[char][i + 1]
            first[i] = first[end + 1] if end < n else n
        else:
            first[i] = first[i + 1]
    return first
