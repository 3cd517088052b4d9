"""The LiteLLM custom-provider guide's examples (seed 002/003) give the guide's output."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import litellm
import pytest
from freezegun import freeze_time
from litellm import CustomLLM, acompletion, completion
from litellm.types.utils import ImageObject, ImageResponse

import fakes.litellm as fl
from conformance_cases.seed_examples import MyCustomLLM
from conformance_cases.seed_examples import UnixTimeLLM as SeedUnixTimeLLM

# The guide's expected response shows created=1721955063; freeze the clock there.
SEED_UNIX = 1721955063
SEED_TIME = datetime.fromtimestamp(SEED_UNIX, tz=timezone.utc)
HELLO = [{"role": "user", "content": "Hello world!"}]


@pytest.fixture
def litellm_globals(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide assigns litellm.custom_provider_map directly; put it all back."""
    for name in ("custom_provider_map", "provider_list", "_custom_providers"):
        monkeypatch.setattr(litellm, name, list(getattr(litellm, name)))


# -- the guide's code: its handlers, verbatim, live in conformance_cases/seed_examples.py;
# the image handler is only here.


class SeedImageLLM(CustomLLM):
    async def aimage_generation(
        self, model: str, prompt: str, model_response: ImageResponse, *args: Any, **kwargs: Any
    ) -> ImageResponse:
        return ImageResponse(
            created=int(time.time()),
            data=[ImageObject(url="https://example.com/image.png")],
        )


# -- quick start -------------------------------------------------------------------------


def test_quick_start_hi(litellm_globals: None) -> None:
    my_custom_llm = MyCustomLLM()
    litellm.custom_provider_map = [{"provider": "my-custom-llm", "custom_handler": my_custom_llm}]
    resp = completion(model="my-custom-llm/my-fake-model", messages=HELLO)
    assert resp.choices[0].message.content == "Hi!"


def test_quick_start_hi_through_register() -> None:
    with fl.register(MyCustomLLM(), provider="my-custom-llm"):
        resp = completion(model="my-custom-llm/my-fake-model", messages=HELLO)
    assert resp.choices[0].message.content == "Hi!"


def test_additional_parameters_arrive_in_optional_params() -> None:
    with fl.register(fl.FakesHandler(), provider="my-custom-llm") as handler:
        completion(model="my-custom-llm/parrot", messages=HELLO, my_custom_param="my-custom-param")
    assert handler.calls.last.kwargs["my_custom_param"] == "my-custom-param"
    assert handler.calls.last.kwargs["model"] == "my-custom-llm/parrot"


# -- the unix-time handler: the guide's class and ours ---------------------------------


@pytest.mark.xfail(
    raises=litellm.BadRequestError,
    reason="the guide's handler calls completion(model='test/unixtime') without messages, "
    "which LiteLLM >= 1.x rejects ('LLM Provider NOT provided'); fakes.litellm.UnixTimeHandler "
    "is the working version",
)
def test_seed_unixtime_handler_sync_under_freezegun(litellm_globals: None) -> None:
    litellm.custom_provider_map = [
        {"provider": "my-custom-llm", "custom_handler": SeedUnixTimeLLM()}
    ]
    with freeze_time(SEED_TIME):
        resp = completion(model="my-custom-llm/my-fake-model", messages=HELLO)
    assert resp.choices[0].message.content == str(SEED_UNIX)


@pytest.mark.asyncio
async def test_seed_unixtime_handler_astream_under_freezegun(litellm_globals: None) -> None:
    litellm.custom_provider_map = [
        {"provider": "my-custom-llm", "custom_handler": SeedUnixTimeLLM()}
    ]
    with freeze_time(SEED_TIME, real_asyncio=True):
        stream = await acompletion(model="my-custom-llm/my-fake-model", messages=HELLO, stream=True)
        text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])
    assert text == str(SEED_UNIX)  # the guide's astreaming works as written


@pytest.mark.asyncio
@pytest.mark.xfail(
    raises=litellm.BadRequestError,
    reason="the guide's handler calls completion(model='test/unixtime') without messages, "
    "which LiteLLM >= 1.x rejects ('LLM Provider NOT provided'); fakes.litellm.UnixTimeHandler "
    "is the working version",
)
async def test_seed_unixtime_handler_acompletion_under_freezegun(litellm_globals: None) -> None:
    litellm.custom_provider_map = [
        {"provider": "my-custom-llm", "custom_handler": SeedUnixTimeLLM()}
    ]
    with freeze_time(SEED_TIME, real_asyncio=True):
        resp = await acompletion(model="my-custom-llm/my-fake-model", messages=HELLO)
    assert resp.choices[0].message.content == str(SEED_UNIX)


