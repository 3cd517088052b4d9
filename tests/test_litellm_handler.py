"""The ``fakes`` LiteLLM provider, route by route, through LiteLLM's public API."""

from __future__ import annotations

import base64
import json
import math
from collections.abc import Iterator

import litellm
import pytest
from freezegun import freeze_time

# fakes.litellm first: it sets LITELLM_LOCAL_MODEL_COST_MAP before litellm loads.
import fakes.litellm as fl

FROZEN = "2024-07-26 01:11:03"  # unix time 1721956263
FROZEN_UNIX = 1721956263
HELLO = [{"role": "user", "content": "hello world"}]

TOOLS = [
    {
        "type": "function",
        "function": {
            "name": "get_weather",
            "description": "Weather in a city",
            "parameters": {
                "type": "object",
                "properties": {"city": {"type": "string"}},
                "required": ["city"],
            },
        },
    },
    {
        "type": "function",
        "function": {
            "name": "add",
            "description": "Add two integers",
            "parameters": {
                "type": "object",
                "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
                "required": ["a", "b"],
            },
        },
    },
]
TOOL_PROMPT = [{"role": "user", "content": 'What is the weather in "Paris", and add(a=2, b=3)?'}]


@pytest.fixture
def fake() -> Iterator[fl.FakesHandler]:
    with fl.register(fl.FakesHandler()) as handler:
        yield handler


def text_of(chunks: list[object]) -> str:
    return "".join(c.choices[0].delta.content or "" for c in chunks)  # type: ignore[attr-defined]


# -- parrot -------------------------------------------------------------------------


def test_parrot_completion_echoes_with_usage_and_model(fake: fl.FakesHandler) -> None:
    response = litellm.completion(model="fakes/parrot", messages=HELLO)
    assert response.choices[0].message.content == "hello world"
    assert response.choices[0].finish_reason == "stop"
    assert response.model == "parrot"
    assert (response.usage.prompt_tokens, response.usage.completion_tokens) == (11, 11)
    assert response.usage.total_tokens == 22
    assert fake.calls.last.last_text == "hello world"
    assert fake.calls.last.streamed is False


def test_parrot_usage_counts_every_message(fake: fl.FakesHandler) -> None:
    messages = [{"role": "system", "content": "be brief"}, *HELLO]
    response = litellm.completion(model="fakes/parrot", messages=messages)
    assert response.usage.prompt_tokens == len("be brief") + len("hello world")


def test_stop_sequence_cuts_and_is_included(fake: fl.FakesHandler) -> None:
    response = litellm.completion(model="fakes/parrot", messages=HELLO, stop=["wor"])
    assert response.choices[0].message.content == "hello wor"
    assert response.usage.completion_tokens == 9
    assert fake.calls.last.stop == ("wor",)


def test_stop_as_single_string(fake: fl.FakesHandler) -> None:
    response = litellm.completion(model="fakes/parrot", messages=HELLO, stop="o")
    assert response.choices[0].message.content == "hello"


def test_max_tokens_cuts_with_finish_reason_length(fake: fl.FakesHandler) -> None:
    response = litellm.completion(model="fakes/parrot", messages=HELLO, max_tokens=4)
    assert response.choices[0].message.content == "hell"
    assert response.choices[0].finish_reason == "length"


def test_parrot_streams_one_word_per_chunk_then_finish(fake: fl.FakesHandler) -> None:
    chunks = list(litellm.completion(model="fakes/parrot", messages=HELLO, stream=True))
    assert [c.choices[0].delta.content for c in chunks[:-1]] == ["hello ", "world"]
    assert chunks[-1].choices[0].finish_reason == "stop"
    assert fake.calls.last.streamed is True
    built = litellm.stream_chunk_builder(chunks, messages=HELLO)
    assert built.choices[0].message.content == "hello world"
    assert (built.usage.prompt_tokens, built.usage.completion_tokens) == (11, 11)


def test_stream_with_stop(fake: fl.FakesHandler) -> None:
    chunks = list(litellm.completion(model="fakes/parrot", messages=HELLO, stop=[" "], stream=True))
    assert text_of(chunks) == "hello "


def test_chunking_word() -> None:
    with fl.register(fl.FakesHandler(chunking="word")):
        chunks = list(litellm.completion(model="fakes/parrot", messages=HELLO, stream=True))
    assert [c.choices[0].delta.content for c in chunks[:-1]] == ["hello ", "world"]


