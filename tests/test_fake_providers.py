"""``fake_providers``: unchanged clients answered in-process, with sockets disabled.

The suite runs with ``--disable-socket`` (pyproject addopts), so any real
connection attempt here fails the test.
"""

from __future__ import annotations

import base64
import operator
import struct
from functools import reduce

import httpx
import openai
import pytest
from langchain_core.messages import AIMessage
from langchain_core.tools import tool
from langchain_openai import ChatOpenAI
from pytest_socket import SocketBlockedError

from fakes.providers import FakeProviders, UnfakedHostError

USER = [{"role": "user", "content": "hello there, friend"}]


@tool
def get_weather(city: str) -> str:
    """Return the weather of a city."""
    return f"sunny in {city}"


def test_chat_openai_invoke_answers_with_the_parrot(fake_providers: FakeProviders) -> None:
    reply = ChatOpenAI(model="gpt-4o-mini").invoke("hello there, friend")
    assert isinstance(reply, AIMessage)
    assert reply.content == "hello there, friend"
    assert reply.response_metadata["model_name"] == "gpt-4o-mini"
    assert reply.usage_metadata is not None
    assert reply.usage_metadata["output_tokens"] == len("hello there, friend")
    [call] = fake_providers.calls
    assert call.kwargs["model"] == "gpt-4o-mini"
    assert call.kwargs["provider"] == "openai"


def test_chat_openai_stream_adds_up_to_invoke(fake_providers: FakeProviders) -> None:
    model = ChatOpenAI(model="gpt-4o-mini", stream_usage=True)
    chunks = list(model.stream("one two three"))
    assert len(chunks) > 3  # word chunks, not one blob
    whole = reduce(operator.add, chunks)
    assert whole.content == model.invoke("one two three").content == "one two three"
    assert whole.usage_metadata is not None
    assert whole.usage_metadata["total_tokens"] > 0


def test_chat_openai_bind_tools_on_a_tools_route(fake_providers: FakeProviders) -> None:
    fake_providers.route("gpt-4.1*", "tools")
    model = ChatOpenAI(model="gpt-4.1-mini").bind_tools([get_weather])
    reply = model.invoke("What is the weather in Paris? Use get_weather(city='Paris').")
    assert isinstance(reply, AIMessage)
    [call] = reply.tool_calls
    assert call["name"] == "get_weather"
    assert call["args"] == {"city": "Paris"}
    assert call["id"]
    streamed = list(model.stream("What is the weather in Paris? Use get_weather(city='Paris')."))
    whole = reduce(operator.add, streamed)
    assert whole.tool_calls == reply.tool_calls  # type: ignore[attr-defined]


