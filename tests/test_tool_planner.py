"""The framework-free tool planner, tested directly (no LangChain involved)."""

from __future__ import annotations

import copy
import json

import jsonschema
import pytest

from fakes.core import (
    InvalidInputError,
    Request,
    ToolCall,
    ToolPlanner,
    Turn,
    normalize_tool_choice,
    normalize_tool_schema,
    reply_message_id,
    tool_call_id,
    value_for_schema,
    values_for_schema,
)

PLANNER = ToolPlanner()

MAGIC = {
    "name": "magic_function",
    "description": "Apply a magic function to an input.",
    "parameters": {
        "type": "object",
        "properties": {
            "input": {"type": "integer", "exclusiveMinimum": -1000, "exclusiveMaximum": 1000}
        },
        "required": ["input"],
    },
}
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "unit": {"type": "string", "enum": ["celsius", "fahrenheit"]},
                "days": {
                    "anyOf": [{"type": "integer", "minimum": 1}, {"type": "null"}],
                    "default": None,
                },
            },
            "required": ["city", "unit"],
        },
    },
}
ADD = {
    "name": "add",
    "description": "Add two integers.",
    "parameters": {
        "type": "object",
        "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
        "required": ["a", "b"],
    },
}


def plan(text: str | list[Turn], tools=(MAGIC, WEATHER, ADD), tool_choice=None, **options):
    turns = (Turn(role="user", text=text),) if isinstance(text, str) else tuple(text)
    return PLANNER.reply(
        Request(turns=turns, tools=tuple(tools), tool_choice=tool_choice, options=options)
    )


def calls(reply) -> list[tuple[str, dict]]:
    return [(call.name, call.args) for call in reply.tool_calls]


# -- tool definitions and tool_choice ------------------------------------------


def test_normalize_accepts_openai_flat_and_anthropic_forms():
    flat = normalize_tool_schema(WEATHER)
    assert flat == {
        "name": "get_weather",
        "description": "Get the weather in a city.",
        "parameters": WEATHER["function"]["parameters"],
    }
    assert normalize_tool_schema(flat) == flat
    anthropic = {"name": "get_weather", "input_schema": WEATHER["function"]["parameters"]}
    assert normalize_tool_schema(anthropic)["parameters"] == WEATHER["function"]["parameters"]
    assert normalize_tool_schema({"name": "ping"}) == {
        "name": "ping",
        "description": "",
        "parameters": {"type": "object", "properties": {}},
    }


@pytest.mark.parametrize(
    ("definition", "message"),
    [
        ("get_weather", "must be a dict"),
        ({"type": "function", "function": "x"}, "'function' of a tool definition must be a dict"),
        ({"description": "no name"}, "needs a 'name'"),
        ({"name": ""}, "non-empty string"),
        ({"name": "get weather"}, "must not contain spaces"),
        ({"name": "f", "parameters": {"type": "string"}}, "must be an object schema"),
        ({"name": "f", "parameters": [1]}, "must be a JSON schema dict"),
        (
            {"name": "f", "parameters": {"type": "object", "properties": [1]}},
            "properties' must be a dict",
        ),
    ],
)
def test_bad_tool_definitions_are_named(definition, message):
    with pytest.raises(InvalidInputError, match=message):
        normalize_tool_schema(definition)


@pytest.mark.parametrize(
    ("choice", "expected"),
    [
        (None, ("auto", None)),
        ("auto", ("auto", None)),
        ({"type": "auto"}, ("auto", None)),
        ("any", ("any", None)),
        ("required", ("any", None)),
        (True, ("any", None)),
        ({"type": "any"}, ("any", None)),
        ("none", ("none", None)),
        (False, ("none", None)),
        ("add", ("tool", "add")),
        ({"type": "function", "function": {"name": "add"}}, ("tool", "add")),
        ({"type": "function", "name": "add"}, ("tool", "add")),
        ({"type": "tool", "name": "add"}, ("tool", "add")),
    ],
)
def test_tool_choice_forms(choice, expected):
    assert normalize_tool_choice(choice, ["magic_function", "add"]) == expected


