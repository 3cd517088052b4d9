"""logprobs, reasoning, content filtering and image edits through `fake_openai_server`.

The same session proxy and ``client`` fixture as tests/test_server.py (tests/conftest.py).
"""

from __future__ import annotations

import base64

import pytest

from fakes.core import png_bytes, token_logprobs

pytestmark = [pytest.mark.slow, pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

DERIVED = 'The user wrote "hello". I will answer it.'


def user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


def test_logprobs_come_as_the_same_json(client):
    response = client.chat.completions.create(
        model="parrot", messages=user("héllo"), logprobs=True, top_logprobs=2
    )
    content = response.choices[0].logprobs.content
    assert [entry.model_dump() for entry in content] == token_logprobs("héllo", 2)


def test_streamed_logprobs_cover_the_streamed_text(client):
    stream = client.chat.completions.create(
        model="parrot", messages=user("héllo"), logprobs=True, stream=True
    )
    chunks = list(stream)
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    tokens = "".join(
        entry.token
        for chunk in chunks
        if chunk.choices and chunk.choices[0].logprobs
        for entry in chunk.choices[0].logprobs.content
    )
    assert tokens == text == "héllo"


def test_reasoning_effort_brings_reasoning_content(client):
    response = client.chat.completions.create(
        model="parrot", messages=user("hello"), reasoning_effort="low"
    )
    message = response.choices[0].message
    assert message.content == "hello"
    assert (message.model_extra or {}).get("reasoning_content") == DERIVED
    details = response.usage.completion_tokens_details
    assert details is not None
    assert details.reasoning_tokens == len(DERIVED)
    plain = client.chat.completions.create(model="parrot", messages=user("hello"))
    assert not (plain.choices[0].message.model_extra or {}).get("reasoning_content")


def test_streamed_reasoning_comes_before_the_text(client):
    stream = client.chat.completions.create(
        model="parrot", messages=user("hello"), reasoning_effort="low", stream=True
    )
    deltas = [chunk.choices[0].delta for chunk in stream if chunk.choices]
    reasoning = [(d.model_extra or {}).get("reasoning_content") or "" for d in deltas]
    text = [d.content or "" for d in deltas]
    first_text = next(i for i, piece in enumerate(text) if piece)
    assert "".join(reasoning[:first_text]) == DERIVED
    assert not any(reasoning[first_text:])
    assert "".join(text) == "hello"


def test_content_filter_over_http(client):
    response = client.chat.completions.create(model="content-filter", messages=user("x"))
    assert response.choices[0].finish_reason == "content_filter"
    assert not response.choices[0].message.content
    stream = client.chat.completions.create(model="content-filter", messages=user("x"), stream=True)
    reasons = [c.choices[0].finish_reason for c in stream if c.choices]
    assert reasons[-1] == "content_filter"


def test_image_edits_over_http(client):
    image = png_bytes(3, 2, "input")
    edit = client.images.edit(
        model="image", image=("input.png", image, "image/png"), prompt="make it blue"
    )
    again = client.images.edit(
        model="image", image=("input.png", image, "image/png"), prompt="make it blue"
    )
    other = client.images.edit(
        model="image", image=("input.png", image, "image/png"), prompt="make it red"
    )
    prefix = "data:image/png;base64,"
    png = base64.b64decode(edit.data[0].url.removeprefix(prefix))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert again.data[0].url == edit.data[0].url != other.data[0].url
