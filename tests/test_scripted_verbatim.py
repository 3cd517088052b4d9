"""A scripted AIMessage comes back verbatim from ScriptedChat, invoked and streamed."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, message_chunk_to_message
from pydantic import BaseModel

from fakes.langchain import ScriptedChat

FULL = AIMessage(
    content=[
        {"type": "reasoning", "reasoning": "The user greets me."},
        {"type": "text", "text": "Hello there"},
        {"type": "image", "url": "https://example.com/cat.png"},
        "a plain string part",
    ],
    tool_calls=[{"name": "lookup", "args": {"q": "cats"}, "id": "call_a"}],
    invalid_tool_calls=[
        {
            "name": "broken",
            "args": "not json",
            "id": "call_b",
            "error": None,
            "type": "invalid_tool_call",
        }
    ],
    additional_kwargs={"refusal": None},
    response_metadata={
        "model_name": "gpt-x",
        "finish_reason": "tool_calls",
        "system_fingerprint": "fp",
    },
    usage_metadata={"input_tokens": 7, "output_tokens": 5, "total_tokens": 12},
    name="assistant-1",
    id="msg-1",
)


def _gathered(
    model: ScriptedChat, prompt: str = "hi"
) -> tuple[list[AIMessageChunk], AIMessageChunk]:
    chunks = list(model.stream(prompt))
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    return chunks, total


def test_invoke_returns_every_field_as_scripted():
    reply = ScriptedChat(replies=[FULL]).invoke("hi")
    assert reply == FULL
    assert reply.name == "assistant-1"
    assert reply.response_metadata == FULL.response_metadata
    assert reply.usage_metadata == FULL.usage_metadata


def test_a_bare_message_gets_no_usage_and_no_metadata_added():
    reply = ScriptedChat(replies=[AIMessage("hi?", id="0")]).invoke("x")
    assert reply == AIMessage("hi?", id="0")
    assert reply.usage_metadata is None
    assert reply.response_metadata == {}


def test_string_replies_keep_counted_usage_and_metadata():
    reply = ScriptedChat(replies=["hi"]).invoke("x")
    assert reply.usage_metadata == {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3}
    assert reply.response_metadata == {"model_name": "scripted", "finish_reason": "stop"}


def test_the_stream_adds_up_to_the_scripted_message():
    chunks, total = _gathered(ScriptedChat(replies=[FULL]))
    # Content blocks stream whole and in order: the reasoning first.
    contents = [chunk.content for chunk in chunks if chunk.content]
    assert contents == [[block] for block in FULL.content]
    message = message_chunk_to_message(total)
    assert message.content == FULL.content
    assert message.tool_calls == FULL.tool_calls
    assert message.invalid_tool_calls == FULL.invalid_tool_calls
    assert message.additional_kwargs == FULL.additional_kwargs
    assert message.response_metadata == FULL.response_metadata
    assert message.usage_metadata == FULL.usage_metadata
    assert message.id == FULL.id
    # langchain-core's chunk addition keeps no name; the final chunk carries it.
    assert chunks[-1].name == "assistant-1"


def test_a_streamed_bare_message_has_no_usage():
    _, total = _gathered(ScriptedChat(replies=[AIMessage("hello", id="m")]))
    assert message_chunk_to_message(total) == AIMessage("hello", id="m")


@pytest.mark.parametrize("disable_streaming", [True, False])
def test_disable_streaming_gives_the_same_message(disable_streaming):
    model = ScriptedChat(replies=[FULL], disable_streaming=disable_streaming)
    _, total = _gathered(model)
    assert message_chunk_to_message(total).content == FULL.content


class Movie(BaseModel):
    title: str
    year: int


@pytest.mark.parametrize("method", ["json_schema", "json_mode"])
def test_structured_output_parses_scripted_json_text(method):
    model = ScriptedChat(replies=['{"title": "Inception", "year": 2010}'])
    assert model.with_structured_output(Movie, method=method).invoke("x") == Movie(
        title="Inception", year=2010
    )
    assert model.calls.last.kwargs["response_format"]["type"] in ("json_schema", "json_object")


def test_structured_output_parses_a_scripted_tool_call():
    call = {"name": "Movie", "args": {"title": "Inception", "year": 2010}, "id": "c"}
    model = ScriptedChat(replies=[AIMessage("", tool_calls=[call])])
    assert model.with_structured_output(Movie).invoke("x") == Movie(title="Inception", year=2010)
    assert model.calls.last.kwargs["tool_choice"] == "Movie"


def test_structured_output_of_unparseable_text_is_an_error_or_a_parsing_error():
    from langchain_core.exceptions import OutputParserException

    model = ScriptedChat(replies=["not json"], cycle=True)
    with pytest.raises(OutputParserException, match="Invalid json output"):
        model.with_structured_output(Movie, method="json_schema").invoke("x")
    result = model.with_structured_output(Movie, method="json_mode", include_raw=True).invoke("x")
    assert result["parsed"] is None
    assert isinstance(result["parsing_error"], OutputParserException)
    assert result["raw"].content == "not json"


def test_a_callable_reply_answers_in_the_form_asked():
    def reply(call):
        if "response_format" in call.kwargs:
            return '{"title": "Up", "year": 2009}'
        return AIMessage(
            "", tool_calls=[{"name": "Movie", "args": {"title": "Up", "year": 2009}, "id": "c"}]
        )

    model = ScriptedChat(replies=[reply], cycle=True)
    for method in ("function_calling", "json_schema", "json_mode"):
        assert model.with_structured_output(Movie, method=method).invoke("x") == Movie(
            title="Up", year=2009
        )


def test_batch_gives_the_replies_to_the_inputs_in_order():
    import asyncio

    for _ in range(10):
        model = ScriptedChat(replies=["a", "b", "c", "d"], cycle=True)
        assert [m.content for m in model.batch(["1", "2", "3", "4"])] == ["a", "b", "c", "d"]
        replies = asyncio.run(model.abatch(["1", "2", "3", "4"]))
        assert [m.content for m in replies] == ["a", "b", "c", "d"]
        assert [call.last_text for call in model.calls] == ["1", "2", "3", "4"] * 2
