"""The tool planner's caches and fast paths give the same answers as the slow way.

The planner caches compiled patterns per tool name and per word, shares one scan
of the prompt between the calls of a turn, and parses plain call arguments and
flat parentheses without ``ast`` or a character loop. Each is checked here
against a straightforward reference (the code it replaced, or the slow path
it falls back to), on fixed cases and on seeded random ones.
"""

from __future__ import annotations

import copy
import random
import re
from collections.abc import Sequence
from typing import Any

import pytest

from fakes.core import Request, ToolPlanner, Turn, _schema, _tools
from fakes.core._schema import PromptValues, derive_object, prompt_numbers, prompt_strings

PLANNER = ToolPlanner()


def _tool(name: str, **properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": f"The {name} tool.",
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": list(properties),
            },
        },
    }


def _reply(tools: Sequence[dict[str, Any]], prompt: str) -> list[tuple[str, dict[str, Any], str]]:
    reply = PLANNER.reply(Request(turns=(Turn(role="user", text=prompt),), tools=tuple(tools)))
    return [(call.name, call.args, call.id) for call in reply.tool_calls]


# -- call arguments: the plain-literal path agrees with ast ---------------------------

FAST = [
    ('city="Paris"', ([], {"city": "Paris"})),
    ("2, 3", ([2, 3], {})),
    ("a=1, b = -2.5,", ([], {"a": 1, "b": -2.5})),
    ("'Rome', limit=10", (["Rome"], {"limit": 10})),
    ("Paris", (["Paris"], {})),
    ("true, False, null, None", ([True, False, None, None], {})),
    ('"東京"', (["東京"], {})),
    ("-0.0, 0", ([-0.0, 0], {})),
    ('x="a,b", y="(c)"', ([], {"x": "a,b", "y": "(c)"})),
    ("match, type, _", (["match", "type", "_"], {})),
]
SLOW = [
    "007",
    "1e3",
    "1_000",
    "3j",
    "+3",
    "- 3",
    "[1, 2]",
    '{"a": 1}',
    '"a\\"b"',
    '"a" "b"',
    'b"x"',
    "if",
    "if=3",
    "True=1",
    "__debug__=1",
    "a=1, 2",
    "a=1, a=2",
    "1,,2",
    "1 2",
    "*a",
    "x.y",
    "f(1)",
    "Paris France",
    "1" * 30,
    '"tab\there"',
    '"x\ry"',
]


@pytest.mark.parametrize(("inner", "expected"), FAST)
def test_plain_arguments_take_the_fast_path_and_agree_with_ast(
    inner: str, expected: tuple[list[Any], dict[str, Any]]
) -> None:
    fast = _tools._simple_arguments(inner)
    assert fast is not None
    assert repr(fast) == repr(_tools._ast_arguments(inner)) == repr(expected)
    assert repr(_tools.parse_call_arguments(inner)) == repr(expected)


@pytest.mark.parametrize("inner", SLOW)
def test_anything_unusual_is_left_to_ast(inner: str) -> None:
    assert _tools._simple_arguments(inner) is None
    assert repr(_tools.parse_call_arguments(inner)) == repr(_tools._ast_arguments(inner))


def test_random_argument_lists_parse_as_ast_parses_them() -> None:
    rng = random.Random(9)
    plain = ["1", "-2", "0.25", "'Rome'", '"東京"', '""', "Paris", "true", "None", "match"]
    odd = [*SLOW, "'it''s'", "Ünïcode", "\u2028", "0"]
    keys = ["city", "a", "if", "é", "True", "x"]
    fast = 0
    for _ in range(3000):
        atoms = rng.choices(plain if rng.random() < 0.7 else odd, k=rng.randint(1, 3))
        parts = [
            f"{rng.choice(keys)}{rng.choice(['=', ' = '])}{atom}" if rng.random() < 0.4 else atom
            for atom in atoms
        ]
        inner = rng.choice([", ", ",", " ", ";"]).join(parts).strip()
        if not inner:
            continue
        fast += _tools._simple_arguments(inner) is not None
        assert repr(_tools.parse_call_arguments(inner)) == repr(_tools._ast_arguments(inner)), inner
    assert fast > 300  # the fast path was really exercised


