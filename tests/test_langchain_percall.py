"""The fakes answer two of langchain-core's per-call questions themselves.

``stored_signature`` must give ``inspect.signature`` exactly what it would compute,
and our ``_get_ls_params`` must build what langchain-core's default builds (with
our provider and model name), without a ``hasattr`` miss per call.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from typing import Any

import pydantic
import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.language_models.llms import BaseLLM
from pydantic import ConfigDict

from fakes.langchain import (
    ParrotChat,
    ParrotLLM,
    ScriptedChat,
    ToolCallingChat,
    UnixTimeChat,
    UnixTimeLLM,
)
from fakes.langchain._base import BaseFakeChat, BaseFakeLLM
from fakes.langchain._percall import stored_signature


class WarmParrot(ParrotChat):
    """A user's subclass with a sampling temperature, which tracing reports."""

    temperature: float = 0.7


class TokenLimitedLLM(ParrotLLM):
    """A text LLM subclass with a max_tokens and a model attribute."""

    max_tokens: int = 64
    model: str = "parrot-xl"


class LooseParrot(ParrotChat):
    """Extra attributes allowed: a temperature can arrive as an extra."""

    model_config = ConfigDict(extra="allow")


def _unstored(function: Callable[..., Any]) -> Callable[..., Any]:
    """A copy of ``function`` without a stored ``__signature__``."""
    copy = types.FunctionType(
        function.__code__,
        function.__globals__,
        function.__name__,
        function.__defaults__,
        function.__closure__,
    )
    copy.__kwdefaults__ = function.__kwdefaults__
    copy.__annotations__ = function.__annotations__
    return copy


@pytest.mark.parametrize(
    "function",
    [
        BaseFakeChat._generate,
        BaseFakeChat._agenerate,
        BaseFakeLLM._call,
        BaseFakeLLM._acall,
    ],
    ids=lambda function: function.__qualname__,
)
def test_stored_signature_is_what_inspect_computes(function: Callable[..., Any]) -> None:
    assert "__signature__" in vars(function)
    assert inspect.signature(function) == inspect.signature(_unstored(function))
    assert "run_manager" in inspect.signature(function).parameters


def test_bound_methods_still_drop_self_and_offer_run_manager() -> None:
    model = ParrotChat()
    parameters = list(inspect.signature(model._generate).parameters)
    assert parameters == ["messages", "stop", "run_manager", "kwargs"]
    llm = ParrotLLM()
    assert list(inspect.signature(llm._call).parameters) == [
        "prompt",
        "stop",
        "run_manager",
        "kwargs",
    ]


def test_stored_signature_returns_the_function_itself() -> None:
    def answer(question: str, *, loud: bool = False) -> str:
        return question.upper() if loud else question

    stored = stored_signature(answer)
    assert stored is answer
    assert answer("hi", loud=True) == "HI"
    assert str(inspect.signature(answer)) == "(question: 'str', *, loud: 'bool' = False) -> 'str'"


CALL_OPTIONS: list[tuple[list[str] | None, dict[str, Any]]] = [
    (None, {}),
    (["\n"], {}),
    (None, {"model": "other"}),
    (None, {"model": ""}),
    (None, {"model": 3}),
    (["END"], {"temperature": 0.2, "max_tokens": 10}),
    (None, {"temperature": "hot", "max_tokens": 2.5}),
    (None, {"temperature": 1, "max_tokens": True}),
]


def _items(params: dict[str, Any]) -> list[tuple[str, Any]]:
    return list(params.items())  # the order matters: traces show these dicts as is


@pytest.mark.parametrize(("stop", "kwargs"), CALL_OPTIONS)
@pytest.mark.parametrize(
    "make",
    [ParrotChat, UnixTimeChat, ToolCallingChat, WarmParrot, lambda: ScriptedChat(replies=["x"])],
    ids=["parrot", "unixtime", "tool-calling", "warm-subclass", "scripted"],
)
def test_chat_ls_params_match_langchain_core_with_our_provider(
    make: Callable[[], BaseFakeChat], stop: list[str] | None, kwargs: dict[str, Any]
) -> None:
    model = make()
    expected = BaseChatModel._get_ls_params(model, stop=stop, **kwargs)
    expected["ls_provider"] = "fakes"
    # Our model name rule, older than this module: a non-empty per-call string wins.
    expected["ls_model_name"] = model._model_for_call(kwargs)
    assert _items(model._get_ls_params(stop=stop, **kwargs)) == _items(expected)  # type: ignore[arg-type]


@pytest.mark.parametrize(("stop", "kwargs"), CALL_OPTIONS)
@pytest.mark.parametrize(
    "make", [ParrotLLM, UnixTimeLLM, TokenLimitedLLM], ids=["parrot", "unixtime", "token-limited"]
)
def test_llm_ls_params_are_langchain_cores_default(
    make: Callable[[], BaseFakeLLM], stop: list[str] | None, kwargs: dict[str, Any]
) -> None:
    model = make()
    expected = BaseLLM._get_ls_params(model, stop=stop, **kwargs)
    assert _items(model._get_ls_params(stop=stop, **kwargs)) == _items(expected)  # type: ignore[arg-type]


def test_subclass_attributes_reach_the_trace() -> None:
    params = WarmParrot()._get_ls_params()
    assert params["ls_temperature"] == 0.7
    llm_params = TokenLimitedLLM()._get_ls_params()
    assert (llm_params["ls_max_tokens"], llm_params["ls_model_name"]) == (64, "parrot-xl")
    assert LooseParrot(temperature=0.3)._get_ls_params()["ls_temperature"] == 0.3  # type: ignore[call-arg]
    assert "ls_temperature" not in LooseParrot()._get_ls_params()


@pytest.fixture
def slow_lookups(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Names looked up through pydantic's Python-level ``__getattr__``.

    That is a private attribute read the slow way, or a miss, which raises and
    formats an AttributeError for ``hasattr`` to swallow.
    """
    misses: list[str] = []
    original = pydantic.BaseModel.__getattr__  # type: ignore[attr-defined]

    def counting(self: Any, name: str) -> Any:
        misses.append(name)
        return original(self, name)

    monkeypatch.setattr(pydantic.BaseModel, "__getattr__", counting)
    return misses


@pytest.mark.parametrize("make", [ParrotChat, ParrotLLM, WarmParrot], ids=["chat", "llm", "sub"])
def test_no_slow_lookups_per_call(make: Callable[[], Any], slow_lookups: list[str]) -> None:
    model = make()
    model.invoke("warm up")  # a class is looked at once, on its first call
    slow_lookups.clear()
    model.invoke("hello")
    model._get_ls_params(stop=["x"], temperature=0.1)
    # Private attributes are served by __getattr__ without raising; a miss raises.
    misses = [name for name in slow_lookups if name not in type(model).__private_attributes__]
    assert misses == []


def test_langchain_cores_default_does_miss(slow_lookups: list[str]) -> None:
    # The check above can fail: the default really does probe and miss.
    # (on a model without the standard fields; every fake now declares them)
    BaseChatModel._get_ls_params(GenericFakeChatModel(messages=iter([])))
    assert "temperature" in slow_lookups
