"""LiteLLM with real model names, answered by ``fake_providers`` (sockets disabled)."""

from __future__ import annotations

import litellm
import pytest

from fakes.providers import FakeProviders

USER = [{"role": "user", "content": "hello there, friend"}]


@pytest.mark.parametrize("model", ["openai/gpt-4o-mini", "gpt-4o"])
def test_completion_with_openai_names(fake_providers: FakeProviders, model: str) -> None:
    reply = litellm.completion(model=model, messages=USER)
    assert reply.choices[0].message.content == "hello there, friend"  # type: ignore[union-attr]
    assert fake_providers.calls[-1].kwargs["provider"] == "openai"


async def test_acompletion_and_streams(fake_providers: FakeProviders) -> None:
    reply = await litellm.acompletion(model="openai/gpt-4o-mini", messages=USER)
    assert reply.choices[0].message.content == "hello there, friend"  # type: ignore[union-attr]
    stream = await litellm.acompletion(model="openai/gpt-4o-mini", messages=USER, stream=True)
    text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])  # type: ignore[union-attr]
    assert text == "hello there, friend"
    sync_text = "".join(
        chunk.choices[0].delta.content or ""  # type: ignore[union-attr]
        for chunk in litellm.completion(model="gpt-4o", messages=USER, stream=True)
    )
    assert sync_text == text


def test_tools_route_through_litellm(fake_providers: FakeProviders) -> None:
    fake_providers.route("gpt-4o", "tools")
    tools = [
        {
            "type": "function",
            "function": {
                "name": "get_weather",
                "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
            },
        }
    ]
    reply = litellm.completion(
        model="gpt-4o",
        messages=[{"role": "user", "content": "get_weather(city='Oslo')"}],
        tools=tools,
    )
    [call] = reply.choices[0].message.tool_calls  # type: ignore[union-attr]
    assert call.function.name == "get_weather"
    assert call.function.arguments == '{"city": "Oslo"}'


def test_litellm_embedding(fake_providers: FakeProviders) -> None:
    vectors = litellm.embedding(model="openai/text-embedding-3-small", input=["a", "b"])
    assert len(vectors.data) == 2
    assert vectors.data[0]["embedding"] != vectors.data[1]["embedding"]
