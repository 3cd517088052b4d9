"""The LangChain seed guides' runnable examples, run against our fakes.

Each test runs the seed's code with the seed's class swapped for ours and
compares what it prints with what the seed prints (ids aside).
"""

from __future__ import annotations

import contextlib
import re
import warnings
from collections.abc import Iterator

import pytest
from langchain_core.messages import AIMessage, HumanMessage
from langchain_core.prompts import ChatPromptTemplate

from fakes.langchain import ParrotChat, ParrotLLM

UUID_ID = re.compile(
    r"(lc_run--|run-)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(-\d+)?"
)


def scrub(text: str) -> str:
    # langchain-core >= 1.1 also prints empty tool-call lists; the seed predates them.
    return UUID_ID.sub("<id>", text).replace("tool_calls=[], invalid_tool_calls=[], ", "")


@contextlib.contextmanager
def v1_events_allowed() -> Iterator[None]:
    """Newer langchain-core deprecates astream_events v1 (still served); 1.0 does not."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*version='v1' is deprecated")
        yield


# -- seed 000: custom LLM -------------------------------------------------------


def test_custom_llm_print(capsys):
    llm = ParrotLLM(n=5, model_name="CustomChatModel")
    print(llm)
    out = capsys.readouterr().out
    # Class name differs (ParrotLLM vs the seed's CustomLLM); params are the seed's.
    assert (
        re.sub(r"\x1b\[[0-9;]*m", "", out)
        == "ParrotLLM\nParams: {'model_name': 'CustomChatModel'}\n"
    )


def test_custom_llm_invoke_and_batch():
    llm = ParrotLLM(n=5)
    assert llm.invoke("This is a foobar thing") == "This "
    assert llm.batch(["woof woof woof", "meow meow meow"]) == ["woof ", "meow "]


@pytest.mark.asyncio
async def test_custom_llm_async(capsys):
    llm = ParrotLLM(n=5)
    assert await llm.ainvoke("world") == "world"
    assert await llm.abatch(["woof woof woof", "meow meow meow"]) == ["woof ", "meow "]
    async for token in llm.astream("hello"):
        print(token, end="|", flush=True)
    assert capsys.readouterr().out == "h|e|l|l|o|"


@pytest.mark.asyncio
async def test_custom_llm_chain_astream_events_v1():
    prompt = ChatPromptTemplate.from_messages([("system", "you are a bot"), ("human", "{input}")])
    chain = prompt | ParrotLLM(n=7)
    events = []
    with v1_events_allowed():
        async for event in chain.astream_events({"input": "hello there!"}, version="v1"):
            events.append(event)
            if len(events) > 7:
                break
    summary = [(e["event"], e["name"], e["tags"], e["data"]) for e in events]
    prompt_value = summary[2][3]["output"]
    assert [m.content for m in prompt_value.messages] == ["you are a bot", "hello there!"]
    summary[2] = (summary[2][0], summary[2][1], summary[2][2], {"input": {"input": "hello there!"}})
    assert summary == [
        ("on_chain_start", "RunnableSequence", [], {"input": {"input": "hello there!"}}),
        (
            "on_prompt_start",
            "ChatPromptTemplate",
            ["seq:step:1"],
            {"input": {"input": "hello there!"}},
        ),
        (
            "on_prompt_end",
            "ChatPromptTemplate",
            ["seq:step:1"],
            {"input": {"input": "hello there!"}},
        ),
        (
            "on_llm_start",
            "ParrotLLM",
            ["seq:step:2"],
            {"input": {"prompts": ["System: you are a bot\nHuman: hello there!"]}},
        ),
        ("on_llm_stream", "ParrotLLM", ["seq:step:2"], {"chunk": "S"}),
        ("on_chain_stream", "RunnableSequence", [], {"chunk": "S"}),
        ("on_llm_stream", "ParrotLLM", ["seq:step:2"], {"chunk": "y"}),
        ("on_chain_stream", "RunnableSequence", [], {"chunk": "y"}),
    ]
    # Run ids link the events as in the seed: the chain's id on chain events,
    # one id for the prompt's start and end, one for every LLM event.
    assert events[0]["run_id"] == events[5]["run_id"] == events[7]["run_id"]
    assert events[1]["run_id"] == events[2]["run_id"]
    assert events[3]["run_id"] == events[4]["run_id"] == events[6]["run_id"]


# -- seed 001: custom chat model -------------------------------------------------


SEED_MEOW = (
    "AIMessage(content='Meo', additional_kwargs={}, response_metadata={'time_in_seconds': 3, "
    "'model_name': 'my_custom_model'}, id='<id>', "
    "usage_metadata={'input_tokens': 26, 'output_tokens': 3, 'total_tokens': 29})"
)


@pytest.fixture
def model() -> ParrotChat:
    return ParrotChat(parrot_buffer_length=3, model="my_custom_model")


def test_chat_invoke_conversation(model):
    result = model.invoke(
        [
            HumanMessage(content="hello!"),
            AIMessage(content="Hi there human!"),
            HumanMessage(content="Meow!"),
        ]
    )
    assert scrub(repr(result)) == SEED_MEOW


def test_chat_invoke_and_batch(model):
    hello = model.invoke("hello")
    assert (hello.content, hello.usage_metadata) == (
        "hel",
        {"input_tokens": 5, "output_tokens": 3, "total_tokens": 8},
    )
    batch = model.batch(["hello", "goodbye"])
    assert [(m.content, m.usage_metadata["total_tokens"]) for m in batch] == [
        ("hel", 8),
        ("goo", 10),
    ]


def test_chat_stream(model, capsys):
    for chunk in model.stream("cat"):
        print(chunk.content, end="|")
    assert capsys.readouterr().out == "c|a|t||"


@pytest.mark.asyncio
async def test_chat_astream(model, capsys):
    async for chunk in model.astream("cat"):
        print(chunk.content, end="|")
    assert capsys.readouterr().out == "c|a|t||"


@pytest.mark.asyncio
async def test_chat_astream_events_v1(model):
    with v1_events_allowed():
        events = [e async for e in model.astream_events("cat", version="v1")]
    assert [e["event"] for e in events] == [
        "on_chat_model_start",
        *["on_chat_model_stream"] * 4,
        "on_chat_model_end",
    ]
    assert events[0]["data"] == {"input": "cat"}
    chunks = [e["data"]["chunk"] for e in events[1:-1]]
    assert [c.content for c in chunks] == ["c", "a", "t", ""]
    assert [c.usage_metadata for c in chunks] == [
        {"input_tokens": 3, "output_tokens": 1, "total_tokens": 4},
        {"input_tokens": 0, "output_tokens": 1, "total_tokens": 1},
        {"input_tokens": 0, "output_tokens": 1, "total_tokens": 1},
        None,
    ]
    assert chunks[-1].response_metadata == {"time_in_sec": 3, "model_name": "my_custom_model"}
    assert chunks[-1].chunk_position == "last"
    output = events[-1]["data"]["output"]
    assert output.content == "cat"
    assert output.usage_metadata == {"input_tokens": 3, "output_tokens": 3, "total_tokens": 6}
    run_ids = {e["run_id"] for e in events}
    assert len(run_ids) == 1
    assert {c.id for c in chunks} == {f"lc_run--{run_ids.pop()}"}
    assert all(e["parent_ids"] == [] for e in events)


def test_chunks_add_up(model):
    from langchain_core.messages import AIMessageChunk

    total = (
        AIMessageChunk(content="")
        + AIMessageChunk(content="Hello")
        + AIMessageChunk(content=" World!")
    )
    assert total.content == "Hello World!"
