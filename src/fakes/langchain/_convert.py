"""Conversion between LangChain messages and the neutral core types."""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    FunctionMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)

from fakes.core import InvalidInputError, ToolCall, Turn, content_text
from fakes.core._messages import Role

__all__ = ["to_turns"]

_CHAT_ROLES: dict[str, Role] = {
    "user": "user",
    "human": "user",
    "assistant": "assistant",
    "ai": "assistant",
    "system": "system",
    "developer": "system",
    "tool": "tool",
    "function": "tool",
}


# Exact types first: a dict lookup is much cheaper than a chain of isinstance calls.
_ROLE_BY_TYPE: dict[type, Role] = {
    HumanMessage: "user",
    AIMessage: "assistant",
    SystemMessage: "system",
    ToolMessage: "tool",
    FunctionMessage: "tool",
}


def _role(message: BaseMessage) -> Role:
    """Role of a message whose exact type is not in ``_ROLE_BY_TYPE`` (subclasses, ChatMessage)."""
    if isinstance(message, HumanMessage):
        return "user"
    if isinstance(message, AIMessage):
        return "assistant"
    if isinstance(message, SystemMessage):
        return "system"
    if isinstance(message, (ToolMessage, FunctionMessage)):
        return "tool"
    if isinstance(message, ChatMessage):
        role = _CHAT_ROLES.get(message.role.lower())
        if role is None:
            raise InvalidInputError(f"unknown ChatMessage role {message.role!r}")
        return role
    raise InvalidInputError(f"unsupported message type {type(message).__name__}")


def to_turns(messages: Sequence[BaseMessage]) -> tuple[Turn, ...]:
    """Convert LangChain messages to neutral turns."""
    # On invoke's hot path: one dict lookup per message for the role, and the
    # optional Turn fields only looked at for the roles that carry them.
    turns: list[Turn] = []
    for index, message in enumerate(messages):
        role = _ROLE_BY_TYPE.get(type(message))
        if role is None:
            if not isinstance(message, BaseMessage):
                raise InvalidInputError(
                    f"message #{index} is a {type(message).__name__}, not a LangChain message"
                )
            role = _role(message)
        content = message.content
        text = content if type(content) is str else content_text(content, f"message #{index}")
        if role == "user" or role == "system":
            turns.append(Turn(role, text, message_id=message.id))
        elif role == "assistant":
            turns.append(Turn(role, text, _tool_calls(message), message_id=message.id))
        else:
            turns.append(
                Turn(
                    role,
                    text,
                    tool_call_id=message.tool_call_id if isinstance(message, ToolMessage) else None,
                    name=message.name,
                    message_id=message.id,
                )
            )
    return tuple(turns)


def _tool_calls(message: BaseMessage) -> tuple[ToolCall, ...]:
    if not isinstance(message, AIMessage) or not message.tool_calls:
        return ()
    return tuple(
        ToolCall(name=call["name"], args=dict(call["args"]), id=call.get("id") or "")
        for call in message.tool_calls
    )
