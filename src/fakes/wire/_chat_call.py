"""What every wire format's chat request becomes, and what its renderers take."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, NamedTuple

from fakes.core import Call, InvalidInputError, Response, ToolDef, Turn

__all__ = ["Answer", "ChatCall", "model_and_messages"]


class ChatCall(NamedTuple):
    """One chat request read from a provider's JSON body, in the core's terms."""

    model: str
    """The model name as the client sent it (``gpt-4o-mini``, ``claude-3-5-haiku-latest``)."""
    turns: tuple[Turn, ...]
    """The conversation (a top-level system prompt becomes the first turn)."""
    options: dict[str, Any]
    """The call's options for :func:`fakes.core.make_request`: ``tool_choice``,
    ``max_tokens``, ``logprobs``, ``n``, ``temperature``, ..."""
    tools: tuple[ToolDef, ...]
    """The tools, normalized."""
    stop: Any
    """Stop sequences as sent (None, a string or a list)."""
    stream: bool
    """Whether the client asked for a stream."""
    raw: Any
    """The messages as sent, for the call log."""


class Answer(NamedTuple):
    """A chat call answered by the pipeline: what a wire renderer turns into JSON."""

    call: Call
    """The call's record in the log."""
    response: Response
    """The neutral response."""
    id: str
    """The response id, without the provider's prefix (renderers add theirs)."""
    created: int
    """Unix time of the answer."""


def model_and_messages(body: Mapping[str, Any]) -> tuple[str, list[Any]]:
    """Read a chat body's ``model`` (a non-empty str) and ``messages`` (a list), or raise."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidInputError(f"model must be a non-empty string, got {model!r}")
    messages = body.get("messages")
    if not isinstance(messages, list):
        raise InvalidInputError(f"messages must be a list, got {type(messages).__name__}")
    return model, messages