# -- parentheses and names in the prompt ---------------------------------------------


def test_flat_parentheses_agree_with_the_character_scan() -> None:
    fixed = [
        'f("a\\")")',
        "f('it\\'s (or not)')",
        'f("x", [1, (2)], {"k": ")"})',
        "f(a] b)",
        "f({)})",
        'f("unterminated)',
        "f(a\\) b)",
    ]
    rng = random.Random(3)
    alphabet = [*"()[]{}\"'\\ a1,=", '"x"', "'y'", "add(", '"\\"', "'\\'"]
    for index in range(5000):
        text = fixed[index] if index < len(fixed) else "".join(rng.choices(alphabet, k=16))
        for start in (i for i, char in enumerate(text) if char == "("):
            expected = _tools._scan_closing_paren(text, start)
            assert _tools._closing_paren(text, start) == expected, (text, start)


def _reference_occurrences(text: str, names: Sequence[str]) -> list[tuple[Any, ...]]:
    """The occurrence finder as it was before the name cache: fresh lookbehind regexes."""

    def word(w: str) -> re.Pattern[str]:
        return re.compile(rf"(?<![A-Za-z0-9_]){re.escape(w)}(?![A-Za-z0-9_])", re.IGNORECASE)

    found: list[tuple[Any, ...]] = []
    for name in names:
        calls = []
        for match in re.finditer(rf"(?<![A-Za-z0-9_.]){re.escape(name)}\s*\(", text):
            close = _tools._scan_closing_paren(text, match.end() - 1)
            if close is not None:
                inner = text[match.end() : close]
                calls.append((match.start(), name, inner, (match.start(), close + 1)))
        if calls:
            found.extend(calls)
            continue
        mention = word(name).search(text)
        if mention is not None:
            found.append((mention.start(), name, None, (0, 0)))
            continue
        words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+", name)
        if len(words) >= 2:
            positions = [word(w).search(text) for w in words[1:]]
            if all(p is not None for p in positions):
                found.append((min(p.start() for p in positions if p), name, None, (0, 0)))
    return sorted(found, key=lambda occurrence: (occurrence[0], occurrence[1]))


def test_occurrences_agree_with_fresh_lookbehind_regexes() -> None:
    # Includes Unicode case-folding oddities (the Kelvin sign matches "k", the long
    # s matches "s"), names that are prefixes or suffixes of others, dotted calls.
    names = ["get_weather", "add", "search", "getWeather", "get-weather", "a-add", "\u212aeep"]
    pieces = [*names, "(", ")", " ", ".", "x", "_", '"', "1", ",", "keep", "\u017fearch", "WEATHER"]
    fixed = [
        "math.add(1, 2) then add(3)",
        "readd(1) or re_add (2) or add\t(3)",
        "a-add(1) and get-weather(2)",
        "keep KEEP \u212aeep",
        "\u017fearch the weather",
        'get_weather("Paris (FR)") and getWeather(x)',
    ]
    rng = random.Random(5)
    for index in range(4000):
        if index < len(fixed):
            text, chosen = fixed[index], names
        else:
            text = "".join(rng.choices(pieces, k=rng.randint(1, 10)))
            chosen = rng.sample(names, rng.randint(1, 4))
        got = [tuple(occurrence) for occurrence in _tools._occurrences(text, chosen)]
        assert got == _reference_occurrences(text, chosen), (text, chosen)


