"""register() blocks that overlap: threads, exits out of order, shared providers and handlers."""

from __future__ import annotations

import copy
import gc
import random
import threading
import time
import weakref
from typing import Any

import litellm
import pytest
from litellm import utils

import fakes.litellm as fl
from fakes.litellm._register import free_model_prices
from fakes.litellm._registrations import _PROVIDER_GLOBALS, _ROUTER_GLOBALS

HELLO = [{"role": "user", "content": "hello"}]
# What register() promises to restore; the test checks the values, not the list.
_LITELLM_GLOBALS = (*_PROVIDER_GLOBALS, *_ROUTER_GLOBALS)


def state() -> dict[str, Any]:
    """Every global register() touches: the object and its contents."""
    seen: dict[str, Any] = {
        name: (id(value), copy.copy(value))
        for name in _LITELLM_GLOBALS
        for value in [getattr(litellm, name)]
    }
    seen["callback_list"] = (id(utils.callback_list), list(utils.callback_list or []))
    seen["unvalidated"] = utils.PROVIDER_UNVALIDATED_PARAMS
    return seen


def answer(provider: str) -> str:
    reply = litellm.completion(model=f"{provider}/parrot", messages=HELLO)
    return str(reply.choices[0].message.content)


def unknown(provider: str) -> bool:
    try:
        litellm.completion(model=f"{provider}/parrot", messages=HELLO)
    except litellm.BadRequestError as error:
        return "LLM Provider NOT provided" in str(error)
    return False


def run_threads(work: list[Any]) -> list[BaseException]:
    errors: list[BaseException] = []

    def guarded(job: Any) -> None:
        try:
            job()
        except BaseException as error:  # reported by the test, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=guarded, args=(job,)) for job in work]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads)
    return errors


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_threads_enter_and_exit_in_a_shuffled_order(seed: int) -> None:
    """8 threads, all registered at once, leave in a random order; each keeps working."""
    before = state()
    providers = [f"thread{i}" for i in range(8)]
    exit_order = random.Random(seed).sample(providers, len(providers))
    entered = threading.Barrier(len(providers))
    turns = {provider: threading.Event() for provider in providers}
    turns[exit_order[0]].set()
    handlers = {provider: fl.FakesHandler() for provider in providers}

    def block(provider: str) -> None:
        with fl.register(handlers[provider], provider=provider):
            assert answer(provider) == "hello"
            entered.wait(timeout=60)  # every provider is registered now
            turns[provider].wait(timeout=60)
            assert answer(provider) == "hello"  # still there after the others left
        assert unknown(provider)
        position = exit_order.index(provider)
        if position + 1 < len(exit_order):
            turns[exit_order[position + 1]].set()

    errors = run_threads([lambda p=p: block(p) for p in random.Random(-seed).sample(providers, 8)])
    assert errors == []
    assert all(len(handler.calls) == 2 for handler in handlers.values())
    assert state() == before


def test_threads_registering_over_and_over_all_succeed() -> None:
    """No coordination: blocks start and end on 8 threads in whatever order they run."""
    before = state()
    start = threading.Barrier(8)

    def loop(index: int) -> None:
        start.wait(timeout=60)
        for _ in range(15):
            provider = f"loop{index}"
            with fl.register(fl.FakesHandler(), provider=provider) as handler:
                assert answer(provider) == "hello"
                assert handler.calls.last.kwargs["model"] == f"{provider}/parrot"

    assert run_threads([lambda i=i: loop(i) for i in range(8)]) == []
    assert state() == before


def test_an_outer_block_exiting_first_leaves_the_inner_one_registered() -> None:
    before = state()
    outer = fl.register(fl.FakesHandler(), provider="outer")
    inner = fl.register(fl.FakesHandler(), provider="inner")
    outer.__enter__()
    inner.__enter__()
    outer.__exit__(None, None, None)
    assert unknown("outer")
    assert answer("inner") == "hello"
    inner.__exit__(None, None, None)
    assert unknown("inner")
    assert state() == before


@pytest.mark.parametrize("first_out", ["older", "newer"])
def test_one_provider_twice_serves_the_latest_active_block(
    first_out: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = {"provider": "fakes", "custom_handler": fl.FakesHandler()}
    monkeypatch.setattr(litellm, "custom_provider_map", [stale])
    before = state()
    older, newer = fl.FakesHandler(), fl.FakesHandler()
    blocks = {"older": fl.register(older), "newer": fl.register(newer)}
    blocks["older"].__enter__()
    blocks["newer"].__enter__()
    answer("fakes")
    assert (len(older.calls), len(newer.calls)) == (0, 1)
    blocks.pop(first_out).__exit__(None, None, None)
    answer("fakes")  # the block left is the one still registered
    assert len((newer if first_out == "older" else older).calls) == 1 + (first_out == "older")
    next(iter(blocks.values())).__exit__(None, None, None)
    assert litellm.custom_provider_map == [stale]
    assert state() == before


def test_a_handler_in_two_blocks_names_its_latest_provider() -> None:
    handler = fl.FakesHandler(provider="own")
    first = fl.register(handler, provider="first")
    second = fl.register(handler, provider="second")
    first.__enter__()
    second.__enter__()
    assert handler.provider == "second"
    second.__exit__(None, None, None)
    assert handler.provider == "first"
    assert unknown("second")
    first.__exit__(None, None, None)
    assert handler.provider == "own"


def test_zero_prices_and_reasoning_stay_until_the_last_block_of_them_exits() -> None:
    before = state()
    prices = free_model_prices("fakes")
    older = fl.register(fl.FakesHandler())
    newer = fl.register(fl.FakesHandler())
    older.__enter__()
    newer.__enter__()
    older.__exit__(None, None, None)
    assert all(litellm.model_cost.get(key) == entry for key, entry in prices.items())
    reply = litellm.completion(model="fakes/parrot", messages=HELLO, reasoning_effort="low")
    assert reply.choices[0].message.reasoning_content
    assert reply._hidden_params["response_cost"] == 0.0
    newer.__exit__(None, None, None)
    assert not any(key in litellm.model_cost for key in prices)
    assert state() == before


def test_a_router_built_inside_leaves_no_callbacks_behind() -> None:
    before = state()
    with fl.register():
        router = litellm.Router(
            model_list=[{"model_name": "p", "litellm_params": {"model": "fakes/parrot"}}]
        )
        router.completion(model="p", messages=HELLO)
        litellm.completion(model="fakes/parrot", messages=HELLO)  # copies the callbacks
        assert any(getattr(cb, "__self__", None) is router for cb in utils.callback_list or [])
    assert state() == before
    gone = weakref.ref(router)
    del router
    # Router's own class-level lru_caches keep their last 64 instances: LiteLLM's
    # bounded cache, not a global left behind. Empty them to see everything else.
    for cached in vars(litellm.Router).values():
        getattr(cached, "cache_clear", lambda: None)()
    # LiteLLM's logging worker thread may still hold the last call's logging object,
    # and with it the Router's callbacks, for a moment after the call returned.
    for _ in range(100):
        gc.collect()
        if gone() is None:
            break
        time.sleep(0.02)
    assert gone() is None  # nothing global holds the Router any more
    fl.handler.reset()


def test_a_failing_block_start_leaves_nothing_behind(monkeypatch: pytest.MonkeyPatch) -> None:
    from fakes.litellm import _registrations

    before = state()

    def broken() -> None:
        raise RuntimeError("setup failed")

    monkeypatch.setattr(_registrations, "custom_llm_setup", broken)
    with pytest.raises(RuntimeError, match="setup failed"), fl.register(provider="broken"):
        pass
    assert state() == before
