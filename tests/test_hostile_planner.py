"""Hostile prompts and schemas: each ends with a clear error or a bounded valid answer.

Every case below once hung, grew without bound, or raised a bare Python error
(issue 18). A case passes when the planner raises ``InvalidInputError`` with the
expected message, or answers with tool arguments that validate against the
tool's schema and are strict JSON (no Infinity or NaN). Sizes are chosen so that
quadratic or exponential work would take minutes: finishing at all is the check.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
import pytest

from fakes.core import (
    InvalidInputError,
    Request,
    ToolPlanner,
    Turn,
    _tool_mentions,
    value_for_schema,
    values_for_schema,
)
from fakes.core._planner import MAX_CALLS

MB = 1 << 20


def tool(properties: dict[str, Any], required: list[str], **extra: Any) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required, **extra}
    return {"name": "add", "description": "A tool.", "parameters": schema}


ADD = tool({"a": {"type": "integer"}, "b": {"type": "integer"}}, ["a", "b"])


def plan(prompt: str, tools: tuple[dict[str, Any], ...] = (ADD,), **options: Any) -> Any:
    turns = (Turn(role="user", text=prompt),)
    choice = "any" if tools else None
    request = Request(turns=turns, tools=tools, tool_choice=choice, options=options)
    return ToolPlanner().reply(request)


def valid_calls(prompt: str, the_tool: dict[str, Any]) -> list[dict[str, Any]]:
    """Plan with ``the_tool`` forced; every call's arguments validate and are strict JSON."""
    reply = plan(prompt, (the_tool,))
    assert reply.tool_calls
    # No check of the schema itself: jsonschema's metaschema walk recurses 500 deep.
    validator = jsonschema.Draft202012Validator(the_tool["parameters"])
    for call in reply.tool_calls:
        validator.validate(call.args)
        json.dumps(call.args, allow_nan=False)
    return [call.args for call in reply.tool_calls]


def field(schema: dict[str, Any], *, required: bool = True) -> dict[str, Any]:
    return tool({"x": schema}, ["x"] if required else [])


# -- prompt reading is linear -------------------------------------------------