@pytest.mark.asyncio
async def test_parrot_acompletion_and_astream(fake: fl.FakesHandler) -> None:
    response = await litellm.acompletion(model="fakes/parrot", messages=HELLO)
    assert response.choices[0].message.content == "hello world"
    stream = await litellm.acompletion(model="fakes/parrot", messages=HELLO, stream=True)
    chunks = [chunk async for chunk in stream]
    assert text_of(chunks) == "hello world"
    assert len(fake.calls) == 2


@pytest.mark.asyncio
async def test_astreaming_returns_a_real_async_generator(fake: fl.FakesHandler) -> None:
    import inspect

    stream = fake.astreaming(model="parrot", messages=HELLO, optional_params={})
    assert inspect.isasyncgen(stream)
    chunks = [chunk async for chunk in stream]
    assert "".join(c["text"] for c in chunks) == "hello world"
    assert chunks[-1]["is_finished"] is True
    assert chunks[-1]["usage"] == {"prompt_tokens": 11, "completion_tokens": 11, "total_tokens": 22}


# -- unixtime -----------------------------------------------------------------------


def test_unixtime_route_under_freezegun(fake: fl.FakesHandler) -> None:
    with freeze_time(FROZEN):
        response = litellm.completion(model="fakes/unixtime", messages=HELLO)
        chunks = list(litellm.completion(model="fakes/unixtime", messages=HELLO, stream=True))
    assert response.choices[0].message.content == str(FROZEN_UNIX)
    assert response.created == FROZEN_UNIX
    assert text_of(chunks) == str(FROZEN_UNIX)


@pytest.mark.asyncio
async def test_unixtime_route_async_under_freezegun(fake: fl.FakesHandler) -> None:
    with freeze_time(FROZEN, real_asyncio=True):
        response = await litellm.acompletion(model="fakes/unixtime", messages=HELLO)
        stream = await litellm.acompletion(model="fakes/unixtime", messages=HELLO, stream=True)
        chunks = [chunk async for chunk in stream]
    assert response.choices[0].message.content == str(FROZEN_UNIX)
    assert text_of(chunks) == str(FROZEN_UNIX)


# -- determinism ------------------------------------------------------------------


def _comparable(response: object) -> dict[str, object]:
    return response.model_dump()  # type: ignore[attr-defined,no-any-return]


def test_identical_calls_give_identical_responses_under_frozen_clock(fake: fl.FakesHandler) -> None:
    with freeze_time(FROZEN):
        first = litellm.completion(model="fakes/parrot", messages=HELLO, stop=["x"])
        second = litellm.completion(model="fakes/parrot", messages=HELLO, stop=["x"])
        other = litellm.completion(
            model="fakes/parrot", messages=[{"role": "user", "content": "hi"}]
        )
    assert _comparable(first) == _comparable(second)
    assert first.id.startswith("chatcmpl-")
    assert first.created == FROZEN_UNIX
    assert other.id != first.id


def test_stream_ids_are_deterministic_and_shared(fake: fl.FakesHandler) -> None:
    with freeze_time(FROZEN):
        first = list(litellm.completion(model="fakes/parrot", messages=HELLO, stream=True))
        second = list(litellm.completion(model="fakes/parrot", messages=HELLO, stream=True))
    assert {c.id for c in first} == {first[0].id}
    assert [c.model_dump() for c in first] == [c.model_dump() for c in second]
    assert {c.created for c in first} == {FROZEN_UNIX}


def test_id_changes_with_the_clock(fake: fl.FakesHandler) -> None:
    with freeze_time(FROZEN):
        first = litellm.completion(model="fakes/parrot", messages=HELLO)
    with freeze_time("2024-07-26 01:11:04"):
        later = litellm.completion(model="fakes/parrot", messages=HELLO)
    assert first.id != later.id
    assert later.created == FROZEN_UNIX + 1


# -- tools ----------------------------------------------------------------------------


def test_tools_route_calls_named_tools_in_openai_format(fake: fl.FakesHandler) -> None:
    response = litellm.completion(model="fakes/tools", messages=TOOL_PROMPT, tools=TOOLS)
    choice = response.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert [(c.function.name, json.loads(c.function.arguments)) for c in calls] == [
        ("get_weather", {"city": "Paris"}),
        ("add", {"a": 2, "b": 3}),
    ]
    assert all(c.type == "function" for c in calls)
    assert len({c.id for c in calls}) == 2
    assert response.usage.completion_tokens > 0


