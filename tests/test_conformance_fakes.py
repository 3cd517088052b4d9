"""Our own fakes pass every conformance check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from freezegun import freeze_time
from pydantic import SecretStr

from fakes.conformance import ChatModelConformance, LLMConformance
from fakes.langchain import (
    ParrotChat,
    ParrotLLM,
    ScriptedChat,
    ToolCallingChat,
    UnixTimeChat,
    UnixTimeLLM,
)


@pytest.fixture
def frozen() -> Iterator[None]:
    # UnixTime fakes answer the current second; the agreement checks compare
    # two calls, so the clock must not tick between them.
    with freeze_time("2024-05-01 12:00:00", real_asyncio=True):
        yield


class TestParrotLLM(LLMConformance):
    model_class = ParrotLLM
    model_params: ClassVar[dict[str, Any]] = {}


class TestParrotLLMWithSecret(LLMConformance):
    """A parrot with an API key field: the secrets check runs instead of skipping."""

    class KeyedParrot(ParrotLLM):
        api_key: SecretStr = SecretStr("sk-conformance-secret")

    model_class = KeyedParrot


@pytest.mark.usefixtures("frozen")
class TestUnixTimeLLM(LLMConformance):
    model_class = UnixTimeLLM


class TestParrotChat(ChatModelConformance):
    model_class = ParrotChat
    model_params: ClassVar[dict[str, Any]] = {"parrot_buffer_length": 50, "model": "parrot-1"}


@pytest.mark.usefixtures("frozen")
class TestUnixTimeChat(ChatModelConformance):
    model_class = UnixTimeChat


class TestScriptedChat(ChatModelConformance):
    model_class = ScriptedChat
    # Every check makes at most a handful of calls; each call takes one reply.
    model_params: ClassVar[dict[str, Any]] = {
        "replies": ["Scripted answer, the same each time"] * 20
    }


class TestToolCallingChat(ChatModelConformance):
    model_class = ToolCallingChat
    has_tool_calling = True
