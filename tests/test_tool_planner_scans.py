"""The tool-turn fast paths of the prompt scans agree with the general ones.

Each short cut (benchmarks/bench.py's tool-turn row) is checked against what it
skips, on seeded random texts: the flat-call regex of ``closing_paren`` against
its loop, the call pattern with the look-behind after the name against the one
with it before, the ASCII pre-check of mentions against the case-blind regex,
and the lower-case exit of ``prompt_names`` against the full scan.
"""

from __future__ import annotations

import random
import re

import pytest

from fakes.core import _prompt_values, _tool_mentions
from fakes.core._prompt_values import prompt_names, word_pattern
from fakes.core._tool_mentions import closing_paren, mask_calls, occurrences


def test_flat_calls_close_where_the_loop_closes_them(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    alphabet = "ab ,()[]{}\"'\\x\n"
    texts = []
    for _ in range(20000):
        before = "".join(rng.choices(alphabet, k=rng.randint(0, 3)))
        inside = "".join(rng.choices(alphabet, k=rng.randint(0, 12)))
        texts.append((f"{before}({inside}", len(before)))
    fast = [closing_paren(text, start) for text, start in texts]
    monkeypatch.setattr(_tool_mentions, "_FLAT_INNER", re.compile(r"(?!)"))  # never matches
    assert fast == [closing_paren(text, start) for text, start in texts]
    assert sum(close is not None for close in fast) > 1500  # both outcomes were exercised


@pytest.mark.parametrize("name", ["add", "get_weather", "a.b", "x*", "aa", "é"])
def test_the_call_pattern_finds_what_a_leading_look_behind_finds(name: str) -> None:
    leading = re.compile(rf"(?<![A-Za-z0-9_.]){re.escape(name)}\s*\(")
    rng = random.Random(name)
    alphabet = f"ad .x_*(é)b1 {name}"
    for _ in range(3000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 14)))
        text = text.replace("a", name, 1) if rng.random() < 0.5 else text
        expected = [match.span() for match in leading.finditer(text)]
        assert [m.span() for m in _tool_mentions._call_pattern(name).finditer(text)] == expected


def test_the_ascii_pre_check_skips_only_words_the_regex_would_not_find() -> None:
    rng = random.Random(11)
    # Non-ASCII letters the case-blind regex matches with ASCII ones: long s, Kelvin sign.
    words = ["search", "Weather", "get", "K", "s", "i", "ß", "\u017f", "\u212a", "add"]
    alphabet = "seaRchWtkKiI _-.ß0\u017f\u212a"
    for _ in range(20000):
        text = "".join(rng.choices(alphabet, k=rng.randint(0, 16)))
        word = rng.choice(words)
        lowered = text.lower() if text.isascii() else None
        found = _tool_mentions._search(word, text, lowered)
        expected = word_pattern(word).search(text)
        assert (found and found.span()) == (expected and expected.span()), (word, text)


@pytest.mark.parametrize(
    "text",
    [
        "call get_weather(city='paris') and add(2, 3)",
        "the weather in boston and tokyo",
        "ünïcode, ĳ and ǆ",
        "'quoted' and \"more\" text, i think",
        "x",
    ],
)
def test_a_text_without_capitals_names_nothing(text: str) -> None:
    assert text.islower()
    assert prompt_names(text) == []
    # The full scan finds no capitalized word either: the exit skips nothing.
    masked = _prompt_values._QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    assert not any(m.group(0)[:1].isupper() for m in _prompt_values._WORD.finditer(masked))


def test_mask_calls_blanks_each_call_in_any_order() -> None:
    text = 'run f(g(1), "x") then g(2) and f'
    found = occurrences(text, ["f", "g"])
    assert mask_calls(text, found) == mask_calls(text, found[::-1])
    assert mask_calls(text, found) == "run " + " " * 12 + " then " + " " * 4 + " and f"