def test_tools_stream_reassembles_with_stream_chunk_builder(fake: fl.FakesHandler) -> None:
    plain = litellm.completion(model="fakes/tools", messages=TOOL_PROMPT, tools=TOOLS)
    chunks = list(
        litellm.completion(model="fakes/tools", messages=TOOL_PROMPT, tools=TOOLS, stream=True)
    )
    streamed_calls = [c for chunk in chunks for c in (chunk.choices[0].delta.tool_calls or [])]
    assert len(streamed_calls) > 2  # names first, then argument pieces
    built = litellm.stream_chunk_builder(chunks, messages=TOOL_PROMPT)
    assert built.choices[0].finish_reason == "tool_calls"

    def calls(message: object) -> list[tuple[str, str, str]]:
        return [(c.id, c.function.name, c.function.arguments) for c in message.tool_calls]  # type: ignore[attr-defined]

    assert calls(built.choices[0].message) == calls(plain.choices[0].message)


@pytest.mark.asyncio
async def test_tools_astream_reassembles(fake: fl.FakesHandler) -> None:
    stream = await litellm.acompletion(
        model="fakes/tools", messages=TOOL_PROMPT, tools=TOOLS, stream=True
    )
    chunks = [chunk async for chunk in stream]
    built = litellm.stream_chunk_builder(chunks)
    assert [c.function.name for c in built.choices[0].message.tool_calls] == ["get_weather", "add"]


def test_tool_results_round_trip(fake: fl.FakesHandler) -> None:
    first = litellm.completion(model="fakes/tools", messages=TOOL_PROMPT, tools=TOOLS)
    message = first.choices[0].message
    results = {"get_weather": "sunny", "add": "5"}
    history = [
        *TOOL_PROMPT,
        message.model_dump(),  # assistant turn: content None, tool_calls set
        *(
            {"role": "tool", "tool_call_id": c.id, "content": results[c.function.name]}
            for c in message.tool_calls
        ),
    ]
    second = litellm.completion(model="fakes/tools", messages=history, tools=TOOLS)
    text = second.choices[0].message.content
    assert "sunny" in text
    assert "5" in text
    assert second.choices[0].finish_reason == "stop"
    assert fake.calls.last.turns[1].tool_calls[0].name == "get_weather"


def test_forced_tool_choice(fake: fl.FakesHandler) -> None:
    response = litellm.completion(
        model="fakes/tools",
        messages=TOOL_PROMPT,
        tools=TOOLS,
        tool_choice={"type": "function", "function": {"name": "add"}},
    )
    assert [c.function.name for c in response.choices[0].message.tool_calls] == ["add"]


def test_tools_route_without_tools_is_a_parrot(fake: fl.FakesHandler) -> None:
    response = litellm.completion(model="fakes/tools", messages=HELLO)
    assert response.choices[0].message.content == "hello world"


def test_bad_tool_definition_is_a_bad_request(fake: fl.FakesHandler) -> None:
    bad = [{"type": "function", "function": {"name": "bad name"}}]
    with pytest.raises(litellm.BadRequestError, match="bad name"):
        litellm.completion(model="fakes/tools", messages=HELLO, tools=bad)


# -- embeddings -------------------------------------------------------------------


def test_embeddings_are_deterministic_unit_vectors(fake: fl.FakesHandler) -> None:
    first = litellm.embedding(model="fakes/embed", input=["cat", "dog", "cat"])
    vectors = [item["embedding"] for item in first.data]
    assert [len(v) for v in vectors] == [16, 16, 16]
    assert vectors[0] == vectors[2]
    assert vectors[0] != vectors[1]
    for vector in vectors:
        assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-12)
    again = litellm.embedding(model="fakes/embed", input="cat")
    assert again.data[0]["embedding"] == vectors[0]
    assert first.usage.prompt_tokens == 9
    assert first.model == "embed"


def test_embedding_dimensions_by_route_and_by_handler(fake: fl.FakesHandler) -> None:
    response = litellm.embedding(model="fakes/embed-5", input=["cat"])
    assert len(response.data[0]["embedding"]) == 5
    with fl.register(fl.FakesHandler(embedding_dimensions=3)):
        response = litellm.embedding(model="fakes/embed", input=["cat"])
    assert len(response.data[0]["embedding"]) == 3


