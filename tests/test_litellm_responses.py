"""What the LiteLLM handler answers: responses, ids, message conversion, zero prices.

The handler writes its answer into the ``model_response`` LiteLLM hands it (as
LiteLLM's own providers do), derives response ids from the input, and inside
``register()`` prices its fixed model names at zero. These tests pin that a
caller sees the same response whichever way it was built.
"""

from __future__ import annotations

import types
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import litellm
import pytest
from freezegun import freeze_time
from litellm import ModelResponse
from litellm.llms.custom_llm import CustomLLM

import fakes.litellm as fl
from fakes.core import ToolCall, Turn
from fakes.litellm._register import free_model_prices
from fakes.litellm._render import _fresh
from fakes.wire._openai_messages import response_id, to_turns

FROZEN = "2024-07-26 01:11:03"  # unix time 1721956263
FROZEN_UNIX = 1721956263
HELLO = [{"role": "user", "content": "hello world"}]
ADD = {
    "type": "function",
    "function": {
        "name": "add",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
        },
    },
}


def blank_from_litellm() -> ModelResponse:
    """The ``model_response`` that ``litellm.completion`` hands a custom handler."""
    seen: dict[str, Any] = {}

    class Spy(CustomLLM):
        def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
            seen["response"] = kwargs["model_response"]
            return ModelResponse()

    with fl.register(Spy(), provider="spy"):
        litellm.completion(model="spy/x", messages=HELLO)
    response = seen["response"]
    assert isinstance(response, ModelResponse)
    return response


# -- filling LiteLLM's model_response ------------------------------------------------


def test_litellm_hands_handlers_a_response_the_fast_path_fills() -> None:
    # If a LiteLLM upgrade changes this object, the handler builds its own
    # response instead (still correct, only slower); this test says so.
    response = blank_from_litellm()
    assert _fresh(response)


CASES = {
    "parrot": ("parrot", HELLO, {}),
    "stop": ("parrot", HELLO, {"stop": ["o"]}),
    "max_tokens": ("parrot", HELLO, {"max_tokens": 3}),
    "unixtime": ("unixtime", HELLO, {}),
    "tool call": ("tools", [{"role": "user", "content": "add(a=2, b=3)"}], {"tools": [ADD]}),
    "tools, text": ("tools", HELLO, {"tools": [ADD], "tool_choice": "none"}),
}


@pytest.mark.parametrize("case", CASES)
def test_filled_response_equals_a_built_one(case: str) -> None:
    model, messages, options = CASES[case]
    handler = fl.FakesHandler()
    with freeze_time(FROZEN):
        built = handler.completion(model=model, messages=messages, optional_params=options)
        blank = blank_from_litellm()
        filled = handler.completion(
            model=model, messages=messages, optional_params=options, model_response=blank
        )
    assert filled is blank
    assert filled.model_dump() == built.model_dump()
    assert filled.model_dump_json() == built.model_dump_json()


def test_filled_response_is_what_the_constructor_gives() -> None:
    """The fields the handler writes match ``ModelResponse(...)`` built in one go."""
    handler = fl.FakesHandler()
    with freeze_time(FROZEN):
        filled = handler.completion(
            model="parrot", messages=HELLO, optional_params={}, model_response=blank_from_litellm()
        )
        tools = handler.completion(
            model="tools",
            messages=[{"role": "user", "content": "add(a=2, b=3)"}],
            optional_params={"tools": [ADD]},
            model_response=blank_from_litellm(),
        )
    expected = ModelResponse(
        id=filled.id,
        created=FROZEN_UNIX,
        model="parrot",
        choices=[
            {
                "index": 0,
                "finish_reason": "stop",
                "message": {"role": "assistant", "content": "hello world"},
            }
        ],
        usage=litellm.Usage(prompt_tokens=11, completion_tokens=11, total_tokens=22),
    )
    assert filled.model_dump() == expected.model_dump()
    call = tools.choices[0].message.tool_calls[0]
    expected_tools = ModelResponse(
        id=tools.id,
        created=FROZEN_UNIX,
        model="tools",
        choices=[
            {
                "index": 0,
                "finish_reason": "tool_calls",
                "message": {
                    "role": "assistant",
                    "content": None,
                    "tool_calls": [
                        {
                            "id": call.id,
                            "type": "function",
                            "function": {"name": "add", "arguments": '{"a": 2, "b": 3}'},
                        }
                    ],
                },
            }
        ],
        usage=tools.usage,
    )
    assert tools.model_dump() == expected_tools.model_dump()


