"""The values a prompt offers to schema fields: quoted strings, names, numbers and words."""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "MAX_NUMBER_LENGTH",
    "prompt_names",
    "prompt_numbers",
    "prompt_strings",
    "word_pattern",
]

MAX_NUMBER_LENGTH = 300
"""Longer runs of digits in a prompt are no number value."""

# Quoted strings: ASCII double and single quotes (a single quote only counts when
# it is not an apostrophe inside a word, so "What's" is not a quote), typographic
# quotes, guillemets and CJK corner brackets.
_QUOTED = re.compile(
    r'"([^"\n]+)"'
    r"|(?<!\w)'([^'\n]+)'(?!\w)"
    r"|“([^”\n]+)”"
    r"|\u2018([^\u2019\n]+)\u2019"
    r"|«([^»\n]+)»"
    r"|„([^“”\n]+)[“”]"
    r"|「([^」\n]+)」"
    r"|『([^』\n]+)』"
)
# Numbers standing on their own: not part of a word ("gpt4"), a version ("1.2.3")
# or an identifier ("tool_2").
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w|\.\d)")
# bench tool-turn (budget <= 1.5): no quote or digit in the prompt, no scan (5 us a call, 5 %)
_QUOTE_START = re.compile(r"[\"'“\u2018«„「『]")  # every first character of a _QUOTED match
_DIGIT = re.compile(r"\d")
_ASCII_WORD = "A-Za-z0-9_"
# A word of a name: a letter, then letters or digits, with inner hyphens ("Saint-Denis").
_WORD = re.compile(r"(?<![\w'\u2019-])[^\W\d_][^\W_]*(?:-[^\W_]+)*")
# What may stand between a sentence's end (or the text's start) and its first word.
_SENTENCE_OPENERS = frozenset(" \t\r\f\v\"'“\u2018«([*_-")
_SENTENCE_ENDS = frozenset(".!?:;\n")
_NAME_GAP = re.compile(r"[ \t]+\Z")


def prompt_strings(text: str) -> list[tuple[int, str]]:
    """Quoted strings of ``text`` with their positions, in order of appearance."""
    found: list[tuple[int, str]] = []
    if _QUOTE_START.search(text) is None:
        return found
    for match in _QUOTED.finditer(text):
        value = next(group for group in match.groups() if group is not None)
        found.append((match.start(), value))
    return found


def prompt_names(text: str) -> list[tuple[int, str]]:
    """Proper nouns of ``text`` (outside quoted strings) with their positions.

    A name is a run of capitalized words ("Boston", "New York"); lower-case words
    end a run, so "Boston and Tokyo" holds two names. The word that begins a
    sentence is never part of one, its capital being the sentence's: "What's the
    weather in Boston?" and "Show Paris weather" name only the city ("New York
    weather" at a sentence start names "York": quote it). Nor is the pronoun "I".
    """
    found: list[tuple[int, str]] = []
    if text.islower():  # no upper-case letter at all, so no capitalized word
        return found
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    run: list[re.Match[str]] = []  # the capitalized words of the name being read
    for match in _WORD.finditer(masked):
        word = match.group(0)
        capital = word[0].isupper() and word != "I"
        capital = capital and not _begins_sentence(masked, match.start())
        if capital and run and _NAME_GAP.match(masked, run[-1].end(), match.start()):
            run.append(match)
            continue
        if run:
            found.append(_name(masked, run))
        run = [match] if capital else []
    if run:
        found.append(_name(masked, run))
    return found


def _name(text: str, words: list[re.Match[str]]) -> tuple[int, str]:
    return words[0].start(), text[words[0].start() : words[-1].end()]


def _begins_sentence(text: str, start: int) -> bool:
    """Whether the word at ``start`` is the first of the text or of a sentence."""
    # Looks back over the openers only: each run of them is walked once (linear).
    index = start
    while index > 0 and text[index - 1] in _SENTENCE_OPENERS:
        index -= 1
    return index == 0 or text[index - 1] in _SENTENCE_ENDS


def prompt_numbers(text: str) -> list[tuple[int, int | float]]:
    """Numbers of ``text`` (outside quoted strings) with their positions."""
    found: list[tuple[int, int | float]] = []
    if _DIGIT.search(text) is None:
        return found
    masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    for match in _NUMBER.finditer(masked):
        raw = match.group(0)
        if len(raw) > MAX_NUMBER_LENGTH:
            continue  # int() refuses 4300 digits and more; floats this long are inf
        number = float(raw) if "." in raw else int(raw)
        if number - number == 0:  # finite: JSON has no Infinity
            found.append((match.start(), number))
    return found


# bench tool-turn (budget <= 1.5): one compiled pattern per word (2.6 % of a turn)
@lru_cache(maxsize=1024)
def word_pattern(word: str) -> re.Pattern[str]:
    """Regex finding ``word`` in any case, not inside a longer ASCII word."""
    return re.compile(rf"(?<![{_ASCII_WORD}]){re.escape(word)}(?![{_ASCII_WORD}])", re.IGNORECASE)
