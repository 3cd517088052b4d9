"""astream_events traces of every fake, snapshotted with EventsSnapshotExtension.

The snapshots live in the top-level ``snapshots/test_traces_snapshots.ambr``.
Update them against the whole suite only (``pytest --snapshot-update``): a partial
update run deletes the snapshots it did not see.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
import sys
import warnings
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest
from freezegun import freeze_time
from langchain_core.messages import AIMessage
from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import RunnableParallel
from syrupy.assertion import SnapshotAssertion

from fakes.core import FaultPlan
from fakes.langchain import ParrotChat, ParrotLLM, ScriptedChat, UnixTimeChat, UnixTimeLLM
from fakes.traces import EventsSnapshotExtension, collect, normalize

SEED_PROMPT = ChatPromptTemplate.from_messages([("system", "you are a bot"), ("human", "{input}")])


@pytest.fixture
def events_snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    # The plugin's `events_snapshot` fixture is this same line; kept local so this
    # module does not depend on the plugin being installed.
    return snapshot.use_extension(EventsSnapshotExtension)


@pytest.fixture(autouse=True)
def _quiet_v1_v3_warnings() -> Iterator[None]:
    # v1 is deprecated and v3 is beta in langchain-core; both warnings are expected here.
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*version='v1' is deprecated")
        warnings.filterwarnings("ignore", message=r".*is in beta")
        yield


@pytest.fixture
def frozen() -> Iterator[None]:
    with freeze_time("2024-01-01", real_asyncio=True):
        yield


# -- the seed guides -----------------------------------------------------------


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.asyncio
async def test_seed_chain_prompt_parrot_llm(version: str, events_snapshot: SnapshotAssertion):
    chain = SEED_PROMPT | ParrotLLM(n=7)
    events = await collect(chain.astream_events({"input": "hello"}, version=version))
    assert events == events_snapshot


@pytest.mark.parametrize("version", ["v1", "v2"])
@pytest.mark.asyncio
async def test_seed_parrot_chat_cat(version: str, events_snapshot: SnapshotAssertion):
    model = ParrotChat(parrot_buffer_length=3)
    events = await collect(model.astream_events("cat", version=version))
    assert events == events_snapshot


@pytest.mark.asyncio
async def test_parrot_chat_cat_v3(events_snapshot: SnapshotAssertion):
    # v3 (beta) of a chat model yields protocol events (message-start,
    # content-block-*, message-finish), not StreamEvents; they snapshot the same way.
    model = ParrotChat(parrot_buffer_length=3)
    events = await _collect_v3(model, "cat")
    assert events == events_snapshot


async def _collect_v3(model: Any, prompt: str) -> list[Any]:
    try:
        return await collect(model.astream_events(prompt, version="v3"))
    except NotImplementedError as error:  # langchain-core releases before v3
        pytest.skip(f"this langchain-core has no astream_events v3: {error}")


# -- each fake -----------------------------------------------------------------


@pytest.mark.asyncio
async def test_parrot_llm(events_snapshot: SnapshotAssertion):
    events = await collect(ParrotLLM(n=5).astream_events("This is a foobar thing", version="v2"))
    assert events == events_snapshot


@pytest.mark.asyncio
async def test_parrot_llm_stop_sequence(events_snapshot: SnapshotAssertion):
    model = ParrotLLM().bind(stop=["foo"])
    events = await collect(model.astream_events("This is a foobar thing", version="v2"))
    assert events == events_snapshot


@pytest.mark.asyncio
async def test_parrot_chat_word_chunks(events_snapshot: SnapshotAssertion):
    model = ParrotChat(chunking="word", model="my_custom_model")
    events = await collect(model.astream_events([("human", "hello parrot world")], version="v2"))
    assert events == events_snapshot


@pytest.mark.asyncio
async def test_unixtime_llm(frozen: None, events_snapshot: SnapshotAssertion):
    events = await collect(UnixTimeLLM().astream_events("what time is it?", version="v2"))
    assert events == events_snapshot


@pytest.mark.asyncio
async def test_unixtime_chat(frozen: None, events_snapshot: SnapshotAssertion):
    events = await collect(UnixTimeChat().astream_events("what time is it?", version="v2"))
    assert events == events_snapshot


@pytest.mark.asyncio
async def test_scripted_chat_text_then_tool_call(events_snapshot: SnapshotAssertion):
    model = ScriptedChat(
        replies=[
            "first",
            AIMessage("", tool_calls=[{"name": "add", "args": {"a": 1, "b": 2}, "id": "call_1"}]),
        ]
    )
    first = await collect(model.astream_events("one", version="v2"))
    second = await collect(model.astream_events("two", version="v2"))
    assert first == events_snapshot(name="text")
    assert second == events_snapshot(name="tool_call")


@pytest.mark.asyncio
async def test_scripted_chat_error_reply(events_snapshot: SnapshotAssertion):
    model = ScriptedChat(replies=[TimeoutError("the scripted model timed out")])
    events = await collect(model.astream_events("hi", version="v2"), errors="record")
    assert events[-1]["event"] == "raised"
    assert events == events_snapshot


@pytest.mark.asyncio
async def test_fault_mid_stream(events_snapshot: SnapshotAssertion):
    model = ParrotChat(fault=FaultPlan(at_chunk=2))
    events = await collect(model.astream_events("hello", version="v2"), errors="record")
    assert [e["event"] for e in events][-2:] == ["on_chat_model_stream", "raised"]
    assert events == events_snapshot


@pytest.mark.asyncio
async def test_parallel_branches(events_snapshot: SnapshotAssertion):
    # RunnableParallel interleaves its branches' stream events in asyncio set
    # order, which changes from run to run: leave out the parallel's own merged
    # chunks and list each branch's events in turn (by_run keeps each run's order).
    chain = RunnableParallel(
        short=ParrotChat(parrot_buffer_length=2), long=ParrotChat(parrot_buffer_length=4)
    )
    events = await collect(
        chain.astream_events(
            "parallel", version="v2", exclude_names=["RunnableParallel<short,long>"]
        )
    )
    normalized = normalize(events, by_run=True)
    assert {e["parent_ids"][0] for e in normalized} == {"run-1"}
    assert normalized == events_snapshot


@pytest.mark.asyncio
async def test_langgraph_node(events_snapshot: SnapshotAssertion):
    # LangGraph stamps uuid4 message ids and task ids into the trace.
    from langchain_core.runnables import RunnableConfig
    from langgraph.graph import START, MessagesState, StateGraph

    model = ParrotChat(parrot_buffer_length=5)

    async def call_model(state: MessagesState, config: RunnableConfig) -> dict[str, Any]:
        # Passing config on keeps the model's events in the trace on Python 3.10,
        # where asyncio tasks do not inherit LangGraph's callback context.
        return {"messages": [await model.ainvoke(state["messages"], config)]}

    graph = StateGraph(MessagesState)
    graph.add_node("model", call_model)
    graph.add_edge(START, "model")
    app = graph.compile()
    events = await collect(
        app.astream_events({"messages": [("user", "hello graph")]}, version="v2")
    )
    assert events == events_snapshot


# -- tool calling ----------------------------------------------------------------


def _tools() -> list[Any]:
    from langchain_core.tools import tool

    @tool
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    @tool
    def weather(city: str) -> str:
        """Weather in a city."""
        return f"sunny in {city}"

    return [add, weather]


@pytest.mark.asyncio
async def test_tool_calling_chat_parallel_tool_calls(events_snapshot: SnapshotAssertion):
    from fakes.langchain import ToolCallingChat

    model = ToolCallingChat().bind_tools(_tools())
    events = await collect(
        model.astream_events('call add(a=1, b=2) and weather(city="Paris")', version="v2")
    )
    assert events == events_snapshot


@pytest.mark.asyncio
@pytest.mark.skipif(
    sys.version_info < (3, 11),
    reason="create_agent's async model node does not pass its config on; before Python 3.11 "
    "asyncio tasks do not inherit the callback context, so model events miss the trace",
)
async def test_agent_loop(events_snapshot: SnapshotAssertion):
    # One tool call per turn: LangGraph runs parallel tool calls as concurrent
    # tasks, whose events interleave differently from run to run.
    from langchain.agents import create_agent

    from fakes.langchain import ToolCallingChat

    agent = create_agent(ToolCallingChat(), tools=_tools())
    events = await collect(
        agent.astream_events({"messages": [("user", "use add(a=2, b=3)")]}, version="v2")
    )
    assert events[-1]["data"]["output"]["messages"][-1].content == "add: 5"
    assert events == events_snapshot


# -- LiteLLM through langchain-litellm -----------------------------------------


@pytest.fixture
def fake_litellm() -> Iterator[Any]:
    # Import before freezing the clock: pydantic cannot build litellm's models
    # while datetime is freezegun's FakeDatetime.
    import fakes.litellm as litellm_fakes

    with freeze_time("2024-01-01", real_asyncio=True), litellm_fakes.register() as handler:
        yield handler


@pytest.mark.parametrize("streaming", [True, False], ids=["streaming", "invoke"])
@pytest.mark.asyncio
async def test_litellm_parrot_via_chat_litellm(
    streaming: bool, fake_litellm: Any, events_snapshot: SnapshotAssertion
):
    import langchain_litellm as chat_litellm

    model = chat_litellm.ChatLiteLLM(model="fakes/parrot", streaming=streaming)
    events = await collect(model.astream_events("cat", version="v2"))
    assert events == events_snapshot


# -- the serialized form -------------------------------------------------------

_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.I)
_VERSION = re.compile(r"(?<![\w.])\d+\.\d+\.\d+(?![\w.])")


def _installed_versions() -> set[str]:
    names = ("langchain-core", "langchain", "langgraph", "litellm", "langchain-litellm", "pydantic")
    versions = set()
    for name in names:
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            versions.add(importlib.metadata.version(name))
    return versions


async def _traces() -> AsyncIterator[list[dict[str, Any]]]:
    yield await collect(
        (SEED_PROMPT | ParrotLLM(n=7)).astream_events({"input": "hi"}, version="v1")
    )
    yield await collect(
        (SEED_PROMPT | ParrotLLM(n=7)).astream_events({"input": "hi"}, version="v2")
    )
    for version in ("v1", "v2"):
        yield await collect(ParrotChat().astream_events("cat", version=version))
    with contextlib.suppress(NotImplementedError):  # langchain-core releases before v3
        yield await collect(ParrotChat().astream_events("cat", version="v3"))
    scripted = ScriptedChat(
        replies=[AIMessage("", tool_calls=[{"name": "add", "args": {"a": 1}, "id": "call_1"}])]
    )
    yield await collect(scripted.astream_events("add", version="v2"))
    # LangGraph adds uuid4 message ids and task ids.
    from langchain.agents import create_agent

    from fakes.langchain import ToolCallingChat

    agent = create_agent(ToolCallingChat(), tools=_tools())
    yield await collect(agent.astream_events({"messages": [("user", "add(a=1, b=2)")]}))


@pytest.mark.asyncio
async def test_serialized_form_has_no_uuid_run_id_or_version():
    extension = EventsSnapshotExtension()
    versions = _installed_versions()
    async for events in _traces():
        raw = repr(events)
        # The raw trace has all three; the serialized one none of them.
        assert _UUID.search(raw)
        assert "lc_run--" in raw or events[0]["event"] == "on_chain_start"
        text = extension.serialize(events)
        assert not _UUID.search(text), text
        assert "lc_run--" not in text
        assert "lc_versions" not in text
        assert not _VERSION.search(text), text
        assert not [v for v in versions if v in text]


def test_events_snapshot_extension_keeps_other_data_in_amber_form():
    extension = EventsSnapshotExtension()
    assert extension.serialize({"answer": 42}) == "dict({\n  'answer': 42,\n})"