@pytest.mark.asyncio
async def test_aembedding(fake: fl.FakesHandler) -> None:
    sync = litellm.embedding(model="fakes/embed", input=["hi"])
    response = await litellm.aembedding(model="fakes/embed", input=["hi"])
    assert response.data[0]["embedding"] == sync.data[0]["embedding"]


# -- images -----------------------------------------------------------------------------


def _png(url: str) -> bytes:
    prefix = "data:image/png;base64,"
    assert url.startswith(prefix)
    return base64.b64decode(url[len(prefix) :])


def test_image_generation_is_a_deterministic_png(fake: fl.FakesHandler) -> None:
    with freeze_time(FROZEN):
        first = litellm.image_generation(model="fakes/image", prompt="a sea otter")
        second = litellm.image_generation(model="fakes/image", prompt="a sea otter")
        other = litellm.image_generation(model="fakes/image", prompt="a cat")
    png = _png(first.data[0].url)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == _png(second.data[0].url)
    assert png != _png(other.data[0].url)
    assert first.created == FROZEN_UNIX
    assert first.data[0].revised_prompt == "a sea otter"
    assert fake.calls.last.last_text == "a cat"


@pytest.mark.asyncio
async def test_aimage_generation(fake: fl.FakesHandler) -> None:
    response = await litellm.aimage_generation(model="fakes/image", prompt="otter")
    assert _png(response.data[0].url)[12:16] == b"IHDR"


def test_image_options_when_called_directly() -> None:
    # LiteLLM drops n/size/response_format for custom providers; called
    # directly (or by a LiteLLM that passes them) the handler honours them.
    handler = fl.FakesHandler()
    response = handler.image_generation(
        model="image",
        prompt="otter",
        optional_params={"n": 2, "size": "4x2", "response_format": "b64_json"},
    )
    assert len(response.data) == 2
    png = base64.b64decode(response.data[0].b64_json)
    assert png[16:24] == (4).to_bytes(4, "big") + (2).to_bytes(4, "big")


# -- bridges: text_completion and the responses API -----------------------------------


def test_text_completion_bridge(fake: fl.FakesHandler) -> None:
    response = litellm.text_completion(model="fakes/parrot", prompt="say hi", stop=[" "])
    assert response.choices[0].text == "say "
    assert response.usage.prompt_tokens == 6


def test_responses_api_bridge(fake: fl.FakesHandler) -> None:
    response = litellm.responses(model="fakes/parrot", input="hi there")
    assert response.output[0].content[0].text == "hi there"
    assert response.usage.input_tokens == 8
    assert response.usage.output_tokens == 8


def test_responses_api_tool_calls(fake: fl.FakesHandler) -> None:
    tool = {"type": "function", "name": "add", "parameters": TOOLS[1]["function"]["parameters"]}
    response = litellm.responses(model="fakes/tools", input="please add(a=1, b=2)", tools=[tool])
    call = response.output[0]
    assert call.type == "function_call"
    assert (call.name, json.loads(call.arguments)) == ("add", {"a": 1, "b": 2})


# -- fail routes and errors ---------------------------------------------------------

STATUS_ERRORS = [
    (400, "BadRequestError"),
    (401, "AuthenticationError"),
    (403, "PermissionDeniedError"),
    (404, "NotFoundError"),
    (408, "Timeout"),
    (429, "RateLimitError"),
    (500, "InternalServerError"),
    (502, "BadGatewayError"),
    (503, "ServiceUnavailableError"),
    (504, "Timeout"),
]


@pytest.mark.parametrize(("status", "error_name"), STATUS_ERRORS)
def test_fail_route_raises_what_litellm_maps_the_status_to(
    fake: fl.FakesHandler, status: int, error_name: str
) -> None:
    error_class = getattr(litellm, error_name)
    with pytest.raises(error_class, match=f"fakes/fail-{status} always fails") as info:
        litellm.completion(model=f"fakes/fail-{status}", messages=HELLO)
    assert info.value.status_code == status
    with pytest.raises(error_class):
        list(litellm.completion(model=f"fakes/fail-{status}", messages=HELLO, stream=True))


