"""The parrot and unix-time fakes of the seed guides."""

from __future__ import annotations

from typing import Any

from pydantic import Field
from typing_extensions import override

from fakes.core import Call, Echo, Reply, Request, Response, UnixTime
from fakes.langchain._base import BaseFakeChat, BaseFakeLLM

__all__ = ["ParrotChat", "ParrotLLM", "UnixTimeChat", "UnixTimeLLM"]

_UNIX_TIME = UnixTime()


class ParrotLLM(BaseFakeLLM):
    """Text LLM that returns the first ``n`` characters of the prompt.

    The seed guide's ``CustomLLM``, ready made::

        >>> ParrotLLM(n=5).invoke("This is a foobar thing")
        'This '

    Streams one character per chunk; ``n=None`` echoes the whole prompt.
    """

    n: int | None = Field(default=None, ge=0)
    """Number of characters of the prompt to echo (None: all of them)."""
    model_name: str = "parrot"

    @override
    def _reply(self, request: Request, call: Call) -> Reply:
        return Echo(self.n).reply(request)

    @property
    @override
    def _llm_type(self) -> str:
        return "parrot"


class _UnixTimeReply:
    """The unix-time policy, shared by the text and the chat fake."""

    def _reply(self, request: Request, call: Call) -> Reply:
        return _UNIX_TIME.reply(request)


class UnixTimeLLM(_UnixTimeReply, BaseFakeLLM):
    """Text LLM that answers ``str(int(time.time()))``; freeze it with freezegun."""

    model_name: str = "unixtime"

    @property
    @override
    def _llm_type(self) -> str:
        return "unixtime"


class ParrotChat(BaseFakeChat):
    """Chat model that echoes the first characters of the last message.

    The seed guide's ``ChatParrotLink``, ready made: usage counts characters of
    all messages in and characters out, streaming gives one character per chunk
    and then an empty final chunk carrying the response metadata::

        >>> model = ParrotChat(parrot_buffer_length=3, model="my_custom_model")
        >>> model.invoke("hello").content
        'hel'
        >>> "|".join(chunk.content for chunk in model.stream("cat"))
        'c|a|t|'
    """

    parrot_buffer_length: int | None = Field(default=None, ge=0)
    """Number of characters of the last message to echo (None: all of them)."""
    model_name: str = Field(default="parrot", alias="model")

    @override
    def _reply(self, request: Request, call: Call) -> Reply:
        return Echo(self.parrot_buffer_length).reply(request)

    @override
    def _response_metadata(self, response: Response, *, streamed: bool) -> dict[str, Any]:
        # The seed's exact keys: its invoke reports "time_in_seconds", its
        # stream's final chunk "time_in_sec".
        key = "time_in_sec" if streamed else "time_in_seconds"
        return {key: 3, "model_name": response.model}

    @property
    @override
    def _llm_type(self) -> str:
        return "echoing-chat-model-advanced"


class UnixTimeChat(_UnixTimeReply, BaseFakeChat):
    """Chat model that answers ``str(int(time.time()))``; freeze it with freezegun."""

    model_name: str = Field(default="unixtime", alias="model")

    @property
    @override
    def _llm_type(self) -> str:
        return "unixtime-chat"
