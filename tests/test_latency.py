"""Latency: fakes that take time, really (asyncio.sleep) or on a frozen clock."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import pytest
from langchain_core.callbacks import AsyncCallbackHandler

from fakes.core import InvalidInputError, Latency
from fakes.langchain import ParrotChat, ParrotLLM, ScriptedChat

MESSAGES = [{"role": "user", "content": "abc"}]


def real_seconds() -> float:
    """Wall time freezegun does not freeze (it patches every time.* clock, even ours)."""
    return os.times().elapsed


@pytest.mark.parametrize(
    ("first", "per", "message"),
    [
        (-1, 0, "Latency.first_chunk must be finite and >= 0, got -1"),
        (0, float("nan"), "Latency.per_chunk must be finite and >= 0, got nan"),
        (float("inf"), 0, "Latency.first_chunk must be finite and >= 0, got inf"),
        (True, 0, "Latency.first_chunk must be a number of seconds, got True"),
        ("1", 0, "Latency.first_chunk must be a number of seconds, got '1'"),
    ],
)
def test_bad_latencies_are_refused(first, per, message):
    with pytest.raises(InvalidInputError, match=message.replace("(", r"\(")):
        Latency(first_chunk=first, per_chunk=per)


def test_an_invoke_waits_what_its_stream_would():
    latency = Latency(first_chunk=2.0, per_chunk=0.5)
    assert latency.total(1) == 2.0
    assert latency.total(4) == 3.5


def test_a_frozen_clock_moves_instead_of_sleeping(frozen_clock):
    model = ParrotChat(latency=Latency(first_chunk=30.0))
    start, wall = time.time(), real_seconds()
    assert model.invoke("x").content == "x"
    assert time.time() - start == 30.0  # one chunk and the final one: 30 s, then 0 s between
    assert real_seconds() - wall < 1.0


def test_a_frozen_stream_sees_each_chunk_arrive_later(frozen_clock):
    model = ParrotChat(latency=Latency(first_chunk=5.0, per_chunk=1.0))
    start = time.time()
    arrivals = [time.time() - start for _ in model.stream("abc")]
    assert arrivals == [5.0, 6.0, 7.0, 8.0]  # a, b, c and the final metadata chunk


async def test_async_calls_advance_a_frozen_clock_too(frozen_clock):
    model = ParrotChat(latency=Latency(first_chunk=30.0, per_chunk=1.0))
    start, wall = time.time(), real_seconds()
    await model.ainvoke("ab")
    assert time.time() - start == 32.0
    arrivals = [time.time() - start async for _ in model.astream("ab")]
    assert arrivals == [62.0, 63.0, 64.0]
    assert real_seconds() - wall < 1.0


def test_text_llms_wait_too(frozen_clock):
    model = ParrotLLM(latency=Latency(first_chunk=10.0, per_chunk=1.0))
    start = time.time()
    assert model.invoke("abc") == "abc"
    assert time.time() - start == 12.0  # no final chunk: 10 s, then 1 s before b and c
    arrivals = [time.time() - start for _ in model.stream("abc")]
    assert arrivals == [22.0, 23.0, 24.0]


def test_real_time_passes_without_a_frozen_clock():
    model = ScriptedChat(replies=["ok"], latency=Latency(first_chunk=0.05, per_chunk=0.01))
    start = time.monotonic()
    model.invoke("x")
    assert time.monotonic() - start >= 0.05 + 0.01 * 2  # o, k, final: never less


class _Intervals(AsyncCallbackHandler):
    """Record when each model call starts and ends (real monotonic time)."""

    def __init__(self) -> None:
        self.starts: list[float] = []
        self.ends: list[float] = []

    async def on_chat_model_start(self, *args: Any, **kwargs: Any) -> None:
        self.starts.append(time.monotonic())

    async def on_llm_end(self, *args: Any, **kwargs: Any) -> None:
        self.ends.append(time.monotonic())


async def test_abatch_with_max_concurrency_runs_in_waves():
    delay = 0.2
    model = ParrotChat(latency=Latency(first_chunk=delay))
    intervals = _Intervals()
    start = time.monotonic()
    await model.abatch(["a"] * 6, config={"max_concurrency": 2, "callbacks": [intervals]})
    elapsed = time.monotonic() - start
    events = sorted([(t, 1) for t in intervals.starts] + [(t, -1) for t in intervals.ends])
    in_flight, most = 0, 0
    for _, step in events:
        in_flight += step
        most = max(most, in_flight)
    # Two at a time, really at the same time (asyncio.sleep), so three waves of `delay`.
    assert most == 2
    assert elapsed >= 3 * delay
    starts = sorted(intervals.starts)
    ends = sorted(intervals.ends)
    for wave in (1, 2):  # a wave starts only once a call of the one before has ended
        assert starts[2 * wave] >= ends[2 * wave - 2]


# -- LiteLLM ------------------------------------------------------------------------


@pytest.fixture
def slow_litellm():
    from fakes.litellm import FakesHandler, register

    slow = Latency(first_chunk=30.0, per_chunk=1.0)
    with register(FakesHandler(chunking="char", latency=slow)) as handler:
        yield handler


def test_litellm_waits_on_a_frozen_clock(slow_litellm, frozen_clock):
    import litellm

    start, wall = time.time(), real_seconds()
    litellm.completion(model="fakes/parrot", messages=MESSAGES)
    assert time.time() - start == 33.0  # a, b, c and the final chunk
    list(litellm.completion(model="fakes/parrot", messages=MESSAGES, stream=True))
    assert time.time() - start == 66.0
    assert real_seconds() - wall < 5.0


async def test_litellm_async_waits_on_a_frozen_clock(slow_litellm, frozen_clock):
    import litellm

    start = time.time()
    await litellm.acompletion(model="fakes/parrot", messages=MESSAGES)
    assert time.time() - start == 33.0
    stream = await litellm.acompletion(model="fakes/parrot", messages=MESSAGES, stream=True)
    [chunk async for chunk in stream]
    assert time.time() - start == 66.0


async def test_litellm_async_calls_overlap_in_real_time():
    import litellm

    from fakes.litellm import FakesHandler, register

    with register(FakesHandler(latency=Latency(first_chunk=0.2))):
        start = time.monotonic()
        await asyncio.gather(
            *(litellm.acompletion(model="fakes/parrot", messages=MESSAGES) for _ in range(3))
        )
        elapsed = time.monotonic() - start
    assert elapsed >= 0.2
    assert elapsed < 3 * 0.2 + 0.15  # they slept together, not one after another


def test_the_handler_refuses_a_non_latency():
    from fakes.litellm import FakesHandler

    with pytest.raises(InvalidInputError, match=r"latency must be a fakes\.core\.Latency"):
        FakesHandler(latency=0.5)  # type: ignore[arg-type]
