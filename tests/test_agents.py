"""Real agent loops driven by ToolCallingChat: langchain's create_agent and LangGraph."""

from __future__ import annotations

import sys
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain.agents.structured_output import ProviderStrategy, ToolStrategy
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.runnables import RunnableLambda
from langchain_core.tools import tool
from langgraph.graph import START, MessagesState, StateGraph
from langgraph.prebuilt import ToolNode, tools_condition
from pydantic import BaseModel

from fakes.langchain import ToolCallingChat

PROMPT = 'What is the weather in "Paris"? Also, what is add(2, 3)?'
TOOL_CALLS = [
    {"name": "get_weather", "args": {"city": "Paris"}, "id": "call_0_0", "type": "tool_call"},
    {"name": "add", "args": {"a": 2, "b": 3}, "id": "call_0_1", "type": "tool_call"},
]
FINAL_ANSWER = "get_weather: Sunny, 21 degrees in Paris\nadd: 5"


def skip_create_agent_streaming_on_310(kind: str) -> None:
    """create_agent's async model node calls the model without passing its config on.

    Before Python 3.11 asyncio tasks do not inherit the callback context, so the
    model's stream events never reach the graph's stream (a documented LangGraph
    limitation on 3.10); our own StateGraph passes config and streams everywhere.
    """
    if kind == "create_agent" and sys.version_info < (3, 11):
        pytest.skip("create_agent streams model events only on Python >= 3.11")


@tool
def get_weather(city: str) -> str:
    """Get the current weather in a city."""
    return f"Sunny, 21 degrees in {city}"


@tool
def add(a: int, b: int) -> int:
    """Add two integers."""
    return a + b


TOOLS = [get_weather, add]


def build_create_agent() -> Any:
    return create_agent(
        ToolCallingChat(), tools=TOOLS, system_prompt="You are a helpful assistant."
    )


def build_langgraph() -> Any:
    model = ToolCallingChat().bind_tools(TOOLS)

    def call_model(state: MessagesState) -> dict[str, list[Any]]:
        return {"messages": [model.invoke(state["messages"])]}

    async def acall_model(state: MessagesState) -> dict[str, list[Any]]:
        return {"messages": [await model.ainvoke(state["messages"])]}

    graph = StateGraph(MessagesState)
    graph.add_node("agent", RunnableLambda(call_model, afunc=acall_model))
    graph.add_node("tools", ToolNode(TOOLS))
    graph.add_edge(START, "agent")
    graph.add_conditional_edges("agent", tools_condition)
    graph.add_edge("tools", "agent")
    return graph.compile()


BUILDERS = {"create_agent": build_create_agent, "langgraph": build_langgraph}


def comparable(messages: list[Any]) -> list[tuple[Any, ...]]:
    """The parts of AI and tool messages that must be the same on every run.

    Tool messages get random ids from LangGraph's reducer (not from the fake), so
    their id is left out; everything the fake decides is kept.
    """
    result: list[tuple[Any, ...]] = []
    for message in messages:
        if isinstance(message, AIMessage):
            result.append(
                ("ai", message.id, message.content, message.tool_calls, message.usage_metadata)
            )
        elif isinstance(message, ToolMessage):
            result.append(("tool", message.tool_call_id, message.name, message.content))
    return result


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_agent_runs_to_completion(kind):
    agent = BUILDERS[kind]()
    messages = agent.invoke({"messages": [HumanMessage(PROMPT)]})["messages"]

    ai = [m for m in messages if isinstance(m, AIMessage)]
    tools = [m for m in messages if isinstance(m, ToolMessage)]
    assert len(ai) == 2, "one tool-calling turn, one final answer"
    assert ai[0].tool_calls == TOOL_CALLS
    assert [(t.tool_call_id, t.content) for t in tools] == [
        ("call_0_0", "Sunny, 21 degrees in Paris"),
        ("call_0_1", "5"),
    ]
    assert ai[1].content == FINAL_ANSWER
    assert ai[1].tool_calls == []
    # Distinct ids, so the add_messages reducer appended both turns.
    assert [m.id for m in ai] == ["fake-msg-0", "fake-msg-1"]


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_two_runs_give_identical_messages(kind):
    first = BUILDERS[kind]().invoke({"messages": [HumanMessage(PROMPT)]})["messages"]
    second = BUILDERS[kind]().invoke({"messages": [HumanMessage(PROMPT)]})["messages"]
    assert comparable(first) == comparable(second)
    assert len(comparable(first)) == 4


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", sorted(BUILDERS))
async def test_async_run_matches_sync_run(kind):
    sync_messages = BUILDERS[kind]().invoke({"messages": [HumanMessage(PROMPT)]})["messages"]
    async_messages = (await BUILDERS[kind]().ainvoke({"messages": [HumanMessage(PROMPT)]}))[
        "messages"
    ]
    assert comparable(async_messages) == comparable(sync_messages)


