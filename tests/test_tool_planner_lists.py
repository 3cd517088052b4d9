"""Proper nouns as string values; rule 5: a tool named once is called for each listed value."""

from __future__ import annotations

import pytest

from fakes.core import Request, ToolPlanner, Turn
from fakes.core._planner import MAX_CALLS_PER_TOOL
from fakes.core._prompt_values import prompt_names


def _tool(name: str, *required: str) -> dict:
    properties = {key: {"type": "string"} for key in required}
    parameters = {"type": "object", "properties": properties, "required": list(required)}
    return {"type": "function", "function": {"name": name, "parameters": parameters}}


WEATHER = _tool("get_weather", "location")
TIME = _tool("get_time", "location")


def plan(text: str, *tools: dict, **options) -> list[tuple[str, dict, str]]:
    request = Request(turns=(Turn(role="user", text=text),), tools=tools, options=options)
    return [(c.name, c.args, c.id) for c in ToolPlanner().reply(request).tool_calls]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("What's the weather in Boston and Tokyo?", ["Boston", "Tokyo"]),
        ("Provide details about the movie Inception", ["Inception"]),
        (
            "Weather in New York. Paris too, said I to Christopher Nolan!",
            ["New York", "Christopher Nolan"],
        ),
        # A sentence's first word is not part of a name, whatever follows it.
        ("Show Paris weather", ["Paris"]),
        ("Compare Boston and Tokyo weather", ["Boston", "Tokyo"]),
        ("New York weather", ["York"]),
        ("hi\nBoston is nice. (Rome) too", []),
        ("Weather in Saint-Denis, São Paulo and NYC", ["Saint-Denis", "São Paulo", "NYC"]),
        # Quoted text is a quoted value, not a name; lower case has no names.
        ("the weather in 'Boston' and the time in 'Tokyo'", []),
        ("call get_weather(city=paris) and add(2, 3)", []),
        ("", []),
    ],
)
def test_proper_nouns_are_runs_of_capitalized_words_not_starting_a_sentence(text, names):
    found = prompt_names(text)
    assert [name for _, name in found] == names
    assert all(text[position : position + len(name)] == name for position, name in found)


def test_the_models_guide_examples():
    assert plan("What's the weather like in Boston?", WEATHER) == [
        ("get_weather", {"location": "Boston"}, "call_0_0")
    ]
    assert plan("What's the weather in Boston and Tokyo?", WEATHER) == [
        ("get_weather", {"location": "Boston"}, "call_0_0"),
        ("get_weather", {"location": "Tokyo"}, "call_0_1"),
    ]
    assert plan("What's the weather in 'Boston' and the time in 'Tokyo'?", WEATHER, TIME) == [
        ("get_weather", {"location": "Boston"}, "call_0_0"),
        ("get_time", {"location": "Tokyo"}, "call_0_1"),
    ]


@pytest.mark.parametrize(
    ("text", "locations"),
    [
        ("weather in Boston, Tokyo or Paris", ["Boston", "Tokyo", "Paris"]),
        ("weather in 'Boston', and 'Tokyo'", ["Boston", "Tokyo"]),
        ("weather in Boston & Tokyo", ["Boston", "Tokyo"]),
        # A list of commas alone is one place; its other names stay unused.
        ("What is the weather in San Francisco, CA?", ["San Francisco"]),
        ("weather in Boston, Tokyo, Paris", ["Boston"]),
        # Values not joined as a list: one call.
        ("weather in Boston, then think about Tokyo", ["Boston"]),
        ("weather in 'Boston' 'Tokyo'", ["Boston"]),
    ],
)
def test_a_list_of_values_ending_in_and_or_gives_one_call_each(text, locations):
    assert [args["location"] for _, args, _ in plan(text, WEATHER)] == locations


def test_repeats_follow_their_tool_and_leave_later_values_to_later_tools():
    assert plan("the weather in Boston and Tokyo and the time in Paris", WEATHER, TIME) == [
        ("get_weather", {"location": "Boston"}, "call_0_0"),
        ("get_weather", {"location": "Tokyo"}, "call_0_1"),
        ("get_time", {"location": "Paris"}, "call_0_2"),
    ]


def test_no_repeat_without_parallel_calls_or_when_the_choice_names_the_tool():
    text = "What's the weather in Boston and Tokyo?"
    assert len(plan(text, WEATHER, parallel_tool_calls=False)) == 1
    forced = Request(
        turns=(Turn(role="user", text=text),), tools=(WEATHER,), tool_choice="get_weather"
    )
    assert len(ToolPlanner().reply(forced).tool_calls) == 1


def test_call_syntax_is_not_repeated():
    assert plan('get_weather("Boston") and Tokyo', WEATHER) == [
        ("get_weather", {"location": "Boston"}, "call_0_0")
    ]


def test_a_tool_without_required_fields_is_not_repeated():
    optional = {
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"location": {"type": "string"}}},
    }
    assert len(plan("weather in Boston and Tokyo", optional)) == 1


def test_a_long_list_stops_at_the_cap():
    text = "weather in " + " and ".join(f"'city {n}'" for n in range(3 * MAX_CALLS_PER_TOOL))
    planned = plan(text, WEATHER)
    assert len(planned) == MAX_CALLS_PER_TOOL
    assert [args["location"] for _, args, _ in planned] == [
        f"city {n}" for n in range(MAX_CALLS_PER_TOOL)
    ]
    assert len({call_id for _, _, call_id in planned}) == MAX_CALLS_PER_TOOL


def test_an_enum_value_written_in_capitals_is_not_also_a_string_value():
    tool = {
        "name": "set_level",
        "parameters": {
            "type": "object",
            "properties": {
                "level": {"type": "string", "enum": ["low", "high"]},
                "label": {"type": "string"},
            },
            "required": ["level", "label"],
        },
    }
    assert plan("set level to HIGH", tool) == [
        ("set_level", {"level": "high", "label": "label"}, "call_0_0")
    ]


def test_a_word_naming_a_bound_tool_is_not_a_value():
    assert plan("Check the Weather in Paris", WEATHER) == [
        ("get_weather", {"location": "Paris"}, "call_0_0")
    ]


def test_a_name_that_is_an_enum_option_is_left_to_the_enum():
    tool = {
        "name": "book_flight",
        "parameters": {
            "type": "object",
            "properties": {
                "city": {"type": "string"},
                "airline": {"type": "string", "enum": ["Delta", "United"]},
            },
            "required": ["city", "airline"],
        },
    }
    assert plan("Please book a flight on Delta to Paris", tool) == [
        ("book_flight", {"city": "Paris", "airline": "Delta"}, "call_0_0")
    ]