def test_a_used_response_is_left_alone() -> None:
    used = blank_from_litellm()
    used.choices[0].message.content = "already answered"
    answer = fl.FakesHandler().completion(
        model="parrot", messages=HELLO, optional_params={}, model_response=used
    )
    assert answer is not used
    assert used.choices[0].message.content == "already answered"
    assert answer.choices[0].message.content == "hello world"


def test_a_usage_with_counts_is_replaced_not_overwritten() -> None:
    response = blank_from_litellm()
    theirs = litellm.Usage(prompt_tokens=1, completion_tokens=2, total_tokens=3)
    response.usage = theirs
    answer = fl.FakesHandler().completion(
        model="parrot", messages=HELLO, optional_params={}, model_response=response
    )
    assert (theirs.prompt_tokens, theirs.completion_tokens, theirs.total_tokens) == (1, 2, 3)
    assert answer.usage is not theirs
    assert answer.usage.total_tokens == 22


def test_two_calls_never_share_a_response_or_usage() -> None:
    with fl.register(fl.FakesHandler()):
        first = litellm.completion(model="fakes/parrot", messages=HELLO)
        second = litellm.completion(
            model="fakes/parrot", messages=[{"role": "user", "content": "hi"}]
        )
    assert first is not second
    assert first.usage is not second.usage
    assert first.choices[0].message.content == "hello world"
    assert first.usage.total_tokens == 22
    assert second.usage.total_tokens == 4


# -- message conversion ----------------------------------------------------------------

MESSAGES: list[dict[str, Any]] = [
    {"role": "system", "content": "be brief"},
    {"role": "user", "content": [{"type": "text", "text": "a"}, {"type": "image_url"}]},
    {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {"id": "c1", "type": "function", "function": {"name": "add", "arguments": "{}"}}
        ],
    },
    {"role": "tool", "tool_call_id": "c1", "name": "add", "content": "3"},
    {"role": "user", "content": "hello"},
]


class _Dict(dict[str, Any]):
    pass


def test_plain_dicts_convert_like_other_mappings() -> None:
    plain = to_turns(MESSAGES)
    assert plain == to_turns([_Dict(message) for message in MESSAGES])
    assert plain == to_turns([types.MappingProxyType(message) for message in MESSAGES])
    assert plain[1].text == "a"
    assert plain[2].tool_calls[0].name == "add"
    assert plain[3].tool_call_id == "c1"


def test_conversion_errors_still_name_the_message() -> None:
    from fakes.core import InvalidInputError

    with pytest.raises(InvalidInputError, match=r"message #1 has role 'robot'"):
        to_turns([{"role": "user", "content": "x"}, {"role": "robot", "content": "x"}])
    with pytest.raises(InvalidInputError, match=r"message #0: content must be"):
        to_turns([{"role": "user", "content": 5}])
    with pytest.raises(InvalidInputError, match=r"message #0 is a int"):
        to_turns([5])


# -- response ids ----------------------------------------------------------------------


def test_response_ids_keep_their_bytes() -> None:
    # Pinned so that an id change is a decision: ids are in users' snapshots.
    turns = (Turn(role="user", text="hello world"),)
    options = {"temperature": 0.5, "b": [1, "é"]}
    assert (
        response_id("chatcmpl-", FROZEN_UNIX, "parrot", turns, ["x"], options)
        == "chatcmpl-4a258fc253c36187c37e2f772d68974c"
    )
    with fl.register(fl.FakesHandler()), freeze_time(FROZEN):
        response = litellm.completion(
            model="fakes/parrot", messages=HELLO, stop=["x"], temperature=0.5
        )
    assert response.id == "chatcmpl-806be33d12bbdc2a7aa1170726744527"


def test_response_ids_follow_the_messages() -> None:
    # The turns once reached the JSON encoder as opaque objects, so every prompt
    # with the same options in the same second got the same id.
    with fl.register(fl.FakesHandler()), freeze_time(FROZEN):
        ids = {
            litellm.completion(model="fakes/parrot", messages=messages).id
            for messages in (
                HELLO,
                [{"role": "user", "content": "something else"}],
                [{"role": "system", "content": "be brief"}, *HELLO],
            )
        }
        again = litellm.completion(model="fakes/parrot", messages=HELLO).id
    assert len(ids) == 3
    assert again in ids


def test_response_ids_follow_tool_calls_in_the_history() -> None:
    def history(city: str) -> tuple[Turn, ...]:
        call = ToolCall(name="get_weather", args={"city": city}, id="call_0_0")
        return (Turn("user", "weather?"), Turn("assistant", "", (call,)))

    first = response_id("chatcmpl-", FROZEN_UNIX, "tools", history("Paris"))
    assert first == response_id("chatcmpl-", FROZEN_UNIX, "tools", history("Paris"))
    assert first != response_id("chatcmpl-", FROZEN_UNIX, "tools", history("Rome"))