def test_name_caches_do_not_mix_up_tool_sets() -> None:
    first = [_tool("add", a={"type": "integer"}, b={"type": "integer"}), _tool("search")]
    second = [_tool("get_weather", city={"type": "string"}), _tool("adder", n={"type": "integer"})]
    prompt = 'add(2, 3) then search, get_weather(city="Paris") and adder(7)'
    expected_first = [("add", {"a": 2, "b": 3}, "call_0_0"), ("search", {}, "call_0_1")]
    expected_second = [
        ("get_weather", {"city": "Paris"}, "call_0_0"),
        ("adder", {"n": 7}, "call_0_1"),
    ]
    for tools, expected in [(first, expected_first), (second, expected_second)] * 2:
        assert _reply(tools, prompt) == expected
    _tools._name_patterns.cache_clear()
    _schema.word_pattern.cache_clear()
    assert _reply(second, prompt) == expected_second
    assert _reply(first, prompt) == expected_first


# -- one scan of the prompt per turn -------------------------------------------------


def test_each_call_of_a_turn_uses_the_shared_prompt_values_afresh() -> None:
    tools = [_tool("book", city={"type": "string"}), _tool("rate", city={"type": "string"})]
    # Both calls fill their field from the same quoted string: sharing the scan
    # does not share which values a call has used.
    assert _reply(tools, 'book and rate "Paris"') == [
        ("book", {"city": "Paris"}, "call_0_0"),
        ("rate", {"city": "Paris"}, "call_0_1"),
    ]


def test_prompt_values_equal_a_scan_of_the_text() -> None:
    schema = {
        "type": "object",
        "properties": {"name": {"type": "string"}, "n": {"type": "integer"}},
        "required": ["name", "n"],
    }
    text = 'meet "Ada" at 3, not "Bob" at 4'
    values = PromptValues.scan(text)
    assert values.strings == tuple(prompt_strings(text))
    assert values.numbers == tuple(prompt_numbers(text))
    assert derive_object(schema, values) == derive_object(schema, text) == {"name": "Ada", "n": 3}


@pytest.mark.parametrize(
    "text",
    [
        "no quotes or digits here",
        "digits 12 and 3.5 but no quotes",
        "quotes 'only' here",
        'quoted "42" and 7',
        "«fr» „de“ 「ja」 『ja』 “en” \u2018en\u2019 ٣ 10",
        "What's 4?",
        "",
    ],
)
def test_prompt_scans_skip_the_regexes_only_when_they_would_find_nothing(text: str) -> None:
    quoted = _schema._QUOTED
    strings = [
        (m.start(), next(g for g in m.groups() if g is not None)) for m in quoted.finditer(text)
    ]
    masked = quoted.sub(lambda m: " " * len(m.group(0)), text)
    numbers = [
        (m.start(), float(m.group(0)) if "." in m.group(0) else int(m.group(0)))
        for m in _schema._NUMBER.finditer(masked)
    ]
    assert prompt_strings(text) == strings
    assert repr(prompt_numbers(text)) == repr(numbers)


# -- shared schemas stay untouched ---------------------------------------------------


@pytest.mark.parametrize(
    "schema",
    [
        {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]},
        {
            "$defs": {"Unit": {"type": "string", "enum": ["c", "f"]}},
            "type": "object",
            "properties": {"unit": {"$ref": "#/$defs/Unit"}, "n": {"type": "integer"}},
            "required": ["unit", "n"],
        },
        {
            "type": "object",
            "allOf": [{"properties": {"a": {"type": "integer"}}, "required": ["a"]}],
            "properties": {"b": {"anyOf": [{"type": "string"}, {"type": "null"}]}},
        },
    ],
)
def test_deriving_values_never_writes_to_the_schema(schema: dict[str, Any]) -> None:
    # Plain schemas are read in place rather than copied, so nothing may write to them.
    before = copy.deepcopy(schema)
    derive_object(schema, 'use "x" and 5 in f', {"a": "7", "unit": "C"})
    derive_object(schema, "nothing")
    assert schema == before


def test_the_planner_never_writes_to_bound_definitions() -> None:
    tools = [_tool("get_weather", city={"type": "string"}), _tool("add", a={"type": "integer"})]
    before = copy.deepcopy(tools)
    _reply(tools, 'get_weather(city="Paris") and add(2)')
    _reply(tools, "weather in Rome")
    assert tools == before
