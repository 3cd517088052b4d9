"""tool_arguments_text is json.dumps(args, ensure_ascii=False), with a clear error for cycles."""

from __future__ import annotations

import json

import pytest

from fakes.core import InvalidInputError, tool_arguments_text


@pytest.mark.parametrize(
    "args",
    [
        {},
        {"a": 2, "b": 3},
        {"city": "東京", "quote": 'a"b\\c', "line": "x\ny\t\u2028"},
        {"n": [1, 2.5, -0.0, 1e300, None, True, False], "o": {"k": {"deep": []}}},
        {"inf": float("inf"), "nan": float("nan")},
        {"big": 10**30, "emoji": "😀", "surrogate": "\ud800"},
    ],
)
def test_the_text_is_json_dumps_without_ascii_escapes(args):
    assert tool_arguments_text(args) == json.dumps(args, ensure_ascii=False)


def test_arguments_that_contain_themselves_are_a_clear_error():
    args: dict = {}
    args["self"] = args
    with pytest.raises(InvalidInputError, match="contain themselves"):
        tool_arguments_text(args)
    nested: dict = {}
    for _ in range(5000):
        nested = {"x": nested}
    with pytest.raises(InvalidInputError, match="nest too deep"):
        tool_arguments_text(nested)


def test_a_value_json_cannot_hold_is_a_type_error_as_with_json_dumps():
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        tool_arguments_text({"x": object()})