def test_tool_choice_naming_an_unbound_tool_lists_the_bound_ones():
    with pytest.raises(
        InvalidInputError, match=r"'subtract'.*not bound.*bound tools: magic_function, add"
    ):
        normalize_tool_choice("subtract", ["magic_function", "add"])
    with pytest.raises(InvalidInputError, match="not bound"):
        plan("hi", tool_choice={"type": "function", "function": {"name": "nope"}})


def test_forced_tool_choice_without_tools_and_garbage_are_errors():
    with pytest.raises(InvalidInputError, match="needs bound tools"):
        normalize_tool_choice("any", [])
    with pytest.raises(InvalidInputError, match="tool_choice must be"):
        normalize_tool_choice(3, ["add"])


def test_the_same_tool_bound_twice_is_an_error():
    with pytest.raises(InvalidInputError, match=r"bound twice.*add"):
        plan("add(1, 2)", tools=[ADD, ADD])


# -- rule 1: no tools / "none" ----------------------------------------------------


def test_no_tools_replies_like_the_parrot():
    reply = plan("What is add(1, 2)?", tools=())
    assert reply.text == "What is add(1, 2)?"
    assert reply.tool_calls == ()


def test_tool_choice_none_replies_like_the_parrot():
    reply = plan("What is add(1, 2)?", tool_choice="none")
    assert (reply.text, reply.tool_calls) == ("What is add(1, 2)?", ())


# -- rule 2: tool results ---------------------------------------------------------


def test_tool_results_become_a_text_answer_one_line_each():
    turns = [
        Turn("user", 'weather in "Paris" and add(2, 3)'),
        Turn(
            "assistant",
            "",
            tool_calls=(
                ToolCall("get_weather", {"city": "Paris", "unit": "celsius"}, "call_0_0"),
                ToolCall("add", {"a": 2, "b": 3}, "call_0_1"),
            ),
        ),
        Turn("tool", "Sunny, 21°C", tool_call_id="call_0_0", name="get_weather"),
        Turn("tool", "5", tool_call_id="call_0_1"),  # name recovered from the call id
    ]
    reply = plan(turns)
    assert reply.text == "get_weather: Sunny, 21°C\nadd: 5"
    assert reply.tool_calls == ()


ANSWER = {
    "name": "Answer",
    "parameters": {
        "type": "object",
        "properties": {"total": {"type": "integer"}},
        "required": ["total"],
    },
}


def test_a_forced_choice_after_tool_results_calls_the_last_or_named_tool():
    turns = [
        Turn("user", "add(2, 3)"),
        Turn("assistant", "", tool_calls=(ToolCall("add", {"a": 2, "b": 3}, "call_0_0"),)),
        Turn("tool", "5", tool_call_id="call_0_0"),
    ]
    reply = plan(turns, tools=[ADD, ANSWER], tool_choice="any")
    assert reply.text == ""
    assert [(c.name, c.args, c.id) for c in reply.tool_calls] == [
        ("Answer", {"total": 5}, "call_1_0")
    ]
    assert calls(plan(turns, tools=[ANSWER, ADD], tool_choice="any")) == [("add", {"a": 5, "b": 0})]
    assert calls(plan(turns, tools=[ADD, ANSWER], tool_choice="add")) == [("add", {"a": 5, "b": 0})]


def test_only_the_results_of_the_last_turn_are_used():
    turns = [
        Turn("user", "add(1, 1)"),
        Turn("assistant", "", tool_calls=(ToolCall("add", {"a": 1, "b": 1}, "c1"),)),
        Turn("tool", "2", tool_call_id="c1"),
        Turn("assistant", "add: 2"),
        Turn("user", "add(2, 2)"),
        Turn("assistant", "", tool_calls=(ToolCall("add", {"a": 2, "b": 2}, "c2"),)),
        Turn("tool", "4", tool_call_id="c2"),
    ]
    assert plan(turns).text == "add: 4"


# -- rule 3: which tools ----------------------------------------------------------


def test_call_syntax_gives_the_argument():
    assert calls(plan("What is the value of magic_function(3)? Use the tool.")) == [
        ("magic_function", {"input": 3})
    ]


def test_auto_with_no_tool_named_answers_in_text():
    reply = plan("Hello there!")
    assert (reply.text, reply.tool_calls) == ("Hello there!", ())


def test_a_tool_is_named_by_its_name_in_any_case():
    assert calls(plan("please ADD 4 and 5")) == [("add", {"a": 4, "b": 5})]


