"""Behaviour of the LangChain fakes in every calling style."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from freezegun import freeze_time
from langchain_core.callbacks import AsyncCallbackHandler, BaseCallbackHandler
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.llms import LLM
from langchain_core.messages import (
    AIMessage,
    AIMessageChunk,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from pydantic import ValidationError

from fakes.core import FaultPlan, InjectedFault, InvalidInputError, ScriptExhaustedError
from fakes.langchain import ParrotChat, ParrotLLM, ScriptedChat, UnixTimeChat, UnixTimeLLM

FROZEN = "2024-01-01T00:00:00Z"
FROZEN_SECOND = "1704067200"


def merge(chunks: list[AIMessageChunk]) -> AIMessageChunk:
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    return total


class OrderRecorder(BaseCallbackHandler):
    """Records callback tokens and consumer receipts in one sequence."""

    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []

    def on_llm_new_token(self, token: str, **kwargs: Any) -> None:
        self.log.append(("callback", token))


class AsyncOrderRecorder(AsyncCallbackHandler):
    def __init__(self) -> None:
        self.log: list[tuple[str, str]] = []

    async def on_llm_new_token(self, token: str, **kwargs: Any) -> None:
        self.log.append(("callback", token))


# -- ParrotLLM -------------------------------------------------------------------


def test_parrot_llm_stop_sequence_is_included():
    llm = ParrotLLM()
    assert llm.invoke("hello world", stop=["wor"]) == "hello wor"
    assert "".join(llm.stream("hello world", stop=["o w"])) == "hello w"


def test_parrot_llm_default_stop_applies_when_a_call_passes_none():
    llm = ParrotLLM(stop=["ll"])
    assert llm.invoke("hello") == "hell"
    assert "".join(llm.stream("hello")) == "hell"
    assert asyncio.run(llm.ainvoke("hello")) == "hell"
    assert llm.calls.last.stop == ("ll",)
    assert llm.invoke("hello", stop=["e"]) == "he"  # the call's own stop wins
    assert llm.calls.last.stop == ("e",)


def test_parrot_llm_callback_fires_before_each_chunk_is_yielded():
    recorder = OrderRecorder()
    for chunk in ParrotLLM(n=3).stream("hello", config={"callbacks": [recorder]}):
        recorder.log.append(("yield", chunk))
    assert recorder.log == [
        ("callback", "h"), ("yield", "h"),
        ("callback", "e"), ("yield", "e"),
        ("callback", "l"), ("yield", "l"),
    ]  # fmt: skip


@pytest.mark.asyncio
async def test_parrot_llm_async_callback_fires_before_each_chunk():
    recorder = AsyncOrderRecorder()
    async for chunk in ParrotLLM(n=2).astream("hello", config={"callbacks": [recorder]}):
        recorder.log.append(("yield", chunk))
    assert recorder.log == [("callback", "h"), ("yield", "h"), ("callback", "e"), ("yield", "e")]


def test_parrot_llm_has_native_async_and_model_name():
    assert ParrotLLM._acall is not LLM._acall
    assert ParrotLLM._astream is not LLM._astream
    assert ParrotLLM(model_name="m")._identifying_params == {"model_name": "m"}
    assert isinstance(ParrotLLM()._llm_type, str)


def test_parrot_llm_rejects_negative_n():
    with pytest.raises(ValidationError, match="n"):
        ParrotLLM(n=-1)


@pytest.mark.parametrize("model_class", [ParrotLLM, ParrotChat])
def test_bad_chunking_is_rejected_at_construction(model_class):
    with pytest.raises(ValidationError, match="chunk size must be a positive int"):
        model_class(chunking=0)


def test_parrot_llm_chunking_by_word():
    assert list(ParrotLLM(chunking="word").stream("a bc  d")) == ["a ", "bc  ", "d"]


def test_parrot_llm_records_calls():
    llm = ParrotLLM()
    llm.invoke("one", stop=["x"])
    list(llm.stream("two"))
    assert [(c.number, c.last_text, c.stop, c.streamed) for c in llm.calls] == [
        (1, "one", ("x",), False),
        (2, "two", None, True),
    ]


def test_llm_fault_mid_stream_after_delivered_chunks():
    llm = ParrotLLM(fault=FaultPlan(at_chunk=2))
    received: list[str] = []
    with pytest.raises(InjectedFault, match="chunk 2"):
        for chunk in llm.stream("hello"):
            received.append(chunk)
    assert received == ["h", "e"]


# -- ParrotChat -------------------------------------------------------------------


def test_parrot_chat_stop_sequence_in_invoke_and_stream():
    model = ParrotChat()
    assert model.invoke("hello world", stop=["o w"]).content == "hello w"
    chunks = list(model.stream("hello world", stop=["o w"]))
    assert "".join(str(c.content) for c in chunks) == "hello w"
    assert ParrotChat(stop=["ll"]).invoke("hello").content == "hell"


def test_parrot_chat_stream_usage_adds_up_to_invoke_usage():
    model = ParrotChat(parrot_buffer_length=4)
    messages = [SystemMessage("be brief"), HumanMessage("hello there")]
    invoked = model.invoke(messages)
    streamed = merge(list(model.stream(messages)))
    assert streamed.content == invoked.content == "hell"
    assert (
        streamed.usage_metadata
        == invoked.usage_metadata
        == {
            "input_tokens": 19,
            "output_tokens": 4,
            "total_tokens": 23,
        }
    )
    assert streamed.chunk_position == "last"


def test_parrot_chat_final_chunk_is_last_with_metadata():
    chunks = list(ParrotChat(model="bird").stream("hi"))
    assert [c.content for c in chunks] == ["h", "i", ""]
    assert [c.chunk_position for c in chunks] == [None, None, "last"]
    assert chunks[-1].response_metadata["model_name"] == "bird"


def test_parrot_chat_empty_reply_still_reports_input_usage():
    streamed = merge(list(ParrotChat(parrot_buffer_length=0).stream("abc")))
    assert streamed.content == ""
    assert streamed.usage_metadata == {"input_tokens": 3, "output_tokens": 0, "total_tokens": 3}


def test_parrot_chat_model_alias_and_identifying_params():
    model = ParrotChat(model="bird-brain-001")
    assert model.model_name == "bird-brain-001"
    assert ParrotChat(model_name="x").model_name == "x"
    assert model._identifying_params["model_name"] == "bird-brain-001"
    assert BaseChatModel._agenerate is not ParrotChat._agenerate
    assert BaseChatModel._astream is not ParrotChat._astream


def test_parrot_chat_callback_before_yield():
    recorder = OrderRecorder()
    for chunk in ParrotChat().stream("ab", config={"callbacks": [recorder]}):
        recorder.log.append(("yield", str(chunk.content)))
    assert recorder.log == [
        ("callback", "a"), ("yield", "a"),
        ("callback", "b"), ("yield", "b"),
        ("callback", ""), ("yield", ""),
    ]  # fmt: skip


def test_parrot_chat_content_blocks_are_handled():
    message = HumanMessage(
        content=[
            {"type": "text", "text": "look at "},
            {"type": "image", "url": "https://example.invalid/cat.png"},
            "this",
        ]
    )
    assert ParrotChat().invoke([message]).content == "look at this"


def test_parrot_chat_echoes_tool_results():
    messages = [
        HumanMessage("weather?"),
        AIMessage("", tool_calls=[{"name": "w", "args": {}, "id": "1"}]),
        ToolMessage("sunny", tool_call_id="1"),
    ]
    assert ParrotChat().invoke(messages).content == "sunny"


@pytest.mark.parametrize("method", ["invoke", "stream"])
def test_parrot_chat_empty_messages_is_a_clear_error(method):
    model = ParrotChat()
    with pytest.raises(InvalidInputError, match="empty list of messages"):
        result = getattr(model, method)([])
        list(result) if method == "stream" else None


def test_parrot_chat_rejects_unknown_input_and_bad_lengths():
    with pytest.raises(ValidationError, match="parrot_buffer_length"):
        ParrotChat(parrot_buffer_length=-3)
    with pytest.raises(ValidationError, match="chunking"):
        ParrotChat(chunking="sentence")
    with pytest.raises(ValueError, match="Invalid input type"):
        ParrotChat().invoke(42)  # type: ignore[arg-type]


def test_parrot_chat_fault_on_second_call():
    model = ParrotChat(fault=FaultPlan(on_call=2, error=ConnectionError("down")))
    assert model.invoke("a").content == "a"
    with pytest.raises(ConnectionError, match="down"):
        model.invoke("b")
    assert model.invoke("c").content == "c"
    assert len(model.calls) == 3


@pytest.mark.asyncio
async def test_parrot_chat_fault_mid_astream():
    model = ParrotChat(fault=FaultPlan(at_chunk=1))
    received = []
    with pytest.raises(InjectedFault):
        async for chunk in model.astream("xyz"):
            received.append(chunk.content)
    assert received == ["x"]


def test_parrot_chat_call_log_keeps_raw_messages_and_kwargs():
    model = ParrotChat()
    model.invoke([HumanMessage("hi")], stop=["!"])
    call = model.calls.last
    assert call.turns[0].role == "user"
    assert call.raw[0].content == "hi"
    assert call.stop == ("!",)


@pytest.mark.asyncio
async def test_parrot_chat_async_matches_sync():
    model = ParrotChat(parrot_buffer_length=5)
    sync = [(c.content, c.usage_metadata) for c in model.stream("abcdefg")]
    asynchronous = [(c.content, c.usage_metadata) async for c in model.astream("abcdefg")]
    assert sync == asynchronous
    assert (await model.ainvoke("abcdefg")).content == model.invoke("abcdefg").content == "abcde"
    assert [m.content for m in await model.abatch(["ab", "cd"])] == ["ab", "cd"]


# -- UnixTime -------------------------------------------------------------------


@pytest.mark.asyncio
async def test_unixtime_fakes_follow_the_frozen_clock_everywhere():
    with freeze_time(FROZEN, real_asyncio=True):
        llm, chat = UnixTimeLLM(), UnixTimeChat()
        assert llm.invoke("now") == FROZEN_SECOND
        assert await llm.ainvoke("now") == FROZEN_SECOND
        assert "".join(llm.stream("now")) == FROZEN_SECOND
        assert "".join([c async for c in llm.astream("now")]) == FROZEN_SECOND
        assert chat.invoke("now").content == FROZEN_SECOND
        assert (await chat.ainvoke("now")).content == FROZEN_SECOND
        assert "".join(str(c.content) for c in chat.stream("now")) == FROZEN_SECOND
        assert "".join([str(c.content) async for c in chat.astream("now")]) == FROZEN_SECOND


def test_unixtime_moves_with_the_clock():
    with freeze_time(FROZEN) as clock:
        chat = UnixTimeChat()
        first = chat.invoke("now").content
        clock.tick(90)
        assert int(chat.invoke("now").content) - int(first) == 90


# -- ScriptedChat ------------------------------------------------------------------

TOOL_REPLY = AIMessage(
    content="",
    tool_calls=[
        {"name": "search", "args": {"query": "東京 weather", "limit": 3}, "id": "call_a"},
        {"name": "clock", "args": {}, "id": "call_b"},
    ],
    usage_metadata={"input_tokens": 10, "output_tokens": 7, "total_tokens": 17},
)


def test_scripted_chat_replies_in_order_then_names_the_call():
    model = ScriptedChat(replies=["one", TOOL_REPLY, ValueError("boom")])
    assert model.invoke("x").content == "one"
    second = model.invoke("y")
    assert second.tool_calls == [
        {
            "name": "search",
            "args": {"query": "東京 weather", "limit": 3},
            "id": "call_a",
            "type": "tool_call",
        },
        {"name": "clock", "args": {}, "id": "call_b", "type": "tool_call"},
    ]
    assert second.usage_metadata == TOOL_REPLY.usage_metadata
    with pytest.raises(ValueError, match="boom"):
        model.invoke("z")
    with pytest.raises(
        ScriptExhaustedError, match=r"call #4 has no reply: only 3 replies were scripted"
    ):
        model.invoke("again")


def test_scripted_chat_streamed_tool_calls_equal_invoke():
    invoked = ScriptedChat(replies=[TOOL_REPLY]).invoke("q")
    chunks = list(ScriptedChat(replies=[TOOL_REPLY]).stream("q"))
    assert any(c.tool_call_chunks for c in chunks)
    first_tool_chunk = next(c for c in chunks if c.tool_call_chunks)
    assert first_tool_chunk.tool_call_chunks[0]["name"] == "search"
    arg_chunks = [c for c in chunks if c.tool_call_chunks and c.tool_call_chunks[0]["name"] is None]
    assert len(arg_chunks) > 2  # arguments arrive split over several chunks
    streamed = merge(chunks)
    assert streamed.tool_calls == invoked.tool_calls
    assert streamed.usage_metadata == invoked.usage_metadata
    assert streamed.chunk_position == "last"


def test_scripted_chat_fills_missing_tool_call_ids_deterministically():
    reply = AIMessage("", tool_calls=[{"name": "f", "args": {}, "id": None}])
    first = ScriptedChat(replies=[reply]).invoke("a").tool_calls[0]["id"]
    second = ScriptedChat(replies=[reply]).invoke("a").tool_calls[0]["id"]
    # The core id rule: k = AI messages already in the input (none here).
    assert first == second == "call_0_0"


def test_scripted_chat_is_thread_safe_under_batch():
    replies = [f"r{i}" for i in range(40)]
    model = ScriptedChat(replies=replies)
    results = model.batch([f"q{i}" for i in range(40)], config={"max_concurrency": 8})
    assert sorted(str(m.content) for m in results) == sorted(replies)
    assert sorted(c.number for c in model.calls) == list(range(1, 41))
    assert model.remaining == 0


def test_scripted_chat_stop_applies_to_scripted_text():
    assert (
        ScriptedChat(replies=["stop here. not here"]).invoke("q", stop=["."]).content
        == "stop here."
    )


@pytest.mark.parametrize(
    ("replies", "match"),
    [
        ("hello", "must be a list"),
        ([1], "reply #1 is a int"),
        (["ok", ValueError], "exception class ValueError"),
    ],
)
def test_scripted_chat_rejects_bad_replies(replies, match):
    with pytest.raises(ValidationError, match=match):
        ScriptedChat(replies=replies)


def test_scripted_chat_drives_an_agent_and_records_bound_tools():
    from langchain.agents import create_agent
    from langchain_core.tools import tool

    @tool
    def lookup(sku: str) -> str:
        """Look up stock for a SKU."""
        return f"{sku}: 3 left"

    model = ScriptedChat(
        replies=[
            AIMessage("", tool_calls=[{"name": "lookup", "args": {"sku": "K-1"}, "id": "c1"}]),
            "There are 3 left.",
        ]
    )
    result = create_agent(model, tools=[lookup]).invoke({"messages": [("user", "stock of K-1?")]})
    assert [m.type for m in result["messages"]] == ["human", "ai", "tool", "ai"]
    assert result["messages"][2].content == "K-1: 3 left"
    assert result["messages"][-1].content == "There are 3 left."
    bound = model.calls[0].kwargs["tools"]
    assert [t["function"]["name"] for t in bound] == ["lookup"]


def test_fakes_that_ignore_tools_accept_any_tools_and_record_them():
    tools = [{"type": "web_search_preview"}]
    model = ScriptedChat(replies=["ok"])
    assert model.bind_tools(tools).invoke("q").content == "ok"
    assert model.calls.last.kwargs["tools"] == tools
    assert ParrotChat().invoke("hi", tools=["not a tool"]).content == "hi"


@pytest.mark.parametrize("bad", [True, "3", 2.5, 0, -1])
def test_max_tokens_field_is_checked_like_the_call_option(bad):
    with pytest.raises((InvalidInputError, ValueError), match="max_tokens must be a positive int"):
        ParrotChat(max_tokens=bad)


def test_max_tokens_default_and_per_call_limits():
    assert ParrotChat(max_tokens=3).invoke("hello").content == "hel"
    assert ParrotChat(max_tokens=3).invoke("hello", max_tokens=4).content == "hell"
    assert ParrotChat().invoke("hello", max_completion_tokens=2).content == "he"
    assert ParrotLLM(max_tokens=2).invoke("hello") == "he"


def test_default_stop_may_be_one_string_as_a_call_stop():
    assert ParrotChat(stop="l").invoke("hello").content == "hel"
    assert ParrotChat().invoke("hello", stop="l").content == "hel"
    with pytest.raises((InvalidInputError, ValueError), match="non-empty strings"):
        ParrotChat(stop=[""])
