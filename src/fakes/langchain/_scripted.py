"""ScriptedChat: replies given in order, for tests that need exact control."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field, PrivateAttr, field_validator
from typing_extensions import override

from fakes.core import (
    Call,
    InvalidInputError,
    InvalidToolCall,
    Reply,
    Request,
    Script,
    ToolCall,
    Usage,
    content_text,
    tool_call_id,
)
from fakes.langchain._base import BaseFakeChat

__all__ = ["ScriptedChat"]


class ScriptedChat(BaseFakeChat):
    """Chat model that gives its scripted replies in order, one per call.

    Each reply is a ``str``, an ``AIMessage`` (its tool calls, usage and id are
    kept, also when streamed), an exception instance, which that call raises, or
    a callable that receives the call record (:class:`fakes.Call`: ``.number``,
    ``.raw`` the messages as given, ``.kwargs`` the call's options such as
    ``tools``) and returns one of the others::

        model = ScriptedChat(replies=["hi", AIMessage("", tool_calls=[...]), TimeoutError()])
        echo = ScriptedChat(replies=[lambda call: call.last_text.upper()], cycle=True)

    A call past the end raises :class:`~fakes.core.ScriptExhaustedError` naming
    the call number and how many replies were scripted; with ``cycle=True`` the
    script starts again instead. Safe under ``batch``.
    """

    replies: list[Any] = Field(default_factory=list)
    """The replies, in order: str, AIMessage, an exception instance or a callable."""
    cycle: bool = False
    """Repeat the script instead of running out."""
    model_name: str = Field(default="scripted", alias="model")

    _script: Script[Any] = PrivateAttr()

    @field_validator("replies", mode="before")
    @classmethod
    def _check_replies(cls, value: Any) -> list[Any]:
        if isinstance(value, (str, bytes)) or not isinstance(value, Sequence):
            raise InvalidInputError(
                "replies must be a list of str, AIMessage, exceptions or callables, "
                f"got {type(value).__name__}"
            )
        for index, item in enumerate(value):
            if not callable(item) or isinstance(item, type):
                _check_reply(item, f"reply #{index + 1}")
        return list(value)

    @override
    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        self._script = Script(self.replies, cycle=self.cycle)

    @property
    def remaining(self) -> int:
        """How many scripted replies have not been used yet."""
        return self._script.remaining

    @override
    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Accept tools so agents can be built on a script; the script decides every reply.

        The tools (as OpenAI schemas) and ``tool_choice`` are recorded in each call's
        ``kwargs``, so a test can assert what the code under test bound.
        """
        formatted = [convert_to_openai_tool(tool) for tool in tools]
        if tool_choice is not None:
            kwargs["tool_choice"] = tool_choice
        return self.bind(tools=formatted, **kwargs)

    @override
    def _reply(self, request: Request, call: Call) -> Reply:
        item = self._script.take()
        if callable(item):
            item = item(call)
            _check_reply(item, f"the reply computed for call #{call.number}")
        if isinstance(item, BaseException):
            raise item
        if isinstance(item, str):
            return Reply(text=item)
        return _scripted_reply(item, request)

    @property
    @override
    def _llm_type(self) -> str:
        return "scripted-chat"


def _check_reply(item: Any, what: str) -> None:
    """Raise naming ``what`` unless ``item`` is a str, an AIMessage or an exception instance."""
    if isinstance(item, type) and issubclass(item, BaseException):
        raise InvalidInputError(
            f"{what} is the exception class {item.__name__}; "
            f"give an instance such as {item.__name__}('message')"
        )
    if not isinstance(item, (str, AIMessage, BaseException)):
        raise InvalidInputError(
            f"{what} is a {type(item).__name__}; a reply must be a str, an AIMessage, "
            "an exception instance or a callable of the call returning one of those"
        )


def _scripted_reply(message: AIMessage, request: Request) -> Reply:
    """Turn a scripted ``AIMessage`` into a neutral reply, keeping tool calls, usage, id, kwargs.

    A tool call without an id gets the core's id for its position (``call_<k>_<i>``,
    ``k`` the AI messages already in the conversation), as every fake's do.
    """
    tool_calls = tuple(
        ToolCall(
            name=tool["name"],
            args=dict(tool["args"]),
            id=tool.get("id") or tool_call_id(request.turns, position),
        )
        for position, tool in enumerate(message.tool_calls)
    )
    invalid = tuple(
        InvalidToolCall(
            name=c.get("name"), args=c.get("args"), id=c.get("id"), error=c.get("error")
        )
        for c in message.invalid_tool_calls
    )
    usage = message.usage_metadata
    return Reply(
        text=content_text(message.content),
        tool_calls=tool_calls,
        invalid_tool_calls=invalid,
        usage=None
        if usage is None
        else Usage(
            usage["input_tokens"],
            usage["output_tokens"],
            usage["total_tokens"],
            _details(usage.get("input_token_details")),
            _details(usage.get("output_token_details")),
        ),
        message_id=message.id or None,
        message_fields=dict(message.additional_kwargs),
    )


def _details(details: Any) -> dict[str, int] | None:
    return None if details is None else dict(details)