def test_a_multi_word_tool_is_named_by_its_words_after_the_first():
    reply = plan("What is the weather in San Francisco, CA?")
    # One call: the proper nouns "San Francisco" and "CA" are joined by a comma alone.
    assert calls(reply) == [("get_weather", {"city": "San Francisco", "unit": "celsius"})]


def test_camel_case_names_split_into_words():
    tool = {
        "name": "GetStockPrice",
        "parameters": {"type": "object", "properties": {"ticker": {"type": "string"}}},
    }
    assert calls(plan("the stock price of 'ACME'", tools=[tool])) == [
        ("GetStockPrice", {"ticker": "ACME"})
    ]
    assert plan("the stock of 'ACME'", tools=[tool]).tool_calls == ()


def test_several_named_tools_are_parallel_calls_in_order_of_appearance():
    reply = plan('add(1, 2), then the weather in "Oslo" in fahrenheit, then magic_function(7)')
    assert calls(reply) == [
        ("add", {"a": 1, "b": 2}),
        ("get_weather", {"city": "Oslo", "unit": "fahrenheit"}),
        ("magic_function", {"input": 7}),
    ]
    assert [call.id for call in reply.tool_calls] == ["call_0_0", "call_0_1", "call_0_2"]


def test_each_call_syntax_occurrence_is_its_own_call():
    assert calls(plan("add(1, 2) and add(b=4, a=3)")) == [
        ("add", {"a": 1, "b": 2}),
        ("add", {"a": 3, "b": 4}),
    ]


def test_parallel_tool_calls_false_keeps_the_first_call():
    assert calls(plan("add(1, 2) and magic_function(3)", parallel_tool_calls=False)) == [
        ("add", {"a": 1, "b": 2})
    ]


def test_any_calls_the_first_bound_tool_when_none_is_named():
    assert calls(plan("Hello!", tool_choice="any")) == [("magic_function", {"input": 0})]
    assert calls(plan("Hello!", tool_choice="required", tools=[ADD, MAGIC])) == [
        ("add", {"a": 0, "b": 0})
    ]


def test_any_calls_the_named_tools_when_there_are_some():
    assert calls(plan("add(5, 6)", tool_choice="any")) == [("add", {"a": 5, "b": 6})]


def test_a_forced_name_calls_that_tool_only():
    reply = plan("add(5, 6) and magic_function(1)", tool_choice="magic_function")
    assert calls(reply) == [("magic_function", {"input": 1})]
    reply = plan("Hello!", tool_choice={"type": "function", "function": {"name": "add"}})
    assert calls(reply) == [("add", {"a": 0, "b": 0})]


def test_the_prompt_is_the_last_user_message():
    turns = [
        Turn("system", "You can add(9, 9)."),
        Turn("user", "add(1, 2)"),
        Turn("assistant", "ok"),
    ]
    reply = plan(turns)
    assert calls(reply) == [("add", {"a": 1, "b": 2})]
    assert reply.tool_calls[0].id == "call_1_0"


# -- rule 4: arguments -----------------------------------------------------------


def test_call_syntax_understands_keywords_json_and_bare_words():
    tool = {
        "name": "book",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "nights": {"type": "integer"},
                "breakfast": {"type": "boolean"},
                "guests": {"type": "array", "items": {"type": "string"}},
            },
            "required": ["city", "nights", "breakfast", "guests"],
        },
    }
    assert calls(
        plan('book(city="Paris", nights=2, breakfast=true, guests=["Ann", "Bo"])', tools=[tool])
    ) == [("book", {"city": "Paris", "nights": 2, "breakfast": True, "guests": ["Ann", "Bo"]})]
    assert calls(plan('book({"city": "Rome", "nights": 1})', tools=[tool])) == [
        ("book", {"city": "Rome", "nights": 1, "breakfast": False, "guests": ["guests"]})
    ]
    assert calls(plan("book(Lisbon, 3)", tools=[tool]))[0][1]["city"] == "Lisbon"
    # Not an argument list: the whole text is one string argument.
    assert calls(plan("book(the big one)", tools=[tool]))[0][1]["city"] == "the big one"