@pytest.mark.asyncio
@pytest.mark.parametrize("stream", [False, True])
async def test_fail_route_async(fake: fl.FakesHandler, stream: bool) -> None:
    with pytest.raises(litellm.RateLimitError):
        await litellm.acompletion(model="fakes/fail-429", messages=HELLO, stream=stream)


def test_fail_route_serves_embeddings_and_images_by_failing(fake: fl.FakesHandler) -> None:
    with pytest.raises(litellm.RateLimitError):
        litellm.embedding(model="fakes/fail-429", input=["x"])
    with pytest.raises(litellm.InternalServerError):
        litellm.image_generation(model="fakes/fail-500", prompt="x")


@pytest.mark.parametrize("name", ["nope", "fail-999", "fail-abc", "parrot2"])
def test_unknown_model_names_it_and_lists_known_models(fake: fl.FakesHandler, name: str) -> None:
    with pytest.raises(litellm.NotFoundError) as info:
        litellm.completion(model=f"fakes/{name}", messages=HELLO)
    message = str(info.value)
    assert f"unknown model fakes/{name}" in message
    for known in ("fakes/parrot", "fakes/unixtime", "fakes/tools", "fakes/embed", "fakes/image"):
        assert known in message
    assert "fakes/fail-<status>" in message


def test_wrong_route_for_the_call_type(fake: fl.FakesHandler) -> None:
    with pytest.raises(litellm.BadRequestError, match="does not do embeddings; use fakes/embed"):
        litellm.embedding(model="fakes/parrot", input=["x"])
    with pytest.raises(litellm.BadRequestError, match="does not do chat completions"):
        litellm.completion(model="fakes/embed", messages=HELLO)
    with pytest.raises(litellm.BadRequestError, match="does not do image generation"):
        litellm.image_generation(model="fakes/parrot", prompt="x")


# -- odd messages -------------------------------------------------------------------


def test_empty_message_list_is_a_clear_bad_request(fake: fl.FakesHandler) -> None:
    with pytest.raises(litellm.BadRequestError, match="empty list of messages"):
        litellm.completion(model="fakes/parrot", messages=[])


def test_content_parts_are_read_as_text(fake: fl.FakesHandler) -> None:
    messages = [
        {
            "role": "user",
            "content": [
                {"type": "text", "text": "look at "},
                {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
                {"type": "text", "text": "this"},
            ],
        }
    ]
    response = litellm.completion(model="fakes/parrot", messages=messages)
    assert response.choices[0].message.content == "look at this"


def test_parrot_after_a_tool_result_echoes_it(fake: fl.FakesHandler) -> None:
    messages = [
        *HELLO,
        {
            "role": "assistant",
            "content": None,
            "tool_calls": [
                {"id": "c1", "type": "function", "function": {"name": "f", "arguments": "{}"}}
            ],
        },
        {"role": "tool", "tool_call_id": "c1", "content": "42"},
    ]
    response = litellm.completion(model="fakes/parrot", messages=messages)
    assert response.choices[0].message.content == "42"
    turns = fake.calls.last.turns
    assert (turns[1].role, turns[1].text, turns[1].tool_calls[0].id) == ("assistant", "", "c1")
    assert (turns[2].role, turns[2].tool_call_id) == ("tool", "c1")


def test_unknown_role_is_a_clear_bad_request(fake: fl.FakesHandler) -> None:
    with pytest.raises(fl.FakesProviderError, match="message #0 has role 'wizard'") as info:
        fake.completion(model="parrot", messages=[{"role": "wizard", "content": "x"}])
    assert info.value.status_code == 400


def test_extra_params_reach_the_call_log(fake: fl.FakesHandler) -> None:
    litellm.completion(
        model="fakes/parrot", messages=HELLO, my_custom_param="value", temperature=0.5
    )
    assert fake.calls.last.kwargs["my_custom_param"] == "value"
    assert fake.calls.last.kwargs["temperature"] == 0.5


def test_response_id_ignores_memory_addresses_of_odd_options():
    from fakes.wire._openai_messages import response_id

    class Opaque:
        pass

    first = response_id("chatcmpl-", 1, {"option": Opaque()})
    second = response_id("chatcmpl-", 1, {"option": Opaque()})
    assert first == second
    assert response_id("chatcmpl-", 1, {"option": "a"}) != response_id(
        "chatcmpl-", 1, {"option": "b"}
    )
