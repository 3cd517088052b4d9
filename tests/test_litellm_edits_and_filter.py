"""fakes/image's image_edit, and fakes/content-filter: the seed spec's remaining routes."""

from __future__ import annotations

import base64
import io
import struct

import pytest

from fakes.core import png_bytes

MESSAGES = [{"role": "user", "content": "tell me"}]
INPUT = png_bytes(3, 2, "input")


def _png(response, index: int = 0) -> bytes:
    image = response.data[index]
    encoded = image.b64_json or image.url.removeprefix("data:image/png;base64,")
    return base64.b64decode(encoded)


def _size(png: bytes) -> tuple[int, int]:
    return struct.unpack(">II", png[16:24])


def test_an_edit_is_a_png_derived_from_the_image_and_the_prompt(fake_litellm):
    import litellm

    edit = litellm.image_edit(model="fakes/image", image=INPUT, prompt="make it blue")
    png = _png(edit)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert _size(png) == (3, 2)  # the input PNG's size
    again = litellm.image_edit(model="fakes/image", image=INPUT, prompt="make it blue")
    assert _png(again) == png
    other_prompt = litellm.image_edit(model="fakes/image", image=INPUT, prompt="make it red")
    other_image = litellm.image_edit(
        model="fakes/image", image=png_bytes(3, 2, "another"), prompt="make it blue"
    )
    assert len({png, _png(other_prompt), _png(other_image)}) == 3
    generated = litellm.image_generation(model="fakes/image", prompt="make it blue", size="3x2")
    assert _png(generated) != png  # an edit is not the plain generation of its prompt
    call = fake_litellm.calls.last
    assert (call.last_text, call.kwargs["model"]) == ("make it blue", "fakes/image")
    assert not any(key.startswith("litellm") for key in call.kwargs)


async def test_inputs_in_every_form_give_the_same_edit(fake_litellm, tmp_path):
    import litellm

    path = tmp_path / "input.png"
    path.write_bytes(INPUT)
    expected = _png(litellm.image_edit(model="fakes/image", image=INPUT, prompt="p"))
    for image in (io.BytesIO(INPUT), ("input.png", INPUT, "image/png"), path, str(path)):
        assert _png(litellm.image_edit(model="fakes/image", image=image, prompt="p")) == expected
    edited = await litellm.aimage_edit(model="fakes/image", image=INPUT, prompt="p")
    assert _png(edited) == expected


def test_edit_options_size_n_and_b64_when_they_reach_the_handler(fake_litellm):
    # LiteLLM passes a custom provider's image_edit none of size, n or response_format
    # (it keeps them as named arguments); the handler honours them when they come.
    edit = fake_litellm.image_edit(
        model="fakes/image",
        image=INPUT,
        prompt="p",
        optional_params={"size": "8x4", "n": 2, "response_format": "b64_json"},
    )
    assert [_size(_png(edit, i)) for i in (0, 1)] == [(8, 4), (8, 4)]
    assert _png(edit, 0) != _png(edit, 1)
    assert edit.data[0].url is None


def test_through_litellm_an_edit_is_one_data_url_at_the_input_size(fake_litellm):
    import litellm

    edit = litellm.image_edit(model="fakes/image", image=INPUT, prompt="p", size="8x4", n=2)
    assert len(edit.data) == 1
    assert edit.data[0].url.startswith("data:image/png;base64,")
    assert _size(_png(edit)) == (3, 2)


def test_a_non_png_input_gets_the_default_size(fake_litellm):
    import litellm

    edit = litellm.image_edit(model="fakes/image", image=b"GIF89a....", prompt="p")
    assert _size(_png(edit)) == (256, 256)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (12, "image #0 must be bytes, a binary file or a path, got int"),
        ("missing-file.png", "image #0 cannot be read"),
    ],
)
def test_bad_edit_inputs_are_a_400(fake_litellm, image, message):
    import litellm

    with pytest.raises(litellm.BadRequestError, match=message):
        litellm.image_edit(model="fakes/image", image=image, prompt="p")


def test_edits_on_a_chat_route_are_a_400(fake_litellm):
    import litellm

    with pytest.raises(litellm.BadRequestError, match="does not do image generation and edits"):
        litellm.image_edit(model="fakes/parrot", image=INPUT, prompt="p")


def test_content_filter_finishes_with_content_filter(fake_litellm):
    import litellm

    response = litellm.completion(model="fakes/content-filter", messages=MESSAGES)
    choice = response.choices[0]
    assert choice.finish_reason == "content_filter"
    assert not choice.message.content
    assert response.usage.completion_tokens == 0
    chunks = list(litellm.completion(model="fakes/content-filter", messages=MESSAGES, stream=True))
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "content_filter"
    assert not "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)


async def test_content_filter_async(fake_litellm):
    import litellm

    response = await litellm.acompletion(model="fakes/content-filter", messages=MESSAGES)
    assert response.choices[0].finish_reason == "content_filter"
    stream = await litellm.acompletion(model="fakes/content-filter", messages=MESSAGES, stream=True)
    reasons = [c.choices[0].finish_reason async for c in stream if c.choices]
    assert reasons[-1] == "content_filter"


def test_the_content_filter_policy_in_a_langchain_fake():
    from fakes.core import Call, ContentFilter, Reply, Request
    from fakes.langchain import BaseFakeChat

    class FilteredChat(BaseFakeChat):
        def _reply(self, request: Request, call: Call) -> Reply:
            return ContentFilter().reply(request)

        @property
        def _llm_type(self) -> str:
            return "filtered"

    message = FilteredChat().invoke("anything")
    assert message.content == ""
    assert message.response_metadata["finish_reason"] == "content_filter"