def test_call_syntax_values_are_coerced_losslessly_or_dropped():
    assert calls(plan('magic_function("42")'))[0][1] == {"input": 42}
    assert calls(plan("magic_function(4.0)"))[0][1] == {"input": 4}
    # 4.5 is no integer and 5000 is out of range: fall back to the prompt, then 0.
    assert calls(plan("magic_function(4.5) with 8"))[0][1] == {"input": 8}
    assert calls(plan("magic_function(5000)"))[0][1] == {"input": 0}


def test_call_syntax_values_are_not_reused_for_other_calls():
    # "the weather" names get_weather; 3 belongs to magic_function(3), so days stays out.
    reply = plan('magic_function(3) and the weather in "Nice"')
    assert calls(reply) == [
        ("magic_function", {"input": 3}),
        ("get_weather", {"city": "Nice", "unit": "celsius"}),
    ]


def test_quoted_strings_and_numbers_fill_fields_by_type_in_order():
    reply = plan("get_weather for 'Bergen' over 4 days, in celsius")
    assert calls(reply) == [("get_weather", {"city": "Bergen", "unit": "celsius", "days": 4})]


def test_optional_fields_without_prompt_values_are_left_out():
    assert calls(plan('get_weather in "Bergen"')) == [
        ("get_weather", {"city": "Bergen", "unit": "celsius"})
    ]


def test_non_ascii_text_is_carried_over_unchanged():
    tool = {
        "name": "create_customer",
        "parameters": {
            "type": "object",
            "properties": {"customer_name": {"type": "string"}, "note": {"type": "string"}},
            "required": ["customer_name"],
        },
    }
    reply = plan("Create a customer named '你好啊集团' and note 「東京支社」", tools=[tool])
    assert calls(reply) == [
        ("create_customer", {"customer_name": "你好啊集团", "note": "東京支社"})
    ]
    reply = plan('create_customer(customer_name="こんにちは株式会社")', tools=[tool])
    assert calls(reply)[0][1] == {"customer_name": "こんにちは株式会社"}


def test_apostrophes_are_not_quotes():
    assert calls(plan("What's the weather in 'Paris', it's late"))[0][1]["city"] == "Paris"


RICH_SCHEMA = {
    "type": "object",
    "$defs": {
        "Address": {
            "type": "object",
            "properties": {"street": {"type": "string"}, "zip": {"type": "string"}},
            "required": ["street", "zip"],
        }
    },
    "properties": {
        "name": {"type": "string", "minLength": 12},
        "email": {"type": "string", "format": "email"},
        "age": {"type": "integer", "minimum": 18, "maximum": 120},
        "score": {"type": "number", "exclusiveMinimum": 0, "maximum": 1},
        "level": {"enum": ["low", "mid", "high"]},
        "kind": {"const": "person"},
        "address": {"$ref": "#/$defs/Address"},
        "tags": {"type": "array", "items": {"type": "string"}, "minItems": 2},
        "scores": {"type": "array", "items": {"type": "integer"}},
        "nickname": {"anyOf": [{"type": "string"}, {"type": "null"}]},
        "active": {"type": "boolean"},
        "extra": {"type": ["string", "null"]},
    },
    "required": [
        "name",
        "email",
        "age",
        "score",
        "level",
        "kind",
        "address",
        "tags",
        "active",
        "extra",
    ],
}


def test_placeholders_are_valid_against_the_schema():
    value = values_for_schema(RICH_SCHEMA, "nothing useful here")
    jsonschema.validate(value, RICH_SCHEMA)
    assert value == {
        "name": "namexxxxxxxx",
        "email": "user@example.com",
        "age": 18,
        "score": 1.0,
        "level": "low",
        "kind": "person",
        "address": {"street": "street", "zip": "zip"},
        "tags": ["tags", "tags"],
        "active": False,
        "extra": "extra",
    }


def test_prompt_values_respect_constraints_and_arrays_take_the_rest():
    text = 'Call "Ann" "Alexandra Smith" aged 7 then 33, score 0.5, level HIGH, scores 1 2 3'
    value = values_for_schema(RICH_SCHEMA, text)
    jsonschema.validate(value, RICH_SCHEMA)
    assert value["name"] == "Alexandra Smith"  # "Ann" is shorter than minLength 12
    assert value["age"] == 33  # 7 is below the minimum of 18
    assert value["score"] == 0.5
    assert value["level"] == "high"
    assert value["scores"] == [7, 1, 2, 3]  # the integers nobody else used
    # Fields are filled depth-first in schema order: "Ann" is no email, so the
    # next string field, address.street, takes it; tags get placeholders.
    assert value["email"] == "user@example.com"
    assert value["address"] == {"street": "Ann", "zip": "zip"}
    assert value["tags"] == ["tags", "tags"]