@pytest.mark.parametrize("kind", sorted(BUILDERS))
def test_a_second_question_in_the_same_thread_gets_new_ids(kind):
    agent = BUILDERS[kind]()
    state = agent.invoke({"messages": [HumanMessage(PROMPT)]})
    state = agent.invoke({"messages": [*state["messages"], HumanMessage("and add(10, 20)?")]})
    ai = [m for m in state["messages"] if isinstance(m, AIMessage)]
    assert [m.id for m in ai] == ["fake-msg-0", "fake-msg-1", "fake-msg-2", "fake-msg-3"]
    assert ai[2].tool_calls == [
        {"name": "add", "args": {"a": 10, "b": 20}, "id": "call_2_0", "type": "tool_call"}
    ]
    assert ai[3].content == "add: 30"


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", sorted(BUILDERS))
async def test_stream_mode_messages_shows_tool_call_chunks(kind):
    skip_create_agent_streaming_on_310(kind)
    agent = BUILDERS[kind]()
    chunks: list[AIMessageChunk] = []
    async for message, _metadata in agent.astream(
        {"messages": [HumanMessage(PROMPT)]}, stream_mode="messages"
    ):
        if isinstance(message, AIMessageChunk) and message.id == "fake-msg-0":
            chunks.append(message)
    tool_chunks = [c for chunk in chunks for c in chunk.tool_call_chunks]
    assert [c["name"] for c in tool_chunks if c["name"]] == ["get_weather", "add"]
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    assert total.tool_calls == TOOL_CALLS


@pytest.mark.asyncio
@pytest.mark.parametrize("kind", sorted(BUILDERS))
async def test_astream_events_shows_tool_call_chunks_and_the_answer(kind):
    skip_create_agent_streaming_on_310(kind)
    agent = BUILDERS[kind]()
    named: list[str] = []
    argument_pieces = 0
    answer = ""
    async for event in agent.astream_events({"messages": [HumanMessage(PROMPT)]}, version="v2"):
        if event["event"] != "on_chat_model_stream":
            continue
        chunk = event["data"]["chunk"]
        for piece in chunk.tool_call_chunks:
            if piece["name"]:
                named.append(piece["name"])
            elif piece["args"]:
                argument_pieces += 1
        if chunk.id == "fake-msg-1":
            answer += chunk.content
    assert named == ["get_weather", "add"]
    assert argument_pieces > 2
    assert answer == FINAL_ANSWER


class Total(BaseModel):
    """The final answer."""

    total: int


@pytest.mark.parametrize("strategy", ["tool", "provider"])
def test_create_agent_with_a_response_format(strategy):
    response_format = ToolStrategy(Total) if strategy == "tool" else ProviderStrategy(Total)
    agent = create_agent(ToolCallingChat(), tools=TOOLS, response_format=response_format)
    state = agent.invoke({"messages": [HumanMessage("add(2, 3)")]})
    assert state["structured_response"] == Total(total=5)
    ai = [m for m in state["messages"] if isinstance(m, AIMessage)]
    assert ai[0].tool_calls[0]["args"] == {"a": 2, "b": 3}
    if strategy == "tool":
        # The fake calls the output tool, which ToolStrategy bound next to the others.
        assert ai[1].tool_calls == [
            {"name": "Total", "args": {"total": 5}, "id": "call_1_0", "type": "tool_call"}
        ]
    else:
        assert ai[1].content == '{"total": 5}'


def test_trimmed_history_never_reuses_a_message_id():
    from langgraph.graph.message import add_messages

    model = ToolCallingChat()
    history = [
        HumanMessage("hi", id="h1"),
        AIMessage("x", id="fake-msg-1"),
        HumanMessage("y", id="h2"),
    ]
    reply = model.invoke(history)
    assert reply.id == "fake-msg-1_2"
    merged = add_messages(history, [reply])
    assert [m.id for m in merged] == ["h1", "fake-msg-1", "h2", "fake-msg-1_2"]
