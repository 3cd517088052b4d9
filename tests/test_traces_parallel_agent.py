"""normalize(by_run=True) of an agent making parallel tool calls is the same every time."""

from __future__ import annotations

import asyncio
import random
from collections import deque
from typing import Any

import pytest
from langchain.agents import create_agent
from langchain_core.tools import tool

from fakes.langchain import ToolCallingChat
from fakes.traces import collect, normalize

PROMPT = 'What is the weather in "Paris" and "Tokyo"?'


@tool
def get_weather(city: str) -> str:
    """The weather in a city."""
    return f"sunny in {city}"


def agent_events() -> list[dict[str, Any]]:
    agent = create_agent(ToolCallingChat(), [get_weather])
    # The graph streams each node's output as the node finishes, in its own events,
    # whose order normalize keeps: leave them out, as docs/traces.md says.
    stream = agent.astream_events(
        {"messages": [("user", PROMPT)]}, version="v2", exclude_names=["LangGraph"]
    )
    return asyncio.run(collect(stream))


def interleave(events: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    """Another order concurrent runs could deliver their events in, at random.

    Each run keeps its own events in order, starts after its parent and after its
    earlier siblings started (the order the agent made the calls in), and ends
    after its children ended; anything else may come in any order.
    """
    queues: dict[str, deque[dict[str, Any]]] = {}
    parents: dict[str, str] = {}
    for item in events:
        queues.setdefault(item["run_id"], deque()).append(item)
        parents.setdefault(item["run_id"], item["parent_ids"][-1])
    siblings: dict[str, list[str]] = {}
    for run in queues:
        siblings.setdefault(parents[run], []).append(run)
    started: set[str] = set()

    def ready(run: str) -> bool:
        parent, queue = parents[run], queues[run]
        if run not in started:
            earlier = siblings[parent][: siblings[parent].index(run)]
            return (parent in started or parent not in queues) and set(earlier) <= started
        if len(queue) == 1:  # its end comes after its children's
            return not any(queues[child] for child in siblings.get(run, []))
        return bool(queue)

    rng = random.Random(seed)
    merged: list[dict[str, Any]] = []
    while len(merged) < len(events):
        run = rng.choice([run for run in queues if queues[run] and ready(run)])
        started.add(run)
        merged.append(queues[run].popleft())
    return merged


@pytest.fixture(scope="module")
def events() -> list[dict[str, Any]]:
    return agent_events()


def test_the_agent_calls_both_tools_in_parallel(events: list[dict[str, Any]]) -> None:
    assert len({e["parent_ids"][0] for e in events}) == 1  # all under the graph, left out
    starts = [e["data"]["input"]["city"] for e in events if e["event"] == "on_tool_start"]
    assert sorted(starts) == ["Paris", "Tokyo"]
    ends = [e["data"]["output"] for e in events if e["event"] == "on_tool_end"]
    assert sorted(message.content for message in ends) == ["sunny in Paris", "sunny in Tokyo"]
    assert all(len(message.id) == 36 for message in ends)  # LangGraph's uuid4 ids


def test_normalized_by_run_is_identical_across_runs(events: list[dict[str, Any]]) -> None:
    expected = normalize(events, by_run=True)
    for _ in range(4):
        assert normalize(agent_events(), by_run=True) == expected


@pytest.mark.parametrize("seed", range(12))
def test_normalized_by_run_is_identical_across_interleavings(
    events: list[dict[str, Any]], seed: int
) -> None:
    shuffled = interleave(events, seed)
    assert sorted(map(id, shuffled)) == sorted(map(id, events))  # a reordering, nothing lost
    assert normalize(shuffled, by_run=True) == normalize(events, by_run=True)


def test_whichever_tool_ends_first_paris_comes_first(events: list[dict[str, Any]]) -> None:
    """Paris was asked first: its runs and its ToolMessage id come first either way."""

    def ends(order: list[dict[str, Any]]) -> tuple[str, ...]:
        return tuple(e["data"]["output"].content for e in order if e["event"] == "on_tool_end")

    orders = {ends(shuffled): shuffled for shuffled in (interleave(events, s) for s in range(40))}
    assert set(orders) == {
        ("sunny in Paris", "sunny in Tokyo"),
        ("sunny in Tokyo", "sunny in Paris"),
    }
    for shuffled in orders.values():
        normalized = normalize(shuffled, by_run=True)
        outputs = [e["data"]["output"] for e in normalized if e["event"] == "on_tool_end"]
        assert [output["content"] for output in outputs] == ["sunny in Paris", "sunny in Tokyo"]
        numbers = [int(output["id"].removeprefix("id-")) for output in outputs]
        assert numbers == sorted(numbers)
