"""Messages in a neutral form, the one shape every adapter converts to and from."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from fakes.core._errors import InvalidInputError
from fakes.core._usage import Usage

__all__ = [
    "FinishReason",
    "InvalidToolCall",
    "Part",
    "Reply",
    "Role",
    "ToolCall",
    "Turn",
    "last_text",
]

Role = Literal["system", "user", "assistant", "tool"]
FinishReason = Literal["stop", "length", "tool_calls", "content_filter"]
"""Why a reply ended, in OpenAI's words."""


@dataclass(frozen=True)
class ToolCall:
    """A request from the model to call one tool."""

    name: str
    """Name of the tool to call."""
    args: dict[str, Any]
    """Arguments, valid against the tool's JSON schema."""
    id: str
    """Identifier that the tool result refers back to."""


@dataclass(frozen=True)
class InvalidToolCall:
    """A tool call whose arguments are not a JSON object, kept as the model wrote it."""

    name: str | None
    """Name of the tool, when the model gave one."""
    args: str | None
    """The arguments as raw text."""
    id: str | None
    """Identifier of the call, when the model gave one."""
    error: str | None = None
    """Why the call could not be parsed."""


@dataclass(frozen=True)
class Part:
    """One content part of a reply, in order: text, reasoning, an image, ..."""

    type: str
    """What the part holds: "text", "reasoning", "image", or a provider's own type."""
    text: str
    """The part's text (a reasoning part's reasoning; empty for an image)."""
    block: Any = None
    """The part as a framework gave it (a content-block dict or a str), rendered back
    unchanged; None for a part the pipeline made."""


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


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and
# one Reply is built per call (benchmarks: tool-turn <= 1.5). Treat it as read-only.
@dataclass(slots=True)
class Reply:
    """What a policy answers: text, tool calls, or both, before the pipeline shapes it.

    Everything but ``text`` is optional. A field left at its default is filled by
    the pipeline (usage counted, id by the adapter's rule); a field given is kept
    as given, which is how a scripted reply comes back exactly as scripted.
    """

    text: str = ""
    """The reply text (before stop sequences and ``max_tokens`` are applied)."""
    tool_calls: tuple[ToolCall, ...] = ()
    """Tool calls the reply asks for."""
    invalid_tool_calls: tuple[InvalidToolCall, ...] = ()
    """Tool calls whose arguments could not be parsed, kept as written."""
    usage: Usage | None = None
    """Usage to report as given; None counts it (one token per character)."""
    message_id: str | None = None
    """Id of the reply message; None leaves it to the adapter's rule."""
    message_fields: dict[str, Any] = field(default_factory=dict)
    """Provider-specific fields of the reply message, passed through unchanged
    (LangChain renders them as ``additional_kwargs``)."""
    parts: tuple[Part, ...] = ()
    """Content parts kept exactly as given, in order; when set, ``text`` is not used
    and no stop sequence or ``max_tokens`` cuts them."""
    metadata: dict[str, Any] | None = None
    """Response metadata as given; None lets the adapter report its own (model name,
    finish reason)."""
    count_usage: bool = True
    """False: report no usage unless ``usage`` is given (a scripted message that has none)."""
    name: str | None = None
    """The name of the speaker, as given."""
    finish_reason: FinishReason | None = None
    """Why the reply ended, as given (``"content_filter"``); None lets the pipeline decide."""
    reasoning: str | None = None
    """Reasoning as given (a scripted ``reasoning_content``; "" for none); None leaves it to
    the fake's ``reasoning`` setting."""


def last_text(turns: tuple[Turn, ...] | list[Turn]) -> str:
    """Return the text of the last turn, or raise if there is none."""
    if not turns:
        raise InvalidInputError("the fake model was called with an empty list of messages")
    return turns[-1].text
