"""Retries, Router fallbacks and injected faults against the ``fakes`` provider."""

from __future__ import annotations

from collections.abc import Iterator

import litellm
import pytest

import fakes.litellm as fl
from fakes.core import FaultPlan
from fakes.litellm._registrations import _ROUTER_GLOBALS

HELLO = [{"role": "user", "content": "hello"}]

# Globals a litellm.Router changes when it is built (callbacks, the cost map entries
# of its deployments, suppress_debug_info), as register() lists them; a test leaves
# them as found.


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch) -> Iterator[fl.FakesHandler]:
    for name in _ROUTER_GLOBALS:
        value = getattr(litellm, name)
        monkeypatch.setattr(litellm, name, value.copy() if hasattr(value, "copy") else value)
    with fl.register(fl.FakesHandler()) as handler:
        yield handler


def fallback_router() -> object:
    return litellm.Router(
        model_list=[
            {"model_name": "primary", "litellm_params": {"model": "fakes/fail-429"}},
            {"model_name": "backup", "litellm_params": {"model": "fakes/parrot"}},
        ],
        fallbacks=[{"primary": ["backup"]}],
        num_retries=0,
    )


def test_router_falls_back_from_fail_429_to_parrot(fake: fl.FakesHandler) -> None:
    response = fallback_router().completion(model="primary", messages=HELLO)  # type: ignore[attr-defined]
    assert response.choices[0].message.content == "hello"
    # the failing deployment, then the fallback
    assert [call.kwargs["model"] for call in fake.calls] == ["fakes/fail-429", "fakes/parrot"]


def test_router_stream_falls_back(fake: fl.FakesHandler) -> None:
    stream = fallback_router().completion(model="primary", messages=HELLO, stream=True)  # type: ignore[attr-defined]
    assert "".join(c.choices[0].delta.content or "" for c in stream) == "hello"


@pytest.mark.asyncio
@pytest.mark.parametrize("stream", [False, True])
async def test_router_async_falls_back(fake: fl.FakesHandler, stream: bool) -> None:
    router = fallback_router()
    response = await router.acompletion(model="primary", messages=HELLO, stream=stream)  # type: ignore[attr-defined]
    if stream:
        text = "".join([c.choices[0].delta.content or "" async for c in response])
    else:
        text = response.choices[0].message.content
    assert text == "hello"


def test_router_without_fallback_raises_rate_limit(fake: fl.FakesHandler) -> None:
    router = litellm.Router(
        model_list=[{"model_name": "primary", "litellm_params": {"model": "fakes/fail-429"}}],
        num_retries=0,
    )
    with pytest.raises(litellm.RateLimitError):
        router.completion(model="primary", messages=HELLO)


def test_completion_with_retries_gets_through_the_fault_schedule(fake: fl.FakesHandler) -> None:
    schedule = fake.fail_first(2)
    response = litellm.completion_with_retries(model="fakes/parrot", messages=HELLO, num_retries=3)
    assert response.choices[0].message.content == "hello"
    assert (schedule.failed, schedule.remaining, len(fake.calls)) == (2, 0, 3)


def test_completion_with_too_few_retries_fails(fake: fl.FakesHandler) -> None:
    fake.fail_first(3)
    with pytest.raises(litellm.RateLimitError, match="scheduled fault 2 of 3"):
        litellm.completion_with_retries(model="fakes/parrot", messages=HELLO, num_retries=2)
    with pytest.raises(litellm.RateLimitError, match="scheduled fault 3 of 3"):
        litellm.completion(model="fakes/parrot", messages=HELLO)
    assert (
        litellm.completion(model="fakes/parrot", messages=HELLO).choices[0].message.content
        == "hello"
    )


def test_num_retries_against_the_fault_schedule(fake: fl.FakesHandler) -> None:
    schedule = fake.fail_first(2, status=503)
    response = litellm.completion(model="fakes/parrot", messages=HELLO, num_retries=2)
    assert response.choices[0].message.content == "hello"
    assert schedule.failed == 2


@pytest.mark.asyncio
async def test_async_num_retries_against_the_fault_schedule(fake: fl.FakesHandler) -> None:
    schedule = fake.fail_first(1)
    response = await litellm.acompletion(model="fakes/parrot", messages=HELLO, num_retries=1)
    assert response.choices[0].message.content == "hello"
    assert schedule.failed == 1


def test_router_retries_against_the_fault_schedule(fake: fl.FakesHandler) -> None:
    router = litellm.Router(
        model_list=[{"model_name": "m", "litellm_params": {"model": "fakes/parrot"}}],
        num_retries=2,
        retry_after=0,
    )
    schedule = fake.fail_first(2, status=500)
    response = router.completion(model="m", messages=HELLO)
    assert response.choices[0].message.content == "hello"
    assert schedule.failed == 2


@pytest.mark.parametrize(
    ("status", "error_name"),
    [
        (429, "RateLimitError"),
        (408, "Timeout"),
        (500, "InternalServerError"),
        (401, "AuthenticationError"),
    ],
)
def test_fault_schedule_status_maps_like_a_provider(
    fake: fl.FakesHandler, status: int, error_name: str
) -> None:
    fake.fail_first(1, status=status, message="try later")
    with pytest.raises(getattr(litellm, error_name), match="try later"):
        litellm.completion(model="fakes/parrot", messages=HELLO)
    assert (
        litellm.completion(model="fakes/parrot", messages=HELLO).choices[0].message.content
        == "hello"
    )


@pytest.mark.asyncio
async def test_scheduled_fault_on_async_stream_raises_at_call_time(fake: fl.FakesHandler) -> None:
    fake.fail_first(1)
    with pytest.raises(litellm.RateLimitError):
        await litellm.acompletion(model="fakes/parrot", messages=HELLO, stream=True)


def test_fault_plan_mid_stream(fake: fl.FakesHandler) -> None:
    fake.chunking = "char"
    fake.fault = FaultPlan(at_chunk=2, error=fl.FakesProviderError(500, "cut off"))
    received: list[str] = []
    # A stream already under way cannot fail over, so LiteLLM wraps the provider error.
    with pytest.raises(litellm.exceptions.MidStreamFallbackError, match="cut off"):
        for chunk in litellm.completion(model="fakes/parrot", messages=HELLO, stream=True):
            received.append(chunk.choices[0].delta.content or "")
    assert "".join(received) == "he"


def test_fault_schedule_rejects_bad_values() -> None:
    from fakes.core import InvalidInputError

    with pytest.raises(InvalidInputError, match="status"):
        fl.FaultSchedule(1, status=200)
    with pytest.raises(InvalidInputError, match="count"):
        fl.FaultSchedule(-1)


def test_reset_forgets_calls_and_faults(fake: fl.FakesHandler) -> None:
    fake.fail_first(5)
    with pytest.raises(litellm.RateLimitError):
        litellm.completion(model="fakes/parrot", messages=HELLO)
    fake.reset()
    assert len(fake.calls) == 0
    assert (
        litellm.completion(model="fakes/parrot", messages=HELLO).choices[0].message.content
        == "hello"
    )
