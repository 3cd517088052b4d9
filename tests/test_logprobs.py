"""logprobs: deterministic, OpenAI-shaped token log probabilities on every surface."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessageChunk

from fakes.core import InvalidInputError, token_logprobs
from fakes.langchain import ParrotChat, ScriptedChat, ToolCallingChat

MESSAGES = [{"role": "user", "content": "héllo wörld"}]


def _check_entries(entries: list[dict], text: str, top: int) -> None:
    """One entry per character, tokens joining to the text, OpenAI's fields, logprob <= 0."""
    assert "".join(entry["token"] for entry in entries) == text
    assert len(entries) == len(text)
    for entry in entries:
        assert set(entry) == {"token", "logprob", "bytes", "top_logprobs"}
        assert entry["logprob"] <= 0
        assert bytes(entry["bytes"]).decode() == entry["token"]
        alternatives = entry["top_logprobs"]
        assert len(alternatives) == top
        if top:
            assert alternatives[0] == {k: entry[k] for k in ("token", "logprob", "bytes")}
            logprobs = [alt["logprob"] for alt in alternatives]
            assert logprobs == sorted(logprobs, reverse=True)
            assert len({alt["token"] for alt in alternatives}) == top


@pytest.mark.parametrize("top", [0, 1, 5, 20])
def test_token_logprobs_have_openais_shape(top):
    _check_entries(token_logprobs("héllo, wörld", top), "héllo, wörld", top)


def test_token_logprobs_depend_on_the_character_alone():
    assert token_logprobs("aba", 2)[0] == token_logprobs("aba", 2)[2]
    assert token_logprobs("ab", 0) == token_logprobs("a", 0) + token_logprobs("b", 0)
    assert token_logprobs("a", 0)[0]["logprob"] != token_logprobs("b", 0)[0]["logprob"]


def test_bound_logprobs_reach_the_response_metadata():
    message = ParrotChat().bind(logprobs=True).invoke("héllo")
    _check_entries(message.response_metadata["logprobs"]["content"], "héllo", 0)


def test_per_call_top_logprobs_give_k_alternatives():
    message = ParrotChat().invoke("héllo", logprobs=True, top_logprobs=3)
    _check_entries(message.response_metadata["logprobs"]["content"], "héllo", 3)


def test_no_logprobs_unless_asked():
    assert "logprobs" not in ParrotChat().invoke("hi").response_metadata


def test_each_streamed_chunk_carries_its_own_tokens():
    model = ParrotChat(chunking="word")
    chunks = list(model.stream("one two three", logprobs=True, top_logprobs=2))
    text_chunks = [chunk for chunk in chunks if chunk.content]
    assert len(text_chunks) == 3
    for chunk in text_chunks:
        _check_entries(chunk.response_metadata["logprobs"]["content"], chunk.content, 2)
    total = sum(chunks[1:], chunks[0])
    assert isinstance(total, AIMessageChunk)
    invoked = model.invoke("one two three", logprobs=True, top_logprobs=2)
    assert total.response_metadata["logprobs"] == invoked.response_metadata["logprobs"]


async def test_async_calls_give_the_same_logprobs():
    model = ParrotChat()
    sync = model.invoke("abc", logprobs=True).response_metadata["logprobs"]
    assert (await model.ainvoke("abc", logprobs=True)).response_metadata["logprobs"] == sync
    chunks = [chunk async for chunk in model.astream("abc", logprobs=True)]
    tokens = [
        e["token"]
        for c in chunks
        for e in c.response_metadata.get("logprobs", {}).get("content", [])
    ]
    assert "".join(tokens) == "abc"


def test_logprobs_cover_the_text_after_stop_and_max_tokens():
    message = ParrotChat().invoke("abcdef", logprobs=True, max_tokens=3)
    assert message.content == "abc"
    _check_entries(message.response_metadata["logprobs"]["content"], "abc", 0)


def test_scripted_and_tool_calling_fakes_report_logprobs_of_their_text():
    scripted = ScriptedChat(replies=["scripted"]).invoke("x", logprobs=True)
    _check_entries(scripted.response_metadata["logprobs"]["content"], "scripted", 0)
    tools = ToolCallingChat().invoke("plain text", logprobs=True)
    _check_entries(tools.response_metadata["logprobs"]["content"], tools.content, 0)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"logprobs": "yes"}, "logprobs must be a bool"),
        ({"logprobs": True, "top_logprobs": 21}, "top_logprobs must be an int from 0 to 20"),
        ({"logprobs": True, "top_logprobs": -1}, "top_logprobs must be an int from 0 to 20"),
        ({"logprobs": True, "top_logprobs": True}, "top_logprobs must be an int"),
        ({"top_logprobs": 2}, "top_logprobs needs logprobs=True"),
    ],
)
def test_bad_logprobs_options_are_clear_errors(options, message):
    model = ParrotChat()
    with pytest.raises(InvalidInputError, match=message):
        model.invoke("hi", **options)
    assert len(model.calls) == 0  # rejected before the call is recorded


# -- LiteLLM ------------------------------------------------------------------------


def test_litellm_completion_carries_the_same_logprobs(fake_litellm):
    import litellm

    response = litellm.completion(
        model="fakes/parrot", messages=MESSAGES, logprobs=True, top_logprobs=2
    )
    content = response.choices[0].logprobs.content
    assert [entry.model_dump() for entry in content] == token_logprobs("héllo wörld", 2)


async def test_litellm_acompletion_and_streams_carry_logprobs(fake_litellm):
    import litellm

    response = await litellm.acompletion(model="fakes/parrot", messages=MESSAGES, logprobs=True)
    assert "".join(e.token for e in response.choices[0].logprobs.content) == "héllo wörld"
    for stream in (
        litellm.completion(model="fakes/parrot", messages=MESSAGES, logprobs=True, stream=True),
        await litellm.acompletion(
            model="fakes/parrot", messages=MESSAGES, logprobs=True, stream=True
        ),
    ):
        chunks = [chunk async for chunk in stream] if hasattr(stream, "__aiter__") else list(stream)
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert text == "héllo wörld"
        tokens = "".join(
            entry.token
            for chunk in chunks
            if chunk.choices and getattr(chunk.choices[0], "logprobs", None)
            for entry in chunk.choices[0].logprobs.content
        )
        assert tokens == text


def test_litellm_rejects_bad_logprobs_with_a_400(fake_litellm):
    import litellm

    with pytest.raises(litellm.BadRequestError, match="top_logprobs needs logprobs=True"):
        litellm.completion(model="fakes/parrot", messages=MESSAGES, top_logprobs=2)
