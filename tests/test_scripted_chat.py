"""ScriptedChat's scripts (callable replies, cycling) and what every fake's constructor takes."""

from __future__ import annotations

import pytest
from langchain_core.caches import InMemoryCache
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.globals import set_llm_cache
from langchain_core.messages import AIMessage, HumanMessage
from pydantic import SecretStr, ValidationError

from fakes import Call
from fakes.core import InvalidInputError, ScriptExhaustedError
from fakes.langchain import ParrotChat, ParrotLLM, ScriptedChat, ToolCallingChat, UnixTimeChat


def test_a_callable_reply_receives_the_call_record():
    seen: list[Call] = []

    def reply(call: Call) -> str:
        seen.append(call)
        return f"#{call.number}: {call.last_text.upper()}"

    model = ScriptedChat(replies=[reply, reply])
    assert model.invoke("hello").content == "#1: HELLO"
    bound = model.bind(tool_choice="auto")
    assert bound.invoke([HumanMessage("again")]).content == "#2: AGAIN"
    assert [c.number for c in seen] == [1, 2]
    assert seen[1].kwargs["tool_choice"] == "auto"
    assert seen[1].raw == [HumanMessage("again")]


def test_a_callable_may_return_a_message_or_an_exception():
    model = ScriptedChat(
        replies=[
            lambda call: AIMessage("", tool_calls=[{"name": "f", "args": {}, "id": "c1"}]),
            lambda call: TimeoutError(f"call {call.number} timed out"),
        ]
    )
    assert model.invoke("x").tool_calls[0]["id"] == "c1"
    with pytest.raises(TimeoutError, match="call 2 timed out"):
        model.invoke("y")


def test_a_callable_returning_something_else_is_a_clear_error():
    model = ScriptedChat(replies=[lambda call: 42])
    with pytest.raises(InvalidInputError, match="the reply computed for call #1 is a int"):
        model.invoke("x")


def test_cycle_repeats_the_script_instead_of_running_out():
    model = ScriptedChat(replies=["a", "b"], cycle=True)
    assert [model.invoke("x").content for _ in range(5)] == ["a", "b", "a", "b", "a"]
    assert model.remaining == 1
    with pytest.raises(ScriptExhaustedError, match="call #3"):
        once = ScriptedChat(replies=["a", "b"])
        for _ in range(3):
            once.invoke("x")


def test_cycle_needs_a_reply():
    # pydantic wraps the InvalidInputError (a ValueError) of a model's validation
    with pytest.raises(ValueError, match="cycle=True needs at least one reply"):
        ScriptedChat(replies=[], cycle=True)


@pytest.mark.parametrize(
    "make",
    [
        lambda: ScriptedChat(replies=["x"], sleep=0.1, bogus=1),
        lambda: ParrotChat(bogus=1),
        lambda: ToolCallingChat(bogus=1),
        lambda: UnixTimeChat(bogus=1),
        lambda: ParrotLLM(bogus=1),
    ],
)
def test_unknown_constructor_arguments_are_rejected_by_name(make):
    with pytest.raises(ValidationError, match="bogus") as error:
        make()
    assert "Extra inputs are not permitted" in str(error.value)


def test_the_standard_parameters_are_accepted_and_the_key_stays_secret():
    model = ScriptedChat(
        replies=["hello"],
        cycle=True,
        temperature=0.2,
        max_tokens=3,
        timeout=5,
        max_retries=2,
        api_key="sk-1",
    )
    assert isinstance(model.api_key, SecretStr)
    assert "sk-1" not in repr(model)
    assert "sk-1" not in str(model)
    assert model.api_key.get_secret_value() == "sk-1"
    reply = model.invoke("hello")
    assert (reply.content, reply.response_metadata["finish_reason"]) == ("hel", "length")
    params = model._get_ls_params()
    assert (params["ls_temperature"], params["ls_max_tokens"]) == (0.2, 3)
    # The call log records them (never the key); a call's own value wins.
    assert model.calls.last.kwargs == {
        "temperature": 0.2,
        "max_tokens": 3,
        "timeout": 5,
        "max_retries": 2,
    }
    model.invoke("hello", temperature=0.9)
    assert model.calls.last.kwargs["temperature"] == 0.9


@pytest.fixture
def llm_cache():
    set_llm_cache(InMemoryCache())
    yield
    set_llm_cache(None)


@pytest.mark.usefixtures("llm_cache")
def test_differently_configured_fakes_do_not_share_cache_entries():
    assert ParrotChat(parrot_buffer_length=3).invoke("abcdef").content == "abc"
    assert ParrotChat(parrot_buffer_length=5).invoke("abcdef").content == "abcde"
    assert ScriptedChat(replies=["first"]).invoke("q").content == "first"
    assert ScriptedChat(replies=["second"]).invoke("q").content == "second"
    assert ParrotLLM(n=2).invoke("abcdef") == "ab"
    assert ParrotLLM(n=4).invoke("abcdef") == "abcd"
    # the same configuration still hits the cache: the second model is never called
    again = ParrotChat(parrot_buffer_length=3)
    assert again.invoke("abcdef").content == "abc"
    assert len(again.calls) == 0


def test_disable_streaming_and_streaming_work_as_in_any_langchain_model():
    whole = ScriptedChat(replies=["abc"], disable_streaming=True)
    assert [c.content for c in whole.stream("x")] == ["abc"]

    class Tokens(BaseCallbackHandler):
        def __init__(self) -> None:
            self.tokens: list[str] = []

        def on_llm_new_token(self, token: str, **kwargs: object) -> None:
            self.tokens.append(token)

    seen = Tokens()
    # streaming=True: invoke streams internally, so callbacks see every token
    reply = ParrotChat(streaming=True).invoke("hey", config={"callbacks": [seen]})
    assert reply.content == "hey"
    assert seen.tokens == ["h", "e", "y", ""]
