"""reasoning: what a fake thinks first, as a reasoning block, a stream's first chunks, usage."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessage, message_chunk_to_message
from pydantic import ValidationError

from fakes.core import Turn as CoreTurn
from fakes.core import derived_reasoning, make_request
from fakes.langchain import ParrotChat, ScriptedChat, ToolCallingChat

DERIVED = 'The user wrote "hello". I will answer it.'


def _summed(model, prompt="hello", **kwargs):
    chunks = list(model.stream(prompt, **kwargs))
    return chunks, message_chunk_to_message(sum(chunks[1:], chunks[0]))


def test_reasoning_true_derives_the_text_from_the_prompt():
    assert derived_reasoning(make_request((CoreTurn("user", "hello"),), {})) == DERIVED
    message = ParrotChat(reasoning=True).invoke("hello")
    assert message.content == [
        {"type": "reasoning", "reasoning": DERIVED},
        {"type": "text", "text": "hello"},
    ]
    assert message.text == "hello"
    assert [block["type"] for block in message.content_blocks] == ["reasoning", "text"]


def test_reasoning_counts_as_output_and_apart():
    usage = ParrotChat(reasoning=True).invoke("hello").usage_metadata
    assert usage["output_token_details"] == {"reasoning": len(DERIVED)}
    assert usage["output_tokens"] == len(DERIVED) + len("hello")
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


def test_a_stream_delivers_the_reasoning_before_any_text():
    chunks, total = _summed(ParrotChat(reasoning=True, chunking="word"))
    kinds = [
        block["type"]
        for chunk in chunks
        if isinstance(chunk.content, list)
        for block in chunk.content
    ]
    first_text = kinds.index("text")
    assert set(kinds[:first_text]) == {"reasoning"}
    assert set(kinds[first_text:]) == {"text"}
    assert [(b["type"], b.get("reasoning") or b.get("text")) for b in total.content] == [
        ("reasoning", DERIVED),
        ("text", "hello"),
    ]
    assert total.usage_metadata == ParrotChat(reasoning=True).invoke("hello").usage_metadata


async def test_async_stream_and_invoke_match_sync():
    model = ParrotChat(reasoning=True)
    assert (await model.ainvoke("hello")).content == model.invoke("hello").content
    chunks = [chunk async for chunk in model.astream("hello")]
    assert [c.content for c in chunks] == [c.content for c in model.stream("hello")]


def test_a_given_text_and_a_callable_of_the_call():
    assert ParrotChat(reasoning="Because.").invoke("hi").content[0] == {
        "type": "reasoning",
        "reasoning": "Because.",
    }
    model = ParrotChat(reasoning=lambda call: f"call {call.number}: {call.last_text}")
    model.invoke("a")
    assert model.invoke("b").content[0]["reasoning"] == "call 2: b"
    quiet = ParrotChat(reasoning=lambda call: None).invoke("b")
    assert quiet.content == "b"


def test_a_callable_returning_something_else_is_a_clear_error():
    with pytest.raises(ValueError, match="a reasoning callable must return a str or None, got int"):
        ParrotChat(reasoning=lambda call: 3).invoke("b")


def test_a_bad_setting_is_refused_at_construction():
    with pytest.raises(ValidationError, match="reasoning must be None, True, a str or a callable"):
        ParrotChat(reasoning=3)


def test_reasoning_effort_turns_it_on_for_one_call_and_is_logged():
    model = ParrotChat()
    on = model.invoke("hello", reasoning_effort="low")
    assert on.content[0] == {"type": "reasoning", "reasoning": DERIVED}
    assert model.invoke("hello").content == "hello"
    assert model.invoke("hello", reasoning_effort="none").content == "hello"
    assert ParrotChat(reasoning="x").invoke("hello", reasoning_effort="none").content == "hello"
    assert [call.kwargs.get("reasoning_effort") for call in model.calls] == ["low", None, "none"]


def test_scripted_strings_get_reasoning_and_scripted_messages_stay_as_scripted():
    model = ScriptedChat(replies=["first", AIMessage(content="second")], reasoning=True)
    first = model.invoke("hello")
    assert first.content[0]["type"] == "reasoning"
    assert first.text == "first"
    assert model.invoke("hello").content == "second"


def test_tool_calls_follow_the_reasoning():
    from langchain_core.tools import tool

    @tool
    def get_weather(city: str) -> str:
        """Get the weather in a city."""
        return "sunny"

    model = ToolCallingChat(reasoning=True).bind_tools([get_weather])
    message = model.invoke('What is the weather in "Paris"?')
    assert message.content[0]["type"] == "reasoning"
    assert message.tool_calls[0]["args"] == {"city": "Paris"}
    _chunks, total = _summed(model, 'What is the weather in "Paris"?')
    assert total.tool_calls == message.tool_calls
    assert total.content[0]["type"] == "reasoning"


def test_reasoning_is_part_of_the_cache_key():
    assert ParrotChat(reasoning=True).asdict() != ParrotChat().asdict()


# -- LiteLLM ------------------------------------------------------------------------

MESSAGES = [{"role": "user", "content": "hello"}]


@pytest.fixture
def thinking_litellm():
    from fakes.litellm import FakesHandler, register

    with register(FakesHandler(reasoning=True)) as handler:
        yield handler


def test_litellm_completion_has_reasoning_content_and_tokens(thinking_litellm):
    import litellm

    response = litellm.completion(model="fakes/parrot", messages=MESSAGES)
    message = response.choices[0].message
    assert (message.content, message.reasoning_content) == ("hello", DERIVED)
    assert response.usage.completion_tokens_details.reasoning_tokens == len(DERIVED)
    assert response.usage.completion_tokens == len(DERIVED) + len("hello")


@pytest.mark.parametrize("is_async", [False, True])
async def test_litellm_streams_reasoning_deltas_first(thinking_litellm, is_async):
    import litellm

    options = {"stream": True, "stream_options": {"include_usage": True}}
    if is_async:
        stream = await litellm.acompletion(model="fakes/parrot", messages=MESSAGES, **options)
        chunks = [chunk async for chunk in stream]
    else:
        chunks = list(litellm.completion(model="fakes/parrot", messages=MESSAGES, **options))
    deltas = [chunk.choices[0].delta for chunk in chunks if chunk.choices]
    reasoning = [getattr(d, "reasoning_content", None) or "" for d in deltas]
    text = [d.content or "" for d in deltas]
    first_text = next(i for i, piece in enumerate(text) if piece)
    assert "".join(reasoning[:first_text]) == DERIVED
    assert not any(reasoning[first_text:])
    assert "".join(text) == "hello"
    built = litellm.stream_chunk_builder(chunks)
    assert built.choices[0].message.reasoning_content == DERIVED
    assert built.usage.completion_tokens_details.reasoning_tokens == len(DERIVED)


def test_litellm_reasoning_effort_is_accepted_turns_it_on_and_is_logged(fake_litellm):
    import litellm

    response = litellm.completion(model="fakes/parrot", messages=MESSAGES, reasoning_effort="high")
    assert response.choices[0].message.reasoning_content == DERIVED
    assert fake_litellm.calls.last.kwargs["reasoning_effort"] == "high"
    plain = litellm.completion(model="fakes/parrot", messages=MESSAGES)
    assert getattr(plain.choices[0].message, "reasoning_content", None) is None


def test_litellm_scripted_reasoning_content_streams_too(fake_litellm):
    import litellm

    fake_litellm.script([{"content": "answer", "reasoning_content": "thinking"}])
    chunks = list(litellm.completion(model="fakes/script", messages=MESSAGES, stream=True))
    built = litellm.stream_chunk_builder(chunks)
    assert (built.choices[0].message.content, built.choices[0].message.reasoning_content) == (
        "answer",
        "thinking",
    )


def test_register_restores_litellms_param_check():
    from litellm import utils

    from fakes.litellm import register

    before = utils.PROVIDER_UNVALIDATED_PARAMS
    with register():
        assert "reasoning_effort" in utils.PROVIDER_UNVALIDATED_PARAMS
    assert utils.PROVIDER_UNVALIDATED_PARAMS is before


def test_litellm_reasoning_callable_sees_the_call():
    import litellm

    from fakes.litellm import FakesHandler, register

    handler = FakesHandler(reasoning=lambda call: f"call {call.number} about {call.last_text}")
    with register(handler):
        litellm.completion(model="fakes/parrot", messages=MESSAGES)
        second = litellm.completion(model="fakes/parrot", messages=MESSAGES)
    assert second.choices[0].message.reasoning_content == "call 2 about hello"


def test_litellm_handler_refuses_a_bad_reasoning_setting():
    from fakes.core import InvalidInputError
    from fakes.litellm import FakesHandler

    with pytest.raises(InvalidInputError, match="reasoning must be None, True, a str"):
        FakesHandler(reasoning=3)  # type: ignore[arg-type]
