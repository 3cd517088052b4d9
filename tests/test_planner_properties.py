"""Property: for random schemas and prompts, tool arguments validate or the error is clear.

hypothesis-jsonschema draws field schemas from a meta-schema of the keywords the
planner honours (types, lengths, patterns, formats, bounds, steps, enum, const);
hypothesis nests them in arrays, objects (properties, required) and anyOf, and
draws the prompts from quotes, numbers, names, brackets and call syntax. Each case either
gives arguments that ``jsonschema`` accepts and that are strict JSON, or raises
:class:`~fakes.core.InvalidInputError`, within the profile's deadline of 1 s.

The default profile is derandomized (the same examples every run); the nox
session ``properties`` runs the ``many`` profile, with far more examples
(``FAKES_HYPOTHESIS_PROFILE=many``).
"""

from __future__ import annotations

import contextlib
import json
import os
from typing import Any

import jsonschema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema

from fakes.core import InvalidInputError, Request, ToolPlanner, Turn, value_for_schema

_COMMON = {
    "deadline": 1000,  # ms: the promise of a clear answer within a second
    "database": None,  # nothing written into the work tree
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}
settings.register_profile("fakes-default", max_examples=1500, derandomize=True, **_COMMON)
settings.register_profile("many", max_examples=50_000, **_COMMON)
settings.register_profile("few", max_examples=50, derandomize=True, **_COMMON)
PROFILE = settings.get_profile(os.environ.get("FAKES_HYPOTHESIS_PROFILE", "fakes-default"))

PATTERNS = [
    "^[0-9]{5}$",
    "^[A-Z][a-z]+$",
    "^(a+)+$",  # backtracks exponentially in re
    "(a|aa)*b",
    r"^(ab)\1$",  # a backreference: re only
    "^(?=.*[0-9])[a-z0-9]+$",  # a lookahead: re only
    r"\d",
    "x{,3}",  # re and re2 read it otherwise
    "é+",
    "[",  # invalid: no constraint
]
NUMBER = {"type": "number", "minimum": -1e6, "maximum": 1e6}
LEAF_KEYWORDS: dict[str, Any] = {
    "type": {"enum": ["string", "integer", "number", "boolean", "null"]},
    "minLength": {"type": "integer", "minimum": 0, "maximum": 12},
    "maxLength": {"type": "integer", "minimum": 0, "maximum": 12},
    "pattern": {"enum": PATTERNS},
    "format": {"enum": ["date", "email", "uuid", "uri", "time"]},
    "minimum": NUMBER,
    "maximum": NUMBER,
    "exclusiveMinimum": NUMBER,
    "exclusiveMaximum": NUMBER,
    "multipleOf": {"enum": [0.1, 0.25, 1, 2, 3, 7.5]},
    "enum": {
        "type": "array",
        "items": {"type": ["string", "integer", "boolean", "null"]},
        "minItems": 1,
        "maxItems": 3,
    },
    "const": {"type": ["string", "integer", "boolean"]},
}
NAMES = ["a", "b", "city", "Paris"]
# hypothesis-jsonschema draws the keywords of one field; nesting is built around
# them below (a nested meta-schema makes it draw for about a second an example).
LEAF = from_schema({"type": "object", "properties": LEAF_KEYWORDS, "additionalProperties": False})
COUNTS = st.integers(min_value=0, max_value=4)


def _nested(children: st.SearchStrategy[dict[str, Any]]) -> st.SearchStrategy[dict[str, Any]]:
    """Arrays and objects of ``children``, and anyOf (alone, as pydantic writes it)."""
    array = st.fixed_dictionaries(
        {"type": st.just("array"), "items": children},
        optional={"minItems": COUNTS, "maxItems": COUNTS, "uniqueItems": st.booleans()},
    )
    obj = st.dictionaries(st.sampled_from(NAMES), children, max_size=3).flatmap(
        lambda properties: st.fixed_dictionaries(
            {"type": st.just("object"), "properties": st.just(properties)},
            optional={"required": st.lists(st.sampled_from(NAMES), unique=True, max_size=3)},
        )
    )
    branches = st.fixed_dictionaries({"anyOf": st.lists(children, min_size=1, max_size=3)})
    return st.one_of(array, obj, branches)


FIELDS = st.recursive(LEAF, _nested, max_leaves=6)
SCHEMAS = st.fixed_dictionaries(
    {"type": st.just("object"), "properties": st.dictionaries(st.sampled_from(NAMES), FIELDS)},
    optional={"required": st.lists(st.sampled_from(NAMES), unique=True, max_size=4)},
)

SYNTAX = ['"', "'", "“", "”", "(", ")", "[", "]", "{", "}", ",", " ", " and ", "add(", "add"]
WORDS = ["Paris", "New York", "aaaa", "abab", "75001", "2024-01-01", "a@b.c", "é", "true", "\n"]
NUMBERS = ["-3", "0.5", "12", "1e999", "7" * 400, "1" + "0" * 320 + ".5", "\\", "\ud800"]
PIECES = st.sampled_from([*SYNTAX, *WORDS, *NUMBERS])
PROMPTS = st.lists(st.one_of(PIECES, st.text(max_size=6)), max_size=12).map("".join)


def _check_tool(schema: dict[str, Any], prompt: str) -> None:
    tool = {"name": "add", "description": "A tool.", "parameters": schema}
    request = Request(turns=(Turn(role="user", text=prompt),), tools=(tool,), tool_choice="add")
    try:
        reply = ToolPlanner().reply(request)
    except InvalidInputError:
        return
    validator = jsonschema.Draft202012Validator(schema)
    for call in reply.tool_calls:
        validator.validate(call.args)
        json.dumps(call.args, allow_nan=False)


def _check_value(schema: dict[str, Any], prompt: str) -> None:
    try:
        value = value_for_schema(schema, prompt)
    except InvalidInputError:
        return
    jsonschema.Draft202012Validator(schema).validate(value)
    json.dumps(value, allow_nan=False)


def _valid_regexes(schema: Any) -> bool:
    """Whether every ``pattern`` compiles: jsonschema refuses to check the others."""
    if isinstance(schema, dict):
        if schema.get("pattern") == "[":
            return False
        return all(_valid_regexes(value) for value in schema.values())
    if isinstance(schema, list):
        return all(_valid_regexes(value) for value in schema)
    return True


@PROFILE
@given(schema=SCHEMAS, prompt=PROMPTS)
def test_tool_arguments_validate_or_the_error_is_clear(schema: dict[str, Any], prompt: str) -> None:
    if _valid_regexes(schema):
        _check_tool(schema, prompt)
        for field in schema["properties"].values():
            _check_value(field, prompt)
    else:  # no schema to validate against: the planner must still end clearly
        with contextlib.suppress(InvalidInputError):
            ToolPlanner().reply(
                Request(
                    turns=(Turn(role="user", text=prompt),),
                    tools=({"name": "add", "parameters": schema},),
                    tool_choice="add",
                )
            )