def test_openai_sdk_chat_stream_and_embeddings(fake_providers: FakeProviders) -> None:
    client = openai.OpenAI()
    reply = client.chat.completions.create(model="gpt-4o", messages=USER)  # type: ignore[arg-type]
    assert reply.choices[0].message.content == "hello there, friend"
    assert reply.choices[0].finish_reason == "stop"
    assert reply.usage is not None
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens
    stream = client.chat.completions.create(
        model="gpt-4o",
        messages=USER,  # type: ignore[arg-type]
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "hello there, friend"
    assert chunks[-1].usage is not None
    assert chunks[-1].usage == reply.usage
    vectors = client.embeddings.create(model="text-embedding-3-small", input=["a", "b", "a"])
    assert len(vectors.data) == 3
    assert vectors.data[0].embedding == vectors.data[2].embedding != vectors.data[1].embedding
    floats = client.embeddings.create(
        model="text-embedding-3-small", input="a", encoding_format="float"
    )
    assert floats.data[0].embedding == pytest.approx(vectors.data[0].embedding, abs=1e-6)


async def test_openai_sdk_async(fake_providers: FakeProviders) -> None:
    reply = await openai.AsyncOpenAI().chat.completions.create(
        model="gpt-4o",
        messages=USER,  # type: ignore[arg-type]
    )
    assert reply.choices[0].message.content == "hello there, friend"


def test_a_fail_route_is_the_provider_error(fake_providers: FakeProviders) -> None:
    fake_providers.route("gpt-*", "fail-429")
    with pytest.raises(openai.RateLimitError, match="always fails"):
        openai.OpenAI(max_retries=0).chat.completions.create(
            model="gpt-4o",
            messages=USER,  # type: ignore[arg-type]
        )
    assert len(fake_providers.calls) == 1


def test_scripted_replies_in_order(fake_providers: FakeProviders) -> None:
    fake_providers.route("gpt-4o", "script")
    fake_providers.script(["first", {"role": "assistant", "content": "second"}])
    model = ChatOpenAI(model="gpt-4o")
    assert [model.invoke("x").content for _ in range(2)] == ["first", "second"]
    with pytest.raises(openai.BadRequestError, match="call #3"):
        model.with_config().invoke("x", config={"max_retries": 0})  # type: ignore[call-arg]


def test_an_unknown_route_fails_when_mapped() -> None:
    providers = FakeProviders()
    with pytest.raises(Exception, match="unknown model"):
        providers.route("gpt-*", "no-such-route")


def test_a_host_we_do_not_answer_is_a_clear_error(fake_providers: FakeProviders) -> None:
    with pytest.raises(UnfakedHostError, match=r"api\.openai\.com and api\.anthropic\.com only"):
        httpx.post("https://example.com/v1/chat/completions", json={})


def test_an_unfaked_openai_path_is_a_404(fake_providers: FakeProviders) -> None:
    response = httpx.get("https://api.openai.com/v1/files")
    assert response.status_code == 404
    assert "does not fake GET /v1/files" in response.json()["error"]["message"]


def test_dummy_keys_are_set_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.setenv("OPENAI_BASE_URL", "https://elsewhere.example/v1")
    import os

    with FakeProviders():
        assert os.environ["OPENAI_API_KEY"] == "sk-fakes"
        assert "OPENAI_BASE_URL" not in os.environ
    assert "OPENAI_API_KEY" not in os.environ
    assert os.environ["OPENAI_BASE_URL"] == "https://elsewhere.example/v1"


def test_stopped_means_no_longer_answered() -> None:
    with FakeProviders():
        pass
    # Past the fake: the request reaches the socket layer, which --disable-socket blocks.
    with pytest.raises((httpx.ConnectError, SocketBlockedError)):
        httpx.post("https://api.openai.com/v1/chat/completions", json={}, timeout=1)


@pytest.mark.fakes(providers={"gpt-4o": "tools"})
def test_the_marker_map_alone_starts_it() -> None:
    # No fixture requested: the marker's map starts fake_providers for the test.
    reply = ChatOpenAI(model="gpt-4o").bind_tools([get_weather]).invoke("get_weather(city='Rome')")
    assert isinstance(reply, AIMessage)
    assert reply.tool_calls[0]["args"] == {"city": "Rome"}


def test_bad_body_is_a_400_naming_the_problem(fake_providers: FakeProviders) -> None:
    response = httpx.post(
        "https://api.openai.com/v1/chat/completions", json={"model": "gpt-4o", "messages": "hi"}
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "messages must be a list, got str"


def test_openai_sdk_images(fake_providers: FakeProviders) -> None:
    client = openai.OpenAI()
    first = client.images.generate(model="gpt-image-1", prompt="a red kettle", size="64x32")
    again = client.images.generate(
        model="gpt-image-1", prompt="a red kettle", size="64x32", response_format="b64_json"
    )
    assert first.data is not None
    assert again.data is not None
    url = first.data[0].url
    assert url is not None
    assert url == f"data:image/png;base64,{again.data[0].b64_json}"
    png = base64.b64decode(url.removeprefix("data:image/png;base64,"))
    assert png.startswith(b"\x89PNG")
    assert struct.unpack(">II", png[16:24]) == (64, 32)
    with pytest.raises(openai.BadRequestError, match="size must be"):
        client.images.generate(model="gpt-image-1", prompt="x", size="huge")  # type: ignore[arg-type]


def test_openai_sdk_responses_api(fake_providers: FakeProviders) -> None:
    client = openai.OpenAI()
    reply = client.responses.create(model="gpt-4.1", input="hello there, friend")
    assert reply.output_text == "hello there, friend"
    assert reply.usage is not None
    assert reply.usage.total_tokens == reply.usage.input_tokens + reply.usage.output_tokens
    with client.responses.stream(model="gpt-4.1", input="one two three") as stream:
        deltas = [event.delta for event in stream if event.type == "response.output_text.delta"]
        final = stream.get_final_response()
    assert len(deltas) > 1
    assert "".join(deltas) == final.output_text == "one two three"


def test_openai_sdk_responses_api_tool_calls(fake_providers: FakeProviders) -> None:
    fake_providers.route("gpt-4.1", "tools")
    tool = {
        "type": "function",
        "name": "get_weather",
        "parameters": {"type": "object", "properties": {"city": {"type": "string"}}},
    }
    client = openai.OpenAI()
    ask = "get_weather(city='Lima')"
    reply = client.responses.create(model="gpt-4.1", input=ask, tools=[tool])  # type: ignore[list-item]
    [call] = [item for item in reply.output if item.type == "function_call"]
    assert call.name == "get_weather"
    assert call.arguments == '{"city": "Lima"}'
    with client.responses.stream(model="gpt-4.1", input=ask, tools=[tool]) as stream:  # type: ignore[list-item]
        final = stream.get_final_response()
    # The stream helper's items also carry parsed_arguments; the rest is the same.
    assert [item.model_dump(exclude={"parsed_arguments"}) for item in final.output] == [
        item.model_dump() for item in reply.output
    ]
    answered = client.responses.create(
        model="gpt-4.1",
        input=[
            {"role": "user", "content": ask},
            {
                "type": "function_call",
                "call_id": call.call_id,
                "name": call.name,
                "arguments": call.arguments,
            },
            {"type": "function_call_output", "call_id": call.call_id, "output": "sunny"},
        ],  # type: ignore[list-item]
        tools=[tool],  # type: ignore[list-item]
    )
    assert answered.output_text  # the tools route answers the tool result in text


def test_chat_openai_on_the_responses_api(fake_providers: FakeProviders) -> None:
    model = ChatOpenAI(model="gpt-4.1", use_responses_api=True)
    assert model.invoke("hello there, friend").text == "hello there, friend"
    chunks = list(model.stream("one two three"))
    whole = reduce(operator.add, chunks)
    assert whole.text == "one two three"


def test_the_ini_option_starts_it_for_every_test(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nfakes_intercept = true\n")
    pytester.makepyfile(
        """
        import openai

        def test_unchanged():
            reply = openai.OpenAI().chat.completions.create(
                model="gpt-4o", messages=[{"role": "user", "content": "ini"}]
            )
            assert reply.choices[0].message.content == "ini"
        """
    )
    pytester.runpytest("--disable-socket", "-p", "no:randomly").assert_outcomes(passed=1)


def test_an_unfaked_anthropic_path_is_a_404_in_its_format(fake_providers: FakeProviders) -> None:
    response = httpx.get("https://api.anthropic.com/v1/models")
    assert response.status_code == 404
    assert response.json() == {
        "type": "error",
        "error": {
            "type": "not_found_error",
            "message": "pytest-fakes does not fake GET /v1/models",
        },
    }
