"""The schema module's fast paths agree with its general ones.

A field schema holding only annotations and a "type" is filled by ``derive`` and
``coerce`` without the general walk ($ref, const, enum, anyOf). Emptying
``_schema._ANNOTATIONS`` turns that off, which gives the reference here.
"""

from __future__ import annotations

import random
from typing import Any

import pytest

from fakes.core import _schema
from fakes.core._schema import PromptValues, derive_object, value_for_schema, values_for_schema

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


def _both(monkeypatch: pytest.MonkeyPatch, function: Any, *args: Any) -> tuple[str, str]:
    # repr keeps 1, 1.0 and True apart
    fast = repr(function(*args))
    with monkeypatch.context() as patch:
        patch.setattr(_schema, "_ANNOTATIONS", frozenset())
        general = repr(function(*args))
    return fast, general


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
        fast, general = _both(monkeypatch, derive_object, schema, prompt, given)
        assert fast == general, (schema, given, prompt)
        values = PromptValues.scan(prompt)
        fast, general = _both(monkeypatch, derive_object, schema, values, given)
        assert fast == general, (schema, given, prompt)
        fast, general = _both(monkeypatch, values_for_schema, schema, prompt)
        assert fast == general, (schema, prompt)
        field = _field(rng)
        fast, general = _both(monkeypatch, value_for_schema, field, prompt)
        assert fast == general, (field, prompt)


def test_plain_fields_skip_the_general_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    resolved: list[Any] = []
    resolve = _schema._Deriver.resolve

    def counting(self: _schema._Deriver, schema: Any, depth: int = 0) -> dict[str, Any]:
        resolved.append(schema)
        return resolve(self, schema, depth)

    monkeypatch.setattr(_schema._Deriver, "resolve", counting)
    schema = {
        "type": "object",
        "properties": {
            "city": {"type": "string", "description": "A city."},
            "days": {"type": "integer", "title": "Days"},
            "unit": {"type": "string", "enum": ["c", "f"]},
        },
        "required": ["city", "days", "unit"],
    }
    args = derive_object(schema, 'in "Paris" for 3 days', {"city": "Rome"})
    assert args == {"city": "Rome", "days": 3, "unit": "c"}
    assert resolved == [schema, schema["properties"]["unit"]]  # the root and the enum only


@pytest.mark.parametrize(
    "text",
    [
        "",
        "what is the weather in Paris",
        "call get_weather and add",
        "it's 'quoted'",
        'say "hi"',
        "“typographic” «guillemets» 「corner」 『double』 „low“ \u2018single\u2019",
        "version 1.2.3 and gpt4",
        "Arabic-Indic digits ٣ and fullwidth \uff13",
        "tool_2 is not a number, 7 is",
    ],
)
def test_the_scan_of_a_prompt_without_quotes_or_digits_finds_what_the_full_scan_does(
    text: str,
) -> None:
    full = PromptValues(
        text, tuple(_schema.prompt_strings(text)), tuple(_schema.prompt_numbers(text))
    )
    assert PromptValues.scan(text) == full


def test_the_scan_fast_path_covers_every_value_start() -> None:
    # Whatever either full scan can start a value with, the fast path's search finds.
    for code in range(0x10000):
        char = chr(code)
        if _schema._QUOTE_START.match(char) or _schema._DIGIT.match(char):
            assert _schema._QUOTE_OR_DIGIT.match(char), hex(code)
        elif _schema._QUOTE_OR_DIGIT.match(char):
            raise AssertionError(f"{code:#x} matched by the fast path only")