def test_patterns_take_a_matching_piece_of_the_prompt():
    schema = {
        "type": "object",
        "properties": {"zip": {"type": "string", "pattern": "^[0-9]{5}$"}},
        "required": ["zip"],
    }
    assert values_for_schema(schema, "ship to 75001 please") == {"zip": "75001"}
    assert values_for_schema(schema, 'ship to "75001"') == {"zip": "75001"}


def test_value_for_schema_handles_non_object_schemas():
    assert value_for_schema({"type": "array", "items": {"type": "integer"}}, "1, 2 and 3") == [
        1,
        2,
        3,
    ]
    assert value_for_schema({"type": "string", "title": "answer"}, "no quotes") == "answer"
    with pytest.raises(InvalidInputError, match="needs an object schema"):
        values_for_schema({"type": "string"}, "x")


def test_bad_refs_are_named():
    with pytest.raises(InvalidInputError, match="points nowhere"):
        values_for_schema(
            {"type": "object", "properties": {"a": {"$ref": "#/$defs/Missing"}}, "required": ["a"]},
            "",
        )


@pytest.mark.parametrize(
    "text",
    [
        "",
        "add",
        "add(",
        "add())",
        "add(1, 2, 3, 4)",
        "add(a=)",
        "add(*x)",
        "add(**{})",
        "add(1e999)",
        "add(-5, +6)",
        'add("1", "x")',
        "ADD ADD ADD 1.2.3 -0 1e5",
    ],
)
def test_odd_prompts_still_give_valid_arguments(text):
    reply = plan(text or "x", tool_choice="add")
    (call,) = reply.tool_calls
    jsonschema.validate(call.args, ADD["parameters"])
    json.dumps(call.args, allow_nan=False)


# -- rule 5: ids ------------------------------------------------------------------


def test_ids_count_the_assistant_turns():
    turns = [Turn("user", "hi")]
    assert (reply_message_id(turns), tool_call_id(turns, 0)) == ("fake-msg-0", "call_0_0")
    turns += [
        Turn("assistant", "", tool_calls=(ToolCall("add", {}, "call_0_0"),)),
        Turn("tool", "1", tool_call_id="call_0_0"),
    ]
    assert (reply_message_id(turns), tool_call_id(turns, 1)) == ("fake-msg-1", "call_1_1")


def test_tool_call_ids_stay_unique_against_pasted_histories():
    turns = [
        Turn("assistant", "", tool_calls=(ToolCall("add", {}, "call_1_0"),)),
        Turn("tool", "x", tool_call_id="call_1_0_2"),
    ]
    assert tool_call_id(turns, 0) == "call_1_0_3"


def test_message_ids_stay_unique_against_trimmed_histories():
    # One AI turn left after trimming, but it already carries the id the count gives.
    turns = [Turn("user", "hi"), Turn("assistant", "x", message_id="fake-msg-1"), Turn("user", "y")]
    assert reply_message_id(turns) == "fake-msg-1_2"


def test_replies_are_deterministic():
    first = plan('add(1, 2) and the weather in "Paris"')
    second = plan('add(1, 2) and the weather in "Paris"')
    assert first == second


# -- response_format -----------------------------------------------------------------


JOKE = {
    "type": "object",
    "properties": {"setup": {"type": "string"}, "punchline": {"type": "string"}},
    "required": ["setup", "punchline"],
}


def test_json_schema_response_format_turns_text_replies_into_json():
    response_format = {"type": "json_schema", "json_schema": {"name": "Joke", "schema": JOKE}}
    reply = plan('a joke: "Why?" "Because."', tools=(), response_format=response_format)
    assert json.loads(reply.text) == {"setup": "Why?", "punchline": "Because."}