def test_unclosed_call_syntax_of_a_megabyte_finishes() -> None:
    # Walking from each "(" to the end was quadratic: 32 KB took 77 s.
    assert valid_calls("add(" * (MB // 4), ADD) == [{"a": 0, "b": 0}]


def test_unclosed_calls_are_closed_by_one_table_for_the_whole_text() -> None:
    _tool_mentions._unmatched_closers.cache_clear()
    plan("add(" * 50_000 + 'add(1, "x', (ADD,))
    # One table built for all 50 001 calls, not one walk per call.
    assert _tool_mentions._unmatched_closers.cache_info().misses == 1


def test_a_megabyte_of_brackets_and_quotes_finishes() -> None:
    text = ("add([{'\"(" * (MB // 10))[:MB]
    assert valid_calls(text, ADD)


def test_more_calls_than_the_bound_are_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match=f"at most {MAX_CALLS} tool calls"):
        plan("add(1, 2) " * (MAX_CALLS + 1))


def test_calls_up_to_the_bound_are_all_made() -> None:
    assert len(valid_calls("add(1, 2) " * MAX_CALLS, ADD)) == MAX_CALLS


def test_many_prompt_values_for_many_calls_finish() -> None:
    # Each call looks for a value no prompt string fits: the scans resume, not restart.
    picky = field({"type": "string", "pattern": "^z", "default": "z"}, required=False)
    prompt = "add() " * MAX_CALLS + ' "a"' * 100_000
    assert valid_calls(prompt, picky) == [{}] * MAX_CALLS


def test_deep_call_syntax_is_one_string_argument() -> None:
    # ast's parser stack overflows (MemoryError) on deep nesting.
    text = "add(" + "[" * 100_000 + "]" * 100_000 + ")"
    assert valid_calls(text, field({"type": "string"})) == [{"x": "[" * 100_000 + "]" * 100_000}]


def test_a_megabyte_of_call_arguments_finishes() -> None:
    inner = "1, " * (MB // 3)
    assert valid_calls(f"add({inner}2)", ADD) == [{"a": 1, "b": 1}]


# -- patterns run with a bounded cost -------------------------------------------

NESTED = {"type": "string", "pattern": "^(a+)+$"}


def test_a_nested_repeat_pattern_against_a_quoted_prompt_value_finishes() -> None:
    # re backtracks exponentially here: 26 characters took 10 s.
    prompt = '"' + "a" * 10_000 + '!" and b'
    assert valid_calls(prompt, field(NESTED)) == [{"x": "a" * 10_000}]  # the piece that matches


def test_a_nested_repeat_pattern_on_non_ascii_text_is_a_clear_error() -> None:
    # re2 and re read classes alike on ASCII only; a lookahead needs re, which would
    # backtrack: no value can be checked, so none is taken.
    schema = {"type": "string", "pattern": "^(?=a)(a+)+$"}
    with pytest.raises(InvalidInputError, match=r"field 'x': no string fits its schema"):
        plan('"' + "a" * 5000 + 'é"', (field(schema),))


def test_a_backreference_pattern_runs_on_short_values() -> None:
    schema = {"type": "string", "pattern": r"^(ab)\1$"}
    assert valid_calls('say "abab"', field(schema)) == [{"x": "abab"}]


def test_a_pattern_found_in_a_megabyte_prompt() -> None:
    schema = {"type": "string", "pattern": "^[0-9]{5}$"}
    prompt = "x" * MB + " 75001"
    assert valid_calls(prompt, field(schema)) == [{"x": "75001"}]


def test_an_invalid_pattern_is_no_constraint() -> None:
    # jsonschema refuses the schema, so there is nothing to validate against.
    reply = plan('"Paris"', (field({"type": "string", "pattern": "(?<"}),))
    assert [call.args for call in reply.tool_calls] == [{"x": "Paris"}]


# -- sizes ------------------------------------------------------------------------


def test_a_huge_min_length_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="minLength 1000000000 is more than the fake"):
        plan("add", (field({"type": "string", "minLength": 10**9}),))


def test_a_huge_min_items_is_a_clear_error() -> None:
    schema = {"type": "array", "items": {"type": "integer"}, "minItems": 10**6}
    with pytest.raises(InvalidInputError, match="minItems 1000000 is more than the fake"):
        plan("add", (field(schema),))


def test_min_items_above_max_items_is_a_clear_error() -> None:
    schema = {"type": "array", "minItems": 3, "maxItems": 2}
    with pytest.raises(InvalidInputError, match="minItems 3 is above maxItems 2"):
        plan("add", (field(schema),))


def test_nested_arrays_that_multiply_are_a_clear_error() -> None:
    schema: dict[str, Any] = {"type": "string", "minLength": 100}
    for _ in range(4):
        schema = {"type": "array", "items": schema, "minItems": 100}
    with pytest.raises(InvalidInputError, match="would exceed 1000000 items and characters"):
        plan("add", (field(schema),))


def test_unique_items_with_repeating_placeholders_is_a_clear_error() -> None:
    schema = {"type": "array", "items": {"type": "boolean"}, "minItems": 3, "uniqueItems": True}
    with pytest.raises(InvalidInputError, match="minItems 3 with uniqueItems"):
        plan("add", (field(schema),))


def test_unique_items_take_distinct_prompt_values() -> None:
    schema = {"type": "array", "items": {"type": "integer"}, "minItems": 2, "uniqueItems": True}
    assert valid_calls("add 1 1 2", field(schema)) == [{"x": [1, 2]}]


# -- recursion and depth -----------------------------------------------------------

RECURSIVE = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "child": {"$ref": "#"}},
    "required": ["name"],
}


def test_an_optional_recursive_field_is_left_out() -> None:
    assert valid_calls('add "root"', {"name": "add", "parameters": RECURSIVE}) == [{"name": "root"}]


def test_a_required_recursive_field_is_a_clear_error_naming_the_ref() -> None:
    schema = {**RECURSIVE, "required": ["name", "child"]}
    with pytest.raises(InvalidInputError, match=r"\$ref '#' is recursive and required"):
        plan("add", ({"name": "add", "parameters": schema},))


MUTUAL = {
    "type": "object",
    "properties": {"a": {"$ref": "#/$defs/A"}},
    "$defs": {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/$defs/B"}}, "required": ["b"]},
        "B": {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "required": ["a"]},
    },
}


def test_mutually_recursive_defs_required_are_a_clear_error() -> None:
    schema = {**MUTUAL, "required": ["a"]}
    with pytest.raises(InvalidInputError, match=r"\$ref '#/\$defs/A' is recursive"):
        plan("add", ({"name": "add", "parameters": schema},))


def test_mutually_recursive_defs_optional_are_left_out() -> None:
    assert valid_calls("add", {"name": "add", "parameters": MUTUAL}) == [{}]


def test_a_recursive_tree_gets_an_empty_list_of_children() -> None:
    tree = {
        "type": "object",
        "properties": {"children": {"type": "array", "items": {"$ref": "#"}}},
        "required": ["children"],
    }
    assert valid_calls("add", {"name": "add", "parameters": tree}) == [{"children": []}]


def test_a_nullable_recursive_field_is_null() -> None:
    schema = {
        "type": "object",
        "properties": {"next": {"anyOf": [{"$ref": "#"}, {"type": "null"}]}},
        "required": ["next"],
    }
    assert valid_calls("add", {"name": "add", "parameters": schema}) == [{"next": None}]


def test_a_ref_to_itself_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match=r"\$ref '#' is recursive and required"):
        value_for_schema({"$ref": "#"}, "text")


