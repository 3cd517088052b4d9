"""The planner's cache of prepared tool sets: taken when it should be, never stale.

The planner remembers the tool sets it prepared last and reuses one when the same
definition objects come back unchanged (see ``_tools._cached_tools``). Every test
here compares against the planner given a deep copy of the definitions: new
objects, so prepared from scratch, as without the cache.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Callable, Sequence
from types import MappingProxyType
from typing import Any

import pytest

from fakes.core import InvalidInputError, Request, ToolPlanner, Turn, _tools

PLANNER = ToolPlanner()


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_tools, "_remembered", {})


def _weather() -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather in a city.",
            "parameters": {
                "type": "object",
                "properties": {
                    "city": {"type": "string"},
                    "days": {"type": "integer"},
                    "unit": {"type": "string"},
                },
                "required": ["city", "days", "unit"],
            },
        },
    }


def _add() -> dict[str, Any]:
    return {
        "name": "add",
        "description": "Add two numbers.",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
        },
    }


# Named by words, not call syntax, so that every argument comes from the schema.
PROMPT = 'get the weather for "Paris" over 3 days and add 2'


def _calls(tools: Sequence[Any], prompt: str = PROMPT) -> list[tuple[str, str, str]]:
    # repr keeps 1 and 1.0 and True apart, and shows the order of the arguments
    reply = PLANNER.reply(Request(turns=(Turn(role="user", text=prompt),), tools=tuple(tools)))
    return [(call.name, repr(call.args), call.id) for call in reply.tool_calls]


def _uncached(tools: Sequence[Any], prompt: str = PROMPT) -> list[tuple[str, str, str]]:
    return _calls(copy.deepcopy(list(tools)), prompt)


def _counting(monkeypatch: pytest.MonkeyPatch, name: str) -> list[int]:
    count = [0]
    original: Callable[..., Any] = getattr(_tools, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        count[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(_tools, name, counted)
    return count


def _warm(tools: Sequence[Any]) -> None:
    """Call twice: the second sighting of the same objects makes the entry checkable."""
    _calls(tools)
    _calls(tools)


# -- the hit path is taken ------------------------------------------------------------


def test_the_same_definitions_are_normalized_twice_then_never(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    normalized = _counting(monkeypatch, "normalize_tool_schema")
    tools = [_weather(), _add()]
    expected = _uncached(tools)
    normalized[0] = 0
    for _ in range(5):
        assert _calls(tools) == expected  # a fresh tuple each time, as the chat models pass
    assert normalized[0] == 4  # the first two calls, two tools each


def test_fresh_definitions_every_call_are_never_deep_copied(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    copies = _counting(monkeypatch, "deepcopy")
    for _ in range(5):
        assert _calls([_weather(), _add()]) == _uncached([_weather(), _add()])
    assert copies[0] == 0


def test_the_cache_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    sets = [[_weather(), _add()] for _ in range(3 * _tools._REMEMBERED_SETS)]
    for tools in sets:
        _warm(tools)
    assert len(_tools._remembered) == _tools._REMEMBERED_SETS
    expected = _uncached(sets[0])
    normalized = _counting(monkeypatch, "normalize_tool_schema")
    assert _calls(sets[-1]) == expected
    assert normalized[0] == 0  # the newest set is still there
    assert _calls(sets[0]) == expected
    assert normalized[0] == 2  # the oldest was dropped


# -- changes between two calls are honoured --------------------------------------------


def _mutations() -> list[tuple[str, Callable[[list[dict[str, Any]]], None]]]:
    def weather_params(tools: list[dict[str, Any]]) -> dict[str, Any]:
        return tools[0]["function"]["parameters"]  # type: ignore[no-any-return]

    def field_type(tools: list[dict[str, Any]]) -> None:
        weather_params(tools)["properties"]["days"]["type"] = "string"

    def reorder_properties_in_place(tools: list[dict[str, Any]]) -> None:
        properties = weather_params(tools)["properties"]
        properties["city"] = properties.pop("city")

    def rebind_reordered_properties(tools: list[dict[str, Any]]) -> None:
        properties = weather_params(tools)["properties"]
        weather_params(tools)["properties"] = dict(reversed(list(properties.items())))

    def rebind_reordered_parameters(tools: list[dict[str, Any]]) -> None:
        parameters = copy.deepcopy(weather_params(tools))
        parameters["properties"] = dict(reversed(list(parameters["properties"].items())))
        tools[0]["function"]["parameters"] = parameters

    def rebind_equal_parameters_then_change_the_old(tools: list[dict[str, Any]]) -> None:
        old = weather_params(tools)
        tools[0]["function"]["parameters"] = copy.deepcopy(old)
        old["properties"]["days"]["type"] = "string"  # no longer bound: must not be read

    def rebind_equal_function_then_change_the_old(tools: list[dict[str, Any]]) -> None:
        old = tools[0]["function"]
        tools[0]["function"] = copy.deepcopy(old)
        old["parameters"]["properties"].clear()

    def int_to_equal_float(tools: list[dict[str, Any]]) -> None:  # True == 1.0, yet not the same
        tools[1]["parameters"]["properties"]["b"]["const"] = 1.0

    def bool_to_equal_int(tools: list[dict[str, Any]]) -> None:  # True == 1 likewise
        tools[1]["parameters"]["properties"]["b"]["const"] = 1

    def required_rebound(tools: list[dict[str, Any]]) -> None:
        weather_params(tools)["required"] = ["city", "days"]

    def required_in_place(tools: list[dict[str, Any]]) -> None:
        weather_params(tools)["required"].remove("unit")

    def rename(tools: list[dict[str, Any]]) -> None:
        tools[1]["name"] = "plus"

    def rename_to_equal_string(tools: list[dict[str, Any]]) -> None:
        tools[1]["name"] = "".join(["a", "dd"])

    def drop_parameters(tools: list[dict[str, Any]]) -> None:
        del tools[1]["parameters"]

    def input_schema_hidden_by_none(tools: list[dict[str, Any]]) -> None:
        tools[1]["input_schema"] = tools[1]["parameters"]
        tools[1]["parameters"] = None

    def anthropic_form(tools: list[dict[str, Any]]) -> None:
        tools[1]["input_schema"] = tools[1].pop("parameters")

    def flatten_the_openai_form(tools: list[dict[str, Any]]) -> None:
        tools[0]["type"] = "other"
        tools[0].update(tools[0].pop("function"))

    return [
        (function.__name__, function)
        for function in (
            field_type,
            reorder_properties_in_place,
            rebind_reordered_properties,
            rebind_reordered_parameters,
            rebind_equal_parameters_then_change_the_old,
            rebind_equal_function_then_change_the_old,
            int_to_equal_float,
            bool_to_equal_int,
            required_rebound,
            required_in_place,
            rename,
            rename_to_equal_string,
            drop_parameters,
            input_schema_hidden_by_none,
            anthropic_form,
            flatten_the_openai_form,
        )
    ]


# Changes that leave the reply as it was: what they check is that the cache does
# not go on reading the objects the definitions no longer hold.
_SAME_REPLY = {
    "rebind_equal_parameters_then_change_the_old",
    "rebind_equal_function_then_change_the_old",
    "rename_to_equal_string",
    "anthropic_form",
    "flatten_the_openai_form",
}


@pytest.mark.parametrize(("name", "mutate"), _mutations(), ids=[n for n, _ in _mutations()])
def test_a_definition_changed_between_calls_is_honoured(
    name: str, mutate: Callable[[list[dict[str, Any]]], None]
) -> None:
    tools = [_weather(), _add()]
    tools[1]["parameters"]["properties"]["b"] = {"const": True}  # bool_to_equal_int's start
    before = _uncached(tools)
    _warm(tools)
    assert _calls(tools) == before  # served from the cache
    mutate(tools)
    after = _uncached(tools)
    assert _calls(tools) == after, name
    assert _calls(tools) == after, name  # and again, from the entry made after the change
    if name not in _SAME_REPLY:
        assert after != before, f"{name}: the mutation should change the reply"


@pytest.mark.parametrize(
    "break_it",
    [
        lambda tools: tools[0]["function"]["parameters"].update(type="array"),
        lambda tools: tools[0]["function"].update(name="get weather"),
        lambda tools: tools[1].update(description=3),
        lambda tools: tools[1]["parameters"].update(properties=["a"]),
        lambda tools: tools.append(_add()),
    ],
)
def test_a_definition_made_invalid_between_calls_raises(
    break_it: Callable[[list[dict[str, Any]]], None],
) -> None:
    tools = [_weather(), _add()]
    _warm(tools)
    _calls(tools)
    break_it(tools)
    with pytest.raises(InvalidInputError):
        _calls(tools)


def test_other_mappings_work_uncached(monkeypatch: pytest.MonkeyPatch) -> None:
    tools = [MappingProxyType(_weather()), _add()]
    expected = _calls([_weather(), _add()])
    normalized = _counting(monkeypatch, "normalize_tool_schema")
    for _ in range(3):
        assert _calls(tools) == expected
    assert normalized[0] == 6
    assert all(entry.toolset is None for entry in _tools._remembered.values())


def test_a_list_of_definitions_is_served_like_a_tuple(monkeypatch: pytest.MonkeyPatch) -> None:
    tools = [_weather(), _add()]
    expected = PLANNER.reply(Request(turns=(Turn(role="user", text=PROMPT),), tools=tuple(tools)))
    normalized = _counting(monkeypatch, "normalize_tool_schema")
    as_list = Request(turns=(Turn(role="user", text=PROMPT),), tools=tools)  # type: ignore[arg-type]
    for _ in range(4):
        assert PLANNER.reply(as_list) == expected
    assert normalized[0] == 2  # the first call; the tuple's calls made the entry checkable


def test_the_cached_set_never_leaks_the_parameters_copy_normalization_makes() -> None:
    # The cache holds the parameters dicts themselves, so a later change to an
    # entry that normalization copies (here "required") is seen on the next call.
    tools = [_weather(), _add()]
    _warm(tools)
    toolset = _tools._cached_tools(tuple(tools))
    assert toolset.by_name["add"]["parameters"] is tools[1]["parameters"]
    assert toolset.by_name["get_weather"]["parameters"] is tools[0]["function"]["parameters"]


# -- concurrency -------------------------------------------------------------------------


def test_concurrent_calls_over_many_tool_sets_agree_with_the_uncached_planner() -> None:
    sets = [[_weather(), _add()] for _ in range(_tools._REMEMBERED_SETS + 4)]
    for index, tools in enumerate(sets):
        tools[1]["parameters"]["properties"][f"extra{index}"] = {"type": "integer"}
        tools[1]["parameters"]["required"].append(f"extra{index}")
    expected = [_uncached(tools) for tools in sets]
    failures: list[str] = []

    def work(offset: int) -> None:
        for round_ in range(60):
            index = (offset + round_) % len(sets)
            got = _calls(sets[index])
            if got != expected[index]:
                failures.append(f"set {index}: {got} != {expected[index]}")

    threads = [threading.Thread(target=work, args=(offset,)) for offset in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert len(_tools._remembered) <= _tools._REMEMBERED_SETS


# -- through ToolCallingChat -------------------------------------------------------------


def test_tool_calling_chat_honours_a_bound_schema_changed_between_turns() -> None:
    from langchain_core.tools import tool

    from fakes.langchain import ToolCallingChat

    @tool
    def get_weather(city: str, days: int) -> str:
        """Weather in a city."""
        return "sunny"

    model = ToolCallingChat().bind_tools([get_weather])
    prompt = 'weather for "Paris" over 3 days'
    first = [model.invoke(prompt).tool_calls for _ in range(3)]
    assert first[0] == first[1] == first[2]
    assert first[0][0]["args"] == {"city": "Paris", "days": 3}
    bound = model.kwargs["tools"][0]["function"]["parameters"]  # type: ignore[attr-defined]
    bound["properties"]["days"]["type"] = "string"
    assert model.invoke(prompt).tool_calls[0]["args"] == {"city": "Paris", "days": "days"}
