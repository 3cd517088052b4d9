"""Bad input at the LiteLLM surface: a clear 400, never a bare crash (issue 18).

Also the async paths the proxy uses: the pipeline runs in LiteLLM's thread pool,
and an async stream gives the event loop back while it streams.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from typing import Any

import litellm
import pytest

import fakes.litellm as fl
from fakes.core import InvalidInputError
from fakes.core._pipeline import check_choices
from fakes.langchain import ParrotChat
from fakes.wire._openai_messages import response_id

HELLO = [{"role": "user", "content": "hello"}]
LONE = "a\ud800b"  # a lone high surrogate: not encodable as strict UTF-8


@pytest.fixture
def fake() -> Iterator[fl.FakesHandler]:
    with fl.register(fl.FakesHandler()) as handler:
        yield handler


@pytest.mark.parametrize("n", [2, 0, -1, "1", 1.0, True])
def test_n_other_than_one_is_a_400(fake: fl.FakesHandler, n: Any) -> None:
    with pytest.raises(litellm.BadRequestError, match=r"n must be 1 .*one choice"):
        litellm.completion(model="fakes/parrot", messages=HELLO, n=n)


@pytest.mark.parametrize("stream", [False, True])
def test_n_of_one_answers_one_choice(fake: fl.FakesHandler, stream: bool) -> None:
    response = litellm.completion(model="fakes/parrot", messages=HELLO, n=1, stream=stream)
    if stream:
        assert "".join(c.choices[0].delta.content or "" for c in response) == "hello"
    else:
        assert [choice.message.content for choice in response.choices] == ["hello"]


def test_check_choices_accepts_unset_and_one() -> None:
    check_choices(None)
    check_choices(1)
    with pytest.raises(InvalidInputError):
        check_choices(2)


@pytest.mark.parametrize("value", [-1, 0, 1.5, "3", True])
@pytest.mark.parametrize("name", ["max_tokens", "max_completion_tokens"])
def test_bad_max_tokens_is_a_400_not_a_cut(fake: fl.FakesHandler, name: str, value: Any) -> None:
    with pytest.raises(litellm.BadRequestError, match=r"must be a positive int, got"):
        litellm.completion(model="fakes/parrot", messages=HELLO, **{name: value})
    assert len(fake.calls) == 0  # refused before it was recorded, and nothing was cut
    cut = litellm.completion(model="fakes/parrot", messages=HELLO, **{name: 3})
    assert cut.choices[0].message.content == "hel"


@pytest.mark.parametrize("stream", [False, True])
def test_lone_surrogate_in_chat_is_echoed_like_langchain(
    fake: fl.FakesHandler, stream: bool
) -> None:
    messages = [{"role": "user", "content": LONE}]
    response = litellm.completion(model="fakes/parrot", messages=messages, stream=stream)
    if stream:
        text = "".join(c.choices[0].delta.content or "" for c in response)
    else:
        text = response.choices[0].message.content
    assert text == LONE == ParrotChat().invoke(LONE).content


def test_response_id_of_a_lone_surrogate_is_stable_and_distinct() -> None:
    first = response_id("chatcmpl-", 0, LONE)
    assert first == response_id("chatcmpl-", 0, LONE)
    assert first != response_id("chatcmpl-", 0, "a\ud801b")
    assert first != response_id("chatcmpl-", 0, "ab")


def test_lone_surrogates_embed_and_draw_like_any_text(fake: fl.FakesHandler) -> None:
    # Accepted as chat accepts them: hashed with surrogatepass, deterministic, distinct.
    vectors = litellm.embedding(model="fakes/embed", input=["fine", LONE, LONE]).data
    assert vectors[1]["embedding"] == vectors[2]["embedding"] != vectors[0]["embedding"]
    first = litellm.image_generation(model="fakes/image", prompt=LONE).data[0].url
    assert first == litellm.image_generation(model="fakes/image", prompt=LONE).data[0].url
    assert first != litellm.image_generation(model="fakes/image", prompt="ab").data[0].url


async def test_async_calls_run_the_pipeline_in_litellms_thread_pool(
    fake: fl.FakesHandler,
) -> None:
    seen: list[threading.Thread] = []

    def reply(call: object) -> str:
        seen.append(threading.current_thread())
        return "done"

    fake.script([reply, reply])
    loop_thread = threading.current_thread()
    response = await litellm.acompletion(model="fakes/script", messages=HELLO)
    assert response.choices[0].message.content == "done"
    stream = await litellm.acompletion(model="fakes/script", messages=HELLO, stream=True)
    assert "".join([c.choices[0].delta.content or "" async for c in stream]) == "done"
    assert len(seen) == 2
    assert loop_thread not in seen


async def test_awaiting_the_async_methods_directly_still_works() -> None:
    handler = fl.FakesHandler()
    kwargs: dict[str, Any] = {"model": "fakes/parrot", "messages": HELLO, "optional_params": {}}
    response = await handler.acompletion(**kwargs)
    assert response.choices[0].message.content == "hello"  # type: ignore[union-attr]
    embedded = await handler.aembedding(model="fakes/embed", input="hi", optional_params={})
    assert len(embedded.data[0]["embedding"]) == 16


def _counted(total: int, taken: list[int]) -> Iterator[Any]:
    for index in range(total):
        taken.append(index)
        yield {"text": "x"}


async def test_async_stream_gives_the_loop_back_and_stops_when_cancelled() -> None:
    from fakes.litellm._handler import _aiterate

    taken: list[int] = []
    received: list[Any] = []

    async def consume() -> None:
        async for chunk in _aiterate(_counted(10_000, taken)):
            received.append(chunk)

    task = asyncio.ensure_future(consume())
    await asyncio.sleep(0)  # the consumer starts, and must hand the loop back soon
    assert 0 < len(taken) <= 16
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    stopped_at = len(taken)
    await asyncio.sleep(0)
    assert len(taken) == stopped_at <= 16  # nothing is made after the cancel
    assert len(received) == stopped_at
