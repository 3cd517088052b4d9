"""tool_arguments_text is json.dumps(args, ensure_ascii=False), with clear errors."""

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


def test_a_value_json_cannot_hold_is_a_clear_error():
    with pytest.raises(InvalidInputError, match="not JSON: Object of type set is not JSON"):
        tool_arguments_text({"x": {1, 2}})


def test_a_scripted_message_with_arguments_json_cannot_hold_still_invokes():
    import datetime

    from langchain_core.messages import AIMessage

    from fakes.langchain import ScriptedChat

    when = datetime.date(2024, 1, 1)
    call = {"name": "book", "args": {"day": when}, "id": "c1"}
    model = ScriptedChat(replies=[AIMessage("", tool_calls=[call])], cycle=True)
    # Nothing to count (the message scripts no usage), so nothing is encoded.
    assert model.invoke("x").tool_calls[0]["args"] == {"day": when}
    with pytest.raises(InvalidInputError, match="not JSON"):
        list(model.stream("x"))  # a stream sends the arguments as JSON text
