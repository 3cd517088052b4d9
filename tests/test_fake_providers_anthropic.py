"""The Anthropic API answered by ``fake_providers`` (sockets disabled)."""

from __future__ import annotations

import operator
from functools import reduce

import anthropic
import litellm
import pytest
from langchain_anthropic import ChatAnthropic
from langchain_core.messages import AIMessage
from langchain_core.tools import tool

from fakes.providers import FakeProviders

USER = [{"role": "user", "content": "hello there, friend"}]


@tool
def get_weather(city: str) -> str:
    """Return the weather of a city."""
    return f"sunny in {city}"


def test_anthropic_sdk_messages_and_stream(fake_providers: FakeProviders) -> None:
    client = anthropic.Anthropic()
    reply = client.messages.create(model="claude-sonnet-4-5", max_tokens=100, messages=USER)  # type: ignore[arg-type]
    assert [block.type for block in reply.content] == ["text"]
    assert reply.content[0].text == "hello there, friend"  # type: ignore[union-attr]
    assert reply.stop_reason == "end_turn"
    assert reply.usage.output_tokens == len("hello there, friend")
    with client.messages.stream(
        model="claude-sonnet-4-5",
        max_tokens=100,
        messages=USER,  # type: ignore[arg-type]
    ) as stream:
        pieces = list(stream.text_stream)
        final = stream.get_final_message()
    assert len(pieces) > 1
    assert "".join(pieces) == "hello there, friend"
    # The stream helper's blocks also carry parsed_output; the rest is the same.
    assert [block.model_dump(exclude={"parsed_output"}) for block in final.content] == [
        block.model_dump() for block in reply.content
    ]
    assert final.usage.output_tokens == reply.usage.output_tokens
    assert fake_providers.calls[-1].kwargs["provider"] == "anthropic"


async def test_anthropic_sdk_async(fake_providers: FakeProviders) -> None:
    reply = await anthropic.AsyncAnthropic().messages.create(
        model="claude-haiku-4-5",
        max_tokens=100,
        messages=USER,  # type: ignore[arg-type]
    )
    assert reply.content[0].text == "hello there, friend"  # type: ignore[union-attr]


def test_chat_anthropic_invoke_stream_and_tools(fake_providers: FakeProviders) -> None:
    model = ChatAnthropic(model_name="claude-sonnet-4-5")  # type: ignore[call-arg]
    assert model.invoke("hello there, friend").text == "hello there, friend"
    whole = reduce(operator.add, model.stream("one two three"))
    assert whole.text == "one two three"
    fake_providers.route("claude-*", "tools")
    reply = model.bind_tools([get_weather]).invoke("get_weather(city='Kyiv')")
    assert isinstance(reply, AIMessage)
    [call] = reply.tool_calls
    assert (call["name"], call["args"]) == ("get_weather", {"city": "Kyiv"})
    streamed = reduce(
        operator.add, model.bind_tools([get_weather]).stream("get_weather(city='Kyiv')")
    )
    assert streamed.tool_calls == reply.tool_calls  # type: ignore[attr-defined]


def test_an_anthropic_fail_route(fake_providers: FakeProviders) -> None:
    fake_providers.route("claude-*", "fail-529")
    with pytest.raises(anthropic.APIStatusError) as raised:
        anthropic.Anthropic(max_retries=0).messages.create(
            model="claude-sonnet-4-5",
            max_tokens=10,
            messages=USER,  # type: ignore[arg-type]
        )
    assert raised.value.status_code == 529


async def test_litellm_with_anthropic_names(fake_providers: FakeProviders) -> None:
    reply = litellm.completion(model="anthropic/claude-sonnet-4-5", messages=USER)
    assert reply.choices[0].message.content == "hello there, friend"  # type: ignore[union-attr]
    areply = await litellm.acompletion(model="anthropic/claude-sonnet-4-5", messages=USER)
    assert areply.choices[0].message.content == "hello there, friend"  # type: ignore[union-attr]
    stream = await litellm.acompletion(
        model="anthropic/claude-sonnet-4-5", messages=USER, stream=True
    )
    text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])  # type: ignore[union-attr]
    assert text == "hello there, friend"


def test_system_stop_sequences_max_tokens_and_tool_results(fake_providers: FakeProviders) -> None:
    client = anthropic.Anthropic()
    reply = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=5,
        system="be brief",
        messages=USER,  # type: ignore[arg-type]
    )
    assert reply.content[0].text == "hello"  # type: ignore[union-attr]
    assert reply.stop_reason == "max_tokens"
    assert fake_providers.calls[-1].turns[0].text == "be brief"
    stopped = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=100,
        stop_sequences=[","],
        messages=USER,  # type: ignore[arg-type]
    )
    assert stopped.content[0].text == "hello there,"  # type: ignore[union-attr]
    after_tool = client.messages.create(
        model="claude-sonnet-4-5",
        max_tokens=100,
        messages=[
            {"role": "user", "content": "weather?"},
            {
                "role": "assistant",
                "content": [
                    {
                        "type": "tool_use",
                        "id": "t1",
                        "name": "get_weather",
                        "input": {"city": "Oslo"},
                    }
                ],
            },
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "sunny"}],
            },
        ],
    )
    assert after_tool.content[0].text == "sunny"  # type: ignore[union-attr]  # parrot echoes it
    tool_turn = fake_providers.calls[-1].turns[-1]
    assert (tool_turn.role, tool_turn.tool_call_id) == ("tool", "t1")


def test_a_bad_body_is_a_400_naming_the_problem(fake_providers: FakeProviders) -> None:
    with pytest.raises(anthropic.BadRequestError, match=r"messages\[0\] must be a message"):
        anthropic.Anthropic().messages.create(
            model="claude-sonnet-4-5",
            max_tokens=10,
            messages=[{"role": "robot", "content": "x"}],  # type: ignore[list-item]
        )
