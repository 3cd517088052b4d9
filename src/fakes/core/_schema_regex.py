"""A schema's ``pattern``, run with a bounded cost.

Python's ``re`` backtracks: ``^(a+)+$`` against 26 characters takes seconds. A
pattern is therefore run by google-re2 (linear in the value's length) wherever
re2 and ``re`` agree on its meaning, so that what re2 accepts ``jsonschema``
(which uses ``re``) accepts too. They agree on printable ASCII values for every
pattern both compile, except two spellings ``re`` reads otherwise (``{,n}`` and
``[:class:]``). Anything else (a lookaround or a backreference re2 lacks, a
value with other characters) goes to ``re`` only when the pattern cannot
backtrack badly (no nested or many unbounded repeats) and the value is short;
otherwise the value counts as not matching, and a field no value fits is a
clear error further up.
"""

from __future__ import annotations

import re
import sys
from functools import lru_cache
from typing import Any

__all__ = ["MAX_BACKTRACKING_LENGTH", "pattern_matches", "pattern_pieces"]

MAX_BACKTRACKING_LENGTH = 64
"""The longest value ``re`` checks, for a pattern re2 cannot run."""
# At most this many repeats side by side: a search of n**4 steps, n <= 64, is cheap.
_MAX_REPEATS = 3
# Spellings re2 compiles but reads otherwise than ``re`` does.
_DIVERGENT = ("{,", "[:")
# The most matches of a pattern the prompt is searched for (placeholders), and
# the most (empty ones too) looked at for them.
_MAX_PIECES = 64
_MAX_MATCHES = 10_000
_REPEATS = frozenset({"MAX_REPEAT", "MIN_REPEAT", "POSSESSIVE_REPEAT"})
# What a repeat's body may hold and still be matched in one way only per length.
_FLAT = frozenset({"LITERAL", "NOT_LITERAL", "ANY", "IN", "AT", "CATEGORY", "SUBPATTERN"})

if sys.version_info >= (3, 11):  # sre's parser: private since 3.11, the old name warns there
    from re import _parser as _sre_parse
else:  # pragma: no cover - Python 3.10
    import sre_parse as _sre_parse


class _Compiled:
    """One pattern, compiled for ``re`` and (where it can be) for re2."""

    def __init__(self, python: re.Pattern[str], re2: Any, safe: bool) -> None:
        self.python = python
        self.re2 = re2
        """The re2 pattern, or None when re2 rejects it or reads it otherwise."""
        self.safe = safe
        """Whether ``re`` runs it in polynomial time of a low degree."""


@lru_cache(maxsize=256)
def _compile(pattern: str) -> _Compiled | None:
    try:
        python = re.compile(pattern)
    except (re.error, RecursionError, OverflowError, ValueError):
        return None  # jsonschema cannot check it either: no constraint
    return _Compiled(python, _re2_compile(pattern), _backtracking_safe(pattern))


def _re2_compile(pattern: str) -> Any:
    if any(spelling in pattern for spelling in _DIVERGENT) or not _encodable(pattern):
        return None
    try:
        import re2  # type: ignore[import-untyped]  # ~5 ms, paid by the first schema with a pattern only
    except ImportError:  # pragma: no cover - a runtime dependency; only a broken install
        return None
    options = re2.Options()
    options.log_errors = False  # a rejected pattern is expected here: no stderr noise
    try:
        return re2.compile(pattern, options)
    except re2.error:
        return None


def _encodable(text: str) -> bool:
    """Whether ``text`` is valid UTF-8 material (re2 works on bytes): no lone surrogates."""
    if text.isascii():
        return True
    try:
        text.encode()
    except UnicodeEncodeError:
        return False
    return True


def _backtracking_safe(pattern: str) -> bool:
    """Whether no repeat nests another and at most a few repeats are unbounded."""
    try:
        parsed = _sre_parse.parse(pattern)
    except Exception:  # re.compile passed: a parser quirk only makes the pattern unsafe
        return False
    repeats: list[int] = []
    return _walk(parsed, False, repeats) and len(repeats) <= _MAX_REPEATS


def _walk(items: Any, inside: bool, repeats: list[int]) -> bool:
    """Walk sre's parse tree; False where backtracking may explode.

    That is any repeat, alternation, lookaround or backreference inside a repeat
    of more than one ("(a+)+", "(a|aa)*"): the ways to split a value multiply.
    """
    for op, argument in items:
        name = str(op)
        if name in _REPEATS:
            _low, high, body = argument
            if inside:
                return False
            if high > 1:
                repeats.append(high)
            if not _walk(body, high > 1, repeats):
                return False
        elif (inside and name not in _FLAT) or not all(
            _walk(part, inside, repeats) for part in _parts(argument)
        ):
            return False
    return True


def _parts(argument: Any) -> list[Any]:
    """Return the sub-patterns one node's argument holds (groups, branches, lookarounds)."""
    if isinstance(argument, _sre_parse.SubPattern):
        return [argument]
    if isinstance(argument, (tuple, list)):
        found: list[Any] = []
        for element in argument:
            found.extend(_parts(element))
        return found
    return []


def pattern_matches(pattern: str, value: str) -> bool | None:
    """Whether ``re.search(pattern, value)`` finds a match, decided at a bounded cost.

    None for a pattern ``re`` cannot compile (no constraint). False, too, when
    the answer would cost too much to find (see the module docstring).
    """
    compiled = _compile(pattern)
    if compiled is None:
        return None
    if compiled.re2 is not None and _re2_agrees(pattern, value):
        return compiled.re2.search(value) is not None
    if compiled.safe and len(value) <= MAX_BACKTRACKING_LENGTH:
        return compiled.python.search(value) is not None
    return False


def _re2_agrees(pattern: str, value: str) -> bool:
    """Whether re2 and ``re`` read ``pattern`` alike on ``value`` (both compile it)."""
    if value.isascii():
        return value.isprintable()  # re's \s also takes \x1c-\x1f, its $ a final \n
    # Without escapes or flags no class differs (\d, \w, \s and \b are Unicode in re
    # only, so is case folding): a literal, a set, "." and anchors read alike.
    return "\\" not in pattern and "(?" not in pattern and "\n" not in value and _encodable(value)


def pattern_pieces(pattern: str, text: str) -> list[str]:
    """Pieces of ``text`` the unanchored ``pattern`` finds, in order (a bounded number).

    Each is a candidate only: the caller checks it with :func:`pattern_matches`.
    """
    unanchored = pattern.removeprefix("^").removesuffix("$")
    compiled = _compile(unanchored)
    if compiled is None or compiled.re2 is None or not _encodable(text):
        return []
    pieces: list[str] = []
    for count, match in enumerate(compiled.re2.finditer(text)):
        if match.group(0):
            pieces.append(match.group(0))
        if len(pieces) == _MAX_PIECES or count == _MAX_MATCHES:
            break
    return pieces