def test_response_ids_from_threads_match_sequential_ones() -> None:
    inputs = [(FROZEN_UNIX + n, f"route-{n % 3}", {"n": n, "k": [n, str(n)]}) for n in range(64)]

    def make(item: tuple[int, str, dict[str, Any]]) -> str:
        return response_id("chatcmpl-", item[0], item[1], None, item[2])

    expected = [make(item) for item in inputs]
    with ThreadPoolExecutor(max_workers=8) as pool:
        assert list(pool.map(make, inputs)) == expected
    assert len(set(expected)) == len(expected)


# -- register(): provider position and zero prices ---------------------------------------


def test_register_lists_the_provider_once() -> None:
    with fl.register(fl.FakesHandler(), provider="acme"):
        assert litellm.provider_list.count("acme") == 1
        assert "acme" in litellm._custom_providers
    assert "acme" not in litellm.provider_list


def test_zero_cost_false_prices_nothing() -> None:
    before = dict(litellm.model_cost)
    with fl.register(fl.FakesHandler(), zero_cost=False):
        assert litellm.model_cost == before
        response = litellm.completion(model="fakes/parrot", messages=HELLO)
    assert response._hidden_params["response_cost"] is None


@pytest.mark.parametrize("option", [{}, {"zero_cost": True}], ids=["default", "explicit"])
def test_zero_cost_prices_fixed_models_at_zero_inside_the_block(option: dict[str, bool]) -> None:
    before = dict(litellm.model_cost)
    with fl.register(fl.FakesHandler(), **option):
        assert set(free_model_prices("fakes")) <= set(litellm.model_cost)
        chat = litellm.completion(model="fakes/parrot", messages=HELLO)
        embedding = litellm.embedding(model="fakes/embed", input=["x"])
        image = litellm.image_generation(model="fakes/image", prompt="x")
        assert chat._hidden_params["response_cost"] == 0.0
        assert embedding._hidden_params["response_cost"] == 0.0
        assert image._hidden_params["response_cost"] == 0.0
        assert litellm.completion_cost(chat) == 0.0
        assert chat.choices[0].message.content == "hello world"
    assert litellm.model_cost == before
    # LiteLLM's caches of model info were cleared too: the model is unknown again.
    with pytest.raises(Exception, match="isn't mapped"):
        litellm.get_model_info("fakes/parrot")


def test_zero_cost_under_another_provider_name() -> None:
    with fl.register(fl.FakesHandler(), provider="acme", zero_cost=True):
        assert "acme/parrot" in litellm.model_cost
        assert "fakes/parrot" not in litellm.model_cost
        response = litellm.completion(model="acme/parrot", messages=HELLO)
    assert response._hidden_params["response_cost"] == 0.0
    assert "acme/parrot" not in litellm.model_cost


def test_zero_cost_keeps_a_price_already_in_the_cost_map() -> None:
    from litellm import utils

    price = {
        "litellm_provider": "fakes",
        "mode": "chat",
        "input_cost_per_token": 1e-6,
        "output_cost_per_token": 2e-6,
    }
    litellm.model_cost["fakes/parrot"] = dict(price)
    utils._invalidate_model_cost_lowercase_map()
    try:
        with fl.register(fl.FakesHandler(), zero_cost=True):
            response = litellm.completion(model="fakes/parrot", messages=HELLO)
            assert litellm.model_cost["fakes/parrot"] == price
        assert response._hidden_params["response_cost"] == pytest.approx(11 * 1e-6 + 11 * 2e-6)
        assert litellm.model_cost["fakes/parrot"] == price
    finally:
        del litellm.model_cost["fakes/parrot"]
        utils._invalidate_model_cost_lowercase_map()


@pytest.mark.parametrize("handler", [fl.UnixTimeHandler(), CustomLLM()], ids=["unixtime", "custom"])
def test_other_handlers_are_not_priced_by_default(handler: CustomLLM) -> None:
    before = dict(litellm.model_cost)
    with fl.register(handler, provider="other"):
        assert litellm.model_cost == before
    assert litellm.model_cost == before


@pytest.mark.parametrize("handler", [fl.UnixTimeHandler(), CustomLLM()], ids=["unixtime", "custom"])
def test_zero_cost_needs_a_handler_of_the_fixed_names(handler: CustomLLM) -> None:
    from fakes.core import InvalidInputError

    before = dict(litellm.model_cost)
    with (
        pytest.raises(InvalidInputError, match="zero_cost"),
        fl.register(handler, provider="other", zero_cost=True),
    ):
        pass
    assert litellm.model_cost == before
