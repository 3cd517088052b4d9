"""The three fast paths benchmarks/bench.py's tool-turn row needs agree with the general ones.

Each is checked against the path it short-cuts, on fixed and on seeded random
cases: plain call arguments against ``ast``, the prompt scans' quote/digit
pre-checks against the full scans, plain schema fields against the general walk.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from fakes.core import InvalidInputError, _call_arguments, _prompt_values, _schema_coerce
from fakes.core._schema import derive_object, value_for_schema, values_for_schema

# -- call arguments: the plain-literal path agrees with ast ---------------------------

PLAIN = [
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
UNUSUAL = [
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


def _by_ast(inner: str, monkeypatch: pytest.MonkeyPatch) -> tuple[list[Any], dict[str, Any]]:
    with monkeypatch.context() as patch:
        patch.setattr(_call_arguments, "_plain_arguments", lambda inner: None)
        return _call_arguments.parse_call_arguments(inner)


@pytest.mark.parametrize(("inner", "expected"), PLAIN)
def test_plain_arguments_skip_ast_and_agree_with_it(
    inner: str, expected: tuple[list[Any], dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert _call_arguments._plain_arguments(inner) is not None
    # repr keeps 1, 1.0, -0.0 and True apart
    assert repr(_call_arguments.parse_call_arguments(inner)) == repr(expected)
    assert repr(_by_ast(inner, monkeypatch)) == repr(expected)


@pytest.mark.parametrize("inner", UNUSUAL)
def test_anything_unusual_is_left_to_ast(inner: str, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _call_arguments._plain_arguments(inner) is None
    parsed = _call_arguments.parse_call_arguments(inner)
    assert repr(parsed) == repr(_by_ast(inner, monkeypatch))


def test_random_argument_lists_parse_as_ast_parses_them(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(9)
    plain = ["1", "-2", "0.25", "'Rome'", '"東京"', '""', "Paris", "true", "None", "match"]
    odd = [*UNUSUAL, "'it''s'", "Ünïcode", "\u2028", "0"]
    keys = ["city", "a", "if", "é", "True", "x"]
    short_cut = 0
    for _ in range(3000):
        atoms = rng.choices(plain if rng.random() < 0.7 else odd, k=rng.randint(1, 3))
        parts = [
            f"{rng.choice(keys)}{rng.choice(['=', ' = '])}{atom}" if rng.random() < 0.4 else atom
            for atom in atoms
        ]
        inner = rng.choice([", ", ",", " ", ";"]).join(parts).strip()
        if not inner:
            continue
        short_cut += _call_arguments._plain_arguments(inner) is not None
        parsed = _call_arguments.parse_call_arguments(inner)
        assert repr(parsed) == repr(_by_ast(inner, monkeypatch)), inner
    assert short_cut > 300  # the plain path was really exercised


# -- prompt scans: the pre-checks skip only what would find nothing -------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no quotes or digits here",
        "digits 12 and 3.5 but no quotes",
        "quotes 'only' here",
        'quoted "42" and 7',
        "«fr» „de“ 「ja」 『ja』 “en” \u2018en\u2019 ٣ 10",
        "Arabic-Indic digits ٣ and fullwidth \uff13",
        "What's 4?",
        "version 1.2.3 and gpt4, tool_2",
    ],
)
def test_prompt_scans_skip_the_regexes_only_when_they_would_find_nothing(text: str) -> None:
    quoted = _prompt_values._QUOTED
    strings = [
        (m.start(), next(g for g in m.groups() if g is not None)) for m in quoted.finditer(text)
    ]
    masked = quoted.sub(lambda m: " " * len(m.group(0)), text)
    numbers = [
        (m.start(), float(m.group(0)) if "." in m.group(0) else int(m.group(0)))
        for m in _prompt_values._NUMBER.finditer(masked)
    ]
    assert _prompt_values.prompt_strings(text) == strings
    assert repr(_prompt_values.prompt_numbers(text)) == repr(numbers)


def test_the_quote_pre_check_covers_every_start_of_a_quoted_string() -> None:
    for code in range(0x10000):
        char = chr(code)
        # Any quoted string starts with its opening quote: "<q>x<q>" for each pair.
        for closing in "\"'”\u2019»“」』":
            if _prompt_values._QUOTED.match(f"{char}x{closing}"):
                assert _prompt_values._QUOTE_START.match(char), hex(code)


# -- schemas: plain fields agree with the general walk ---------------------------------

TYPES = ["string", "integer", "number", "boolean", "null", "array", "object", "weird"]
ANNOTATIONS = {"title": "T", "description": "d", "default": 5, "examples": [1]}
CONSTRAINTS = {
    "minimum": 2,
    "maximum": 4.5,
    "format": "date",
    "minLength": 3,
    "pattern": "^[0-9]+$",
    "enum": ["a", 3],
    "const": 3,
    "items": {"type": "integer"},
}
VALUES: list[Any] = [
    "Paris",
    "",
    "3",
    " 7 ",
    "true",
    3,
    -2,
    0,
    2.5,
    3.0,
    float("inf"),
    True,
    False,
    None,
    [1, "2"],
    {"a": 1},
]
PROMPTS = [
    "",
    'weather in "Paris" for 3 days',
    "add 2 and 2.5, then 7",
    "'x' \"yy\" 1 2 3 4.0 true",
    "2024-01-01 and 12345",
]


def _field(rng: random.Random) -> dict[str, Any]:
    field: dict[str, Any] = {}
    if rng.random() < 0.9:
        field["type"] = rng.choice(TYPES) if rng.random() < 0.9 else ["string", "null"]
    for key, value in ANNOTATIONS.items():
        if rng.random() < 0.3:
            field[key] = value
    if rng.random() < 0.3:
        key = rng.choice(list(CONSTRAINTS))
        field[key] = CONSTRAINTS[key]
    return field


def _outcome(function: Any, *args: Any) -> str:
    try:
        return repr(function(*args))  # repr keeps 1, 1.0 and True apart
    except InvalidInputError as error:  # an unknown type ("weird") is an error on both paths
        return f"InvalidInputError: {error}"


def _both(monkeypatch: pytest.MonkeyPatch, function: Any, *args: Any) -> tuple[str, str]:
    plain = _outcome(function, *args)
    with monkeypatch.context() as patch:
        patch.setattr(_schema_coerce, "_ANNOTATIONS", frozenset())  # every field takes the walk
        general = _outcome(function, *args)
    return plain, general


def test_derive_and_coerce_agree_with_the_general_path(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(20261122)
    for _ in range(600):
        properties = {f"f{index}": _field(rng) for index in range(rng.randint(1, 4))}
        schema = {
            "type": "object",
            "properties": properties,
            "required": rng.sample(list(properties), rng.randint(0, len(properties))),
        }
        given = {key: rng.choice(VALUES) for key in properties if rng.random() < 0.5}
        prompt = rng.choice(PROMPTS)
        plain, general = _both(monkeypatch, derive_object, schema, prompt, given)
        assert plain == general, (schema, given, prompt)
        plain, general = _both(monkeypatch, values_for_schema, schema, prompt)
        assert plain == general, (schema, prompt)
        field = _field(rng)
        plain, general = _both(monkeypatch, value_for_schema, field, prompt)
        assert plain == general, (field, prompt)
