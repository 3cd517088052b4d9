"""ToolCallingChat: a fake chat model that calls tools by documented rules."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from langchain_core.tools import BaseTool
from pydantic import Field
from typing_extensions import override

from fakes.core import (
    Call,
    InvalidInputError,
    Reply,
    Request,
    ToolDef,
    ToolPlanner,
    normalize_tool_choice,
    reply_message_id,
)
from fakes.langchain._base import BaseFakeChat
from fakes.langchain._structured import StructuredOutput
from fakes.langchain._tooldefs import BoundTools, tool_defs

if TYPE_CHECKING:
    from langchain_core.language_models import LanguageModelInput
    from langchain_core.messages import AIMessage
    from langchain_core.runnables import Runnable

__all__ = ["ToolCallingChat"]

_PLANNER = ToolPlanner()


class ToolCallingChat(StructuredOutput, BaseFakeChat):
    """Chat model that calls bound tools, deterministically, to drive real agent loops.

    Bind tools as with any chat model (pydantic models, functions, ``@tool`` tools
    or OpenAI dicts) and the fake follows the documented rules: it calls the tools
    the last user message names, with arguments taken from the prompt (call syntax
    ``magic_function(3)`` first, then quoted strings and numbers, then placeholders)
    and answers in text once tool results come back::

        >>> from langchain_core.tools import tool
        >>> @tool
        ... def magic_function(input: int) -> int:
        ...     '''Apply a magic function.'''
        ...     return input + 2
        >>> model = ToolCallingChat().bind_tools([magic_function])
        >>> model.invoke("What is magic_function(3)?").tool_calls[0]["args"]
        {'input': 3}

    The reply to a conversation holding ``k`` AI messages has id ``fake-msg-k`` and
    tool call ids ``call_k_0``, ``call_k_1``, ...; ``with_structured_output``
    supports the methods function_calling, json_schema and json_mode.
    """

    model_name: str = Field(default="tools", alias="model")

    @override
    def _reply(self, request: Request, call: Call) -> Reply:
        return _PLANNER.reply(request)

    @override
    def _tool_defs(self, tools: Any) -> tuple[ToolDef, ...]:
        return tool_defs(tools)

    @override
    def _message_id(self, call: Call) -> str | None:
        return reply_message_id(call.turns)

    @override
    def bind_tools(
        self,
        tools: Sequence[dict[str, Any] | type | Callable[..., Any] | BaseTool],
        *,
        tool_choice: str | bool | dict[str, Any] | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, AIMessage]:
        """Bind tools in any form LangChain accepts, checked now rather than at call time.

        ``tool_choice`` may be None/"auto", "any"/"required", "none", a bound
        tool's name or ``{"type": "function", "function": {"name": ...}}``; a name
        that is not bound raises :class:`~fakes.core.InvalidInputError`.
        ``parallel_tool_calls=False`` keeps only the first call of each reply.
        """
        if isinstance(tools, (str, bytes, dict)) or not isinstance(tools, Sequence):
            raise InvalidInputError(f"bind_tools takes a list of tools, got {type(tools).__name__}")
        formatted = BoundTools(tools)
        normalize_tool_choice(tool_choice, [tool.name for tool in formatted.defs])
        if tool_choice is not None:
            kwargs["tool_choice"] = tool_choice
        return super().bind(tools=formatted, **kwargs)

    @property
    @override
    def _llm_type(self) -> str:
        return "tool-calling-chat"
