"""fakes/script: LiteLLM calls answered from FakesHandler.script(replies), in order."""

from __future__ import annotations

import asyncio

import litellm
import pytest

from fakes import Call
from fakes.litellm import FakesHandler, FakesProviderError, register

MESSAGES = [{"role": "user", "content": "hi"}]
TOOL_CALL = {
    "id": "call_x",
    "type": "function",
    "function": {"name": "add", "arguments": '{"a": 1, "b": 2}'},
}


@pytest.fixture
def handler():
    handler = FakesHandler()
    with register(handler):
        yield handler


def _complete(**kwargs):
    return litellm.completion(model="fakes/script", messages=MESSAGES, **kwargs)


def _stream_text() -> str:
    return "".join(c.choices[0].delta.content or "" for c in _complete(stream=True))


async def _acomplete(**kwargs):
    return await litellm.acompletion(model="fakes/script", messages=MESSAGES, **kwargs)


async def _astream_text() -> str:
    stream = await _acomplete(stream=True)
    return "".join([c.choices[0].delta.content or "" async for c in stream])


def test_replies_come_in_order_on_every_call_kind(handler):
    handler.script(["one", "two", "three", "four"])
    assert _complete().choices[0].message.content == "one"
    assert asyncio.run(_acomplete()).choices[0].message.content == "two"
    assert _stream_text() == "three"
    assert asyncio.run(_astream_text()) == "four"
    assert [call.streamed for call in handler.calls] == [False, False, True, True]


def test_a_message_dict_gives_its_tool_calls_and_reasoning(handler):
    handler.script(
        [
            {"content": None, "tool_calls": [TOOL_CALL]},
            {"content": "42", "reasoning_content": "Add them up."},
        ]
    )
    first = _complete().choices[0]
    assert first.finish_reason == "tool_calls"
    assert [(t.id, t.function.name, t.function.arguments) for t in first.message.tool_calls] == [
        ("call_x", "add", '{"a": 1, "b": 2}')
    ]
    second = _complete().choices[0].message
    assert (second.content, second.reasoning_content) == ("42", "Add them up.")


def test_streamed_tool_calls_add_up_to_the_scripted_ones(handler):
    handler.script([{"content": None, "tool_calls": [TOOL_CALL]}])
    chunks = list(_complete(stream=True))
    rebuilt = litellm.stream_chunk_builder(chunks, messages=MESSAGES)
    call = rebuilt.choices[0].message.tool_calls[0]
    assert (call.id, call.function.name, call.function.arguments) == (
        "call_x",
        "add",
        '{"a": 1, "b": 2}',
    )


def test_tool_calls_without_ids_get_the_core_ids_and_bad_arguments_stay_as_written(handler):
    no_id = {"type": "function", "function": {"name": "add", "arguments": {"a": 1}}}
    bad = {"type": "function", "function": {"name": "add", "arguments": "{oops"}}
    handler.script([{"tool_calls": [no_id, bad]}])
    calls = _complete().choices[0].message.tool_calls
    assert [(c.id, c.function.arguments) for c in calls] == [
        ("call_0_0", '{"a": 1}'),
        ("call_0_1", "{oops"),
    ]


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (429, litellm.RateLimitError),
        (401, litellm.AuthenticationError),
        (503, litellm.ServiceUnavailableError),
    ],
)
def test_an_exception_reply_is_raised_mapped_by_its_status(handler, status, error):
    handler.script([FakesProviderError(status, "scripted failure")])
    with pytest.raises(error, match="scripted failure"):
        _complete()


def test_an_exception_reply_is_raised_by_a_stream_at_call_time(handler):
    handler.script([FakesProviderError(429, "later")])
    with pytest.raises(litellm.RateLimitError):
        _complete(stream=True)


def test_a_callable_reply_receives_the_call_record(handler):
    seen: list[Call] = []

    def reply(call: Call) -> str:
        seen.append(call)
        return f"#{call.number}: {call.last_text}"

    handler.script([reply], cycle=True)
    assert [_complete().choices[0].message.content for _ in range(2)] == ["#1: hi", "#2: hi"]
    assert seen[0].kwargs["model"] == "fakes/script"


def test_running_out_is_a_bad_request_naming_the_call(handler):
    handler.script(["only"])
    _complete()
    with pytest.raises(litellm.BadRequestError, match=r"fakes/script call #2 has no reply: only 1"):
        _complete()


def test_without_a_script_the_route_says_how_to_set_one(handler):
    with pytest.raises(litellm.BadRequestError, match=r"fake_litellm.script\(\[\.\.\.\]\)"):
        _complete()
    handler.script(["x"])
    handler.reset()
    with pytest.raises(litellm.BadRequestError, match="no replies are scripted"):
        _complete()


@pytest.mark.parametrize(
    ("replies", "message"),
    [
        ("one string", "a list of replies"),
        ([ValueError], "the exception class ValueError"),
        ([42], "reply #1 is a int"),
        ([{"content": "x", "bogus": 1}], r"unknown keys \['bogus'\]"),
        ([{"role": "user", "content": "x"}], "role 'user'"),
        ([{"content": 5}], "content must be a str or None, got int"),
        ([{"tool_calls": 5}], "tool_calls must be a list, got int"),
        ([{"tool_calls": [{"function": {"arguments": "{}"}}]}], r"needs function\.name"),
    ],
)
def test_bad_replies_are_rejected_when_scripted(replies, message):
    from fakes.core import InvalidInputError

    with pytest.raises(InvalidInputError, match=message):
        FakesHandler().script(replies)


def test_a_bad_computed_reply_is_a_bad_request(handler):
    handler.script([lambda call: {"tool_calls": [{"function": {"arguments": "{}"}}]}])
    with pytest.raises(litellm.BadRequestError, match=r"needs function\.name"):
        _complete()


def test_a_recorded_message_scripts_back(handler):
    handler.script(["hello"])
    recorded = _complete().choices[0].message.model_dump()
    handler.script([recorded])
    assert _complete().choices[0].message.content == "hello"


def test_stop_and_max_tokens_cut_the_text_of_a_message_with_reasoning(handler):
    reply = {"content": "hello world STOP tail", "reasoning_content": "think"}
    handler.script([reply, reply])
    cut = _complete(stop=["STOP"]).choices[0]
    assert (cut.message.content, cut.message.reasoning_content) == ("hello world STOP", "think")
    short = _complete(max_tokens=3).choices[0]
    assert (short.message.content, short.finish_reason) == ("hel", "length")


def test_the_fixture_exposes_script(fake_litellm):
    fake_litellm.script(["from the fixture"])
    assert _complete().choices[0].message.content == "from the fixture"