def test_json_object_response_format():
    assert json.loads(plan("hi", tools=(), response_format={"type": "json_object"}).text) == {
        "text": "hi"
    }
    with_schema = {"type": "json_object", "schema": JOKE}
    assert json.loads(plan("hi", tools=(), response_format=with_schema).text) == {
        "setup": "setup",
        "punchline": "punchline",
    }
    assert plan("hi", tools=(), response_format={"type": "text"}).text == "hi"


def test_tool_results_answer_follows_the_response_format():
    turns = [
        Turn("user", "add(2, 3)"),
        Turn("assistant", "", tool_calls=(ToolCall("add", {"a": 2, "b": 3}, "c"),)),
        Turn("tool", "5", tool_call_id="c"),
    ]
    schema = {"type": "object", "properties": {"total": {"type": "integer"}}, "required": ["total"]}
    response_format = {"type": "json_schema", "json_schema": {"name": "Sum", "schema": schema}}
    assert json.loads(plan(turns, response_format=response_format).text) == {"total": 5}


def test_bad_response_formats_are_named():
    with pytest.raises(InvalidInputError, match="response_format type"):
        plan("hi", tools=(), response_format={"type": "yaml"})
    with pytest.raises(InvalidInputError, match=r"json_schema\.schema"):
        plan("hi", tools=(), response_format={"type": "json_schema", "json_schema": {}})


def test_empty_conversations_are_rejected():
    with pytest.raises(InvalidInputError, match="empty"):
        PLANNER.reply(Request(turns=()))


# -- prompt values, names and schemas across the calls of a turn ---------------------


def _openai(name: str, **properties: dict) -> dict:
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


def test_each_prompt_value_is_used_once_across_the_calls_of_a_reply():
    tools = [_openai("book", city={"type": "string"}), _openai("rate", city={"type": "string"})]
    # The first call takes "Paris"; the second finds no value left: its placeholder.
    assert calls(plan('book and rate "Paris"', tools=tools)) == [
        ("book", {"city": "Paris"}),
        ("rate", {"city": "city"}),
    ]
    assert calls(plan('book "Paris" and rate "Rome"', tools=tools)) == [
        ("book", {"city": "Paris"}),
        ("rate", {"city": "Rome"}),
    ]


def test_tool_sets_with_overlapping_names_do_not_mix_up():
    first = [_openai("add", a={"type": "integer"}, b={"type": "integer"}), _openai("search")]
    second = [
        _openai("get_weather", city={"type": "string"}),
        _openai("adder", n={"type": "integer"}),
    ]
    prompt = 'add(2, 3) then search, get_weather(city="Paris") and adder(7)'
    for _ in range(2):
        assert calls(plan(prompt, tools=first)) == [("add", {"a": 2, "b": 3}), ("search", {})]
        assert calls(plan(prompt, tools=second)) == [
            ("get_weather", {"city": "Paris"}),
            ("adder", {"n": 7}),
        ]


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
def test_deriving_values_never_writes_to_the_schema(schema):
    before = copy.deepcopy(schema)
    tool = {"name": "f", "parameters": schema}
    plan('f(a="7", unit="C") with "x" and 5', tools=[tool])
    plan("f nothing", tools=[tool])
    values_for_schema(schema, 'use "x" and 5')
    assert schema == before


def test_the_planner_never_writes_to_bound_definitions():
    tools = [_openai("get_weather", city={"type": "string"}), _openai("add", a={"type": "integer"})]
    before = copy.deepcopy(tools)
    plan('get_weather(city="Paris") and add(2)', tools=tools)
    plan("weather in Rome", tools=tools)
    assert tools == before


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        ({"type": "integer", "exclusiveMinimum": 0}, 1),  # pydantic's Field(gt=0)
        ({"type": "number", "exclusiveMinimum": 0}, 1.0),
        ({"type": "number", "exclusiveMinimum": 0, "multipleOf": 0.5}, 0.5),
        ({"type": "integer", "exclusiveMaximum": 0}, -1),
    ],
)
def test_a_bound_that_excludes_zero_gives_the_nearest_allowed_placeholder(field, expected):
    schema = {"type": "object", "properties": {"n": field}, "required": ["n"]}
    value = values_for_schema(schema, "no numbers here")["n"]
    assert (value, type(value)) == (expected, type(expected))
    jsonschema.validate({"n": value}, schema)