@pytest.fixture
def unixtime() -> Iterator[fl.UnixTimeHandler]:
    with fl.register(fl.UnixTimeHandler(), provider="my-custom-llm") as handler:
        yield handler


def test_ready_unixtime_sync_and_stream(unixtime: fl.UnixTimeHandler) -> None:
    with freeze_time(SEED_TIME):
        resp = completion(model="my-custom-llm/my-fake-model", messages=HELLO)
        chunks = list(completion(model="my-custom-llm/my-fake-model", messages=HELLO, stream=True))
    assert resp.choices[0].message.content == str(SEED_UNIX)
    assert resp.created == SEED_UNIX
    assert resp.usage.completion_tokens == len(str(SEED_UNIX))  # counted, not 0/0/0
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == str(SEED_UNIX)
    assert len(unixtime.calls) == 2


@pytest.mark.asyncio
async def test_ready_unixtime_async_and_astream(unixtime: fl.UnixTimeHandler) -> None:
    with freeze_time(SEED_TIME, real_asyncio=True):
        resp = await acompletion(model="my-custom-llm/any-model", messages=HELLO)
        stream = await acompletion(model="my-custom-llm/any-model", messages=HELLO, stream=True)
        text = "".join([chunk.choices[0].delta.content or "" async for chunk in stream])
    assert resp.choices[0].message.content == str(SEED_UNIX)
    assert text == str(SEED_UNIX)


def test_ready_unixtime_follows_the_clock(unixtime: fl.UnixTimeHandler) -> None:
    with freeze_time(SEED_TIME) as clock:
        first = completion(model="my-custom-llm/x", messages=HELLO).choices[0].message.content
        clock.tick(5)
        later = completion(model="my-custom-llm/x", messages=HELLO).choices[0].message.content
    assert (first, later) == (str(SEED_UNIX), str(SEED_UNIX + 5))


def test_ready_unixtime_refuses_embeddings(unixtime: fl.UnixTimeHandler) -> None:
    with pytest.raises(litellm.BadRequestError, match="only does chat completions"):
        litellm.embedding(model="my-custom-llm/x", input=["hi"])


# -- image generation -------------------------------------------------------------------


@pytest.mark.asyncio
async def test_seed_image_handler(litellm_globals: None) -> None:
    litellm.custom_provider_map = [{"provider": "my-custom-llm", "custom_handler": SeedImageLLM()}]
    with freeze_time(SEED_TIME, real_asyncio=True):
        resp = await litellm.aimage_generation(
            model="my-custom-llm/my-model", prompt="A cute baby sea otter"
        )
    assert resp.created == SEED_UNIX
    assert [item.url for item in resp.data] == ["https://example.com/image.png"]


@pytest.mark.asyncio
async def test_fakes_image_in_place_of_the_seed_handler() -> None:
    with fl.register(provider="my-custom-llm"), freeze_time(SEED_TIME, real_asyncio=True):
        resp = await litellm.aimage_generation(
            model="my-custom-llm/image", prompt="A cute baby sea otter"
        )
    assert resp.created == SEED_UNIX
    assert resp.data[0].url.startswith("data:image/png;base64,")


def test_old_name_unixtimellm_is_a_deprecated_alias_of_unixtimehandler() -> None:
    with pytest.warns(DeprecationWarning, match=r"fakes.litellm.UnixTimeLLM is deprecated; use "):
        old = fl.UnixTimeLLM  # type: ignore[attr-defined]
    assert old is fl.UnixTimeHandler
    with pytest.warns(DeprecationWarning, match="UnixTimeHandler"):
        from fakes.litellm import UnixTimeLLM  # type: ignore[attr-defined]  # noqa: F401
    assert "UnixTimeLLM" not in fl.__all__
    with pytest.raises(AttributeError, match="has no attribute 'UnixTimeLMM'"):
        fl.UnixTimeLMM  # type: ignore[attr-defined]  # noqa: B018
