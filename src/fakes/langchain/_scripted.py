"""ScriptedChat: replies given in order, for tests that need exact control."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import AIMessage
from langchain_core.runnables import Runnable, RunnableConfig
from langchain_core.runnables.config import get_config_list
from langchain_core.tools import BaseTool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import Field, PrivateAttr, field_validator
from typing_extensions import override

from fakes.core import (
    Call,
    InvalidToolCall,
    Part,
    Replies,
    Reply,
    Request,
    ToolCall,
    Usage,
    content_text,
    tool_call_ids,
)
from fakes.langchain._base import BaseFakeChat
from fakes.langchain._structured import StructuredOutput

__all__ = ["ScriptedChat"]


class ScriptedChat(StructuredOutput, BaseFakeChat):
    """Chat model that gives its scripted replies in order, one per call.

    Each reply is a ``str``, an ``AIMessage`` (which comes back verbatim, also
    when streamed: content blocks, tool calls, name, metadata, usage only if
    scripted), an exception instance, which that call raises, or a callable that
    receives the call record (:class:`fakes.Call`: ``.number``, ``.raw`` the
    messages as given, ``.kwargs`` the call's options such as ``tools`` or
    ``response_format``) and returns one of the others::

        model = ScriptedChat(replies=["hi", AIMessage("", tool_calls=[...]), TimeoutError()])
        echo = ScriptedChat(replies=[lambda call: call.last_text.upper()], cycle=True)

    A call past the end raises :class:`~fakes.core.ScriptExhaustedError` naming
    the call number and how many replies were scripted; with ``cycle=True`` the
    script starts again instead. ``batch`` and ``abatch`` run one input at a time,
    so the replies go to the inputs in order. ``with_structured_output`` parses
    the scripted reply: its first tool call (``method="function_calling"``), or
    its text as JSON ("json_schema", "json_mode").
    """

    replies: list[Any] = Field(default_factory=list)
    """The replies, in order: str, AIMessage, an exception instance or a callable."""
    cycle: bool = False
    """Repeat the script instead of running out."""
    model_name: str = Field(default="scripted", alias="model")

    _replies: Replies = PrivateAttr()

    @field_validator("replies", mode="before")
    @classmethod
    def _check_replies(cls, value: Any) -> list[Any]:
        _replies(value, cycle=False)  # the checks, when constructed
        return list(value)

    @override
    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        self._replies = _replies(self.replies, cycle=self.cycle)

    @property
    def remaining(self) -> int:
        """How many scripted replies have not been used yet."""
        return self._replies.script.remaining

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
    def batch(
        self,
        inputs: list[LanguageModelInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[AIMessage]:
        """Answer each input in turn: a script's order must not depend on thread timing."""
        configs = _one_at_a_time(config, len(inputs))
        return super().batch(inputs, configs, return_exceptions=return_exceptions, **kwargs)

    @override
    async def abatch(
        self,
        inputs: list[LanguageModelInput],
        config: RunnableConfig | list[RunnableConfig] | None = None,
        *,
        return_exceptions: bool = False,
        **kwargs: Any,
    ) -> list[AIMessage]:
        """Answer each input in turn, as :meth:`batch` does."""
        configs = _one_at_a_time(config, len(inputs))
        return await super().abatch(inputs, configs, return_exceptions=return_exceptions, **kwargs)

    @override
    def _reply(self, request: Request, call: Call) -> Reply:
        item = self._replies.take(call)
        if isinstance(item, str):
            return Reply(text=item)
        return _scripted_reply(item, request)

    @property
    @override
    def _llm_type(self) -> str:
        return "scripted-chat"


def _one_at_a_time(
    config: RunnableConfig | list[RunnableConfig] | None, count: int
) -> list[RunnableConfig]:
    return [{**c, "max_concurrency": 1} for c in get_config_list(config, count)]


def _replies(replies: Any, *, cycle: bool) -> Replies:
    return Replies(
        replies,
        kinds=(str, AIMessage),
        described="a str, an AIMessage",
        who="ScriptedChat",
        cycle=cycle,
    )


def _scripted_reply(message: AIMessage, request: Request) -> Reply:
    """Turn a scripted ``AIMessage`` into a neutral reply that renders back verbatim.

    Content (a str, or content blocks in order), tool calls, invalid tool calls,
    ``additional_kwargs``, ``name``, ``response_metadata`` and the id come back as
    given; usage only when scripted; no reasoning is added. A tool call without an
    id gets the core's id for its position (``call_<k>_<i>``), as every fake's do.
    """
    ids = tool_call_ids(request.turns, len(message.tool_calls))
    tool_calls = tuple(
        ToolCall(name=tool["name"], args=dict(tool["args"]), id=tool.get("id") or ids[position])
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
        parts=_parts(message.content),
        metadata=dict(message.response_metadata),
        count_usage=False,
        name=message.name,
        reasoning="",  # as scripted: a message brings its reasoning in its content, if any
    )


def _parts(content: str | list[Any]) -> tuple[Part, ...]:
    """Content blocks as parts that render back unchanged; () for str content."""
    if isinstance(content, str):
        return ()
    parts = []
    for block in content:
        if isinstance(block, str):
            parts.append(Part("text", block, block))
        else:
            kind = str(block.get("type", ""))
            text = block.get("text") if kind == "text" else block.get("reasoning")
            parts.append(Part(kind, text if isinstance(text, str) else "", block))
    return tuple(parts)


def _details(details: Any) -> dict[str, int] | None:
    return None if details is None else dict(details)
