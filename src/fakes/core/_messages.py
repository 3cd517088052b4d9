"""Messages in a neutral form, the one shape every adapter converts to and from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from fakes.core._frozen import fast_init

__all__ = ["Reply", "Role", "ToolCall", "Turn", "last_text"]

Role = Literal["system", "user", "assistant", "tool"]


@fast_init
@dataclass(frozen=True)
class ToolCall:
    """A request from the model to call one tool."""

    name: str
    """Name of the tool to call."""
    args: dict[str, Any]
    """Arguments, valid against the tool's JSON schema."""
    id: str
    """Identifier that the tool result refers back to."""


@fast_init
@dataclass(frozen=True)
class Turn:
    """One message of a conversation, framework-free."""

    role: Role
    """Who spoke: system, user, assistant or tool."""
    text: str
    """The text of the message; non-text content blocks are left out."""
    tool_calls: tuple[ToolCall, ...] = ()
    """Tool calls made by an assistant turn."""
    tool_call_id: str | None = None
    """For a tool turn: the id of the call this is the result of."""
    name: str | None = None
    """For a tool turn: the name of the tool, when known."""
    message_id: str | None = None
    """The framework's id of the message, when it has one."""


@fast_init
@dataclass(frozen=True)
class Reply:
    """What a policy answers: text, tool calls, or both."""

    text: str = ""
    """The reply text (before stop sequences are applied)."""
    tool_calls: tuple[ToolCall, ...] = ()
    """Tool calls the reply asks for."""
    extra: dict[str, Any] = field(default_factory=dict)
    """Adapter-specific payload carried through unchanged."""


def last_text(turns: tuple[Turn, ...] | list[Turn]) -> str:
    """Return the text of the last turn, or raise if there is none."""
    if not turns:
        from fakes.core._errors import InvalidInputError

        raise InvalidInputError("the fake model was called with an empty list of messages")
    return turns[-1].text