def test_a_ref_loop_through_all_of_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match=r"\$ref '#' refers back to itself"):
        values_for_schema({"type": "object", "allOf": [{"$ref": "#"}]}, "text")


def test_a_ref_loop_between_defs_is_a_clear_error() -> None:
    schema = {
        "$ref": "#/$defs/a",
        "$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}},
    }
    with pytest.raises(InvalidInputError, match=r"\$ref '#/\$defs/a' refers back to itself"):
        value_for_schema(schema, "text")


def test_huge_bounds_in_messages_are_described_not_printed() -> None:
    with pytest.raises(InvalidInputError, match="minLength an int of about 5001 digits"):
        plan("add", (field({"type": "string", "minLength": 10**5000}),))


def _nested(depth: int, *, required: bool) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"x": schema}, "required": ["x"] * required}
    return schema


def test_deep_required_nesting_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="nests more than 48 levels deep"):
        plan("add", ({"name": "add", "parameters": _nested(500, required=True)},))


def test_deep_optional_nesting_is_left_out() -> None:
    assert valid_calls("add", {"name": "add", "parameters": _nested(500, required=False)}) == [{}]


# -- numbers ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["integer", "number"])
def test_a_huge_minimum_gives_that_number(kind: str) -> None:
    assert valid_calls("add", field({"type": kind, "minimum": 10**400})) == [{"x": 10**400}]


@pytest.mark.parametrize(
    "bounds",
    [
        {"minimum": float("inf")},
        {"maximum": float("-inf")},
        {"minimum": 10**5000},
        {"minimum": 1, "maximum": 0},
        {"minimum": 0.1, "maximum": 0.2, "multipleOf": 1},
    ],
)
def test_bounds_no_number_fits_are_a_clear_error(bounds: dict[str, Any]) -> None:
    with pytest.raises(InvalidInputError, match="field 'x': no number the fake can write fits"):
        plan("add", (field({"type": "number", **bounds}),))


def test_an_exclusive_bound_without_step_between_integers() -> None:
    schema = {"type": "number", "exclusiveMinimum": 0.25, "exclusiveMaximum": 0.5}
    assert valid_calls("add", field(schema)) == [{"x": 0.25000000000000006}]


def test_a_float_step_is_checked_as_jsonschema_checks_it() -> None:
    # 0.30000000000000004 / 0.1 is no integer in floats: neither the prompt's value
    # nor the first multiple fits; 0.4 does.
    schema = {"type": "number", "minimum": 0.25, "multipleOf": 0.1}
    assert valid_calls("add 0.30000000000000004", field(schema)) == [{"x": 0.4}]


def test_a_long_integer_in_the_prompt_is_no_value() -> None:
    # int() refuses 4300 digits and more ("Exceeds the limit").
    assert valid_calls("add " + "7" * 5000 + " and 3", ADD) == [{"a": 3, "b": 0}]


def test_a_long_float_in_the_prompt_is_never_infinity() -> None:
    prompt = "add 1" + "0" * 400 + ".5"
    assert valid_calls(prompt, field({"type": "number"})) == [{"x": 0.0}]


def test_a_huge_hex_literal_in_call_syntax_is_not_taken() -> None:
    assert valid_calls("add(0x" + "f" * 5000 + ", 2)", ADD) == [{"a": 0, "b": 2}]


def test_an_infinite_literal_in_call_syntax_is_not_taken() -> None:
    assert valid_calls("add(1e999, -1e999)", ADD) == [{"a": 0, "b": 0}]


def test_an_infinite_literal_in_an_untyped_field_is_not_taken() -> None:
    assert valid_calls("add(1e999)", field({"description": "anything"})) == [{"x": "x"}]


# -- bad schemas --------------------------------------------------------------------


@pytest.mark.parametrize("schema", [[1], "text", 5])
def test_a_non_dict_json_object_schema_is_a_clear_error(schema: Any) -> None:
    response_format = {"type": "json_object", "schema": schema}
    with pytest.raises(InvalidInputError, match="'schema' to be a dict"):
        plan("hi", (), response_format=response_format)


@pytest.mark.parametrize("schema", [[1], "text", 5, None])
def test_value_for_schema_refuses_a_non_dict(schema: Any) -> None:
    with pytest.raises(InvalidInputError, match="a JSON schema must be a dict"):
        value_for_schema(schema, "text")


def test_a_required_field_outside_closed_properties_is_a_clear_error() -> None:
    schema = tool({}, ["ghost"], additionalProperties=False)
    with pytest.raises(InvalidInputError, match="requires 'ghost', which is no property"):
        plan("add", (schema,))


def test_an_unknown_type_is_a_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="unknown JSON type 'weird'"):
        plan("add", (field({"type": "weird"}),))
