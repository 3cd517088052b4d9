"""Render the core's neutral response and stream pieces in LiteLLM's types."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from litellm.types.utils import (
    ChoiceLogprobs,
    Choices,
    Delta,
    GenericStreamingChunk,
    Message,
    ModelResponse,
    ModelResponseStream,
    StreamingChoices,
)
from litellm.types.utils import Usage as LiteLLMUsage

from fakes.core import Piece, Response, token_logprobs
from fakes.wire._openai_chat import tool_call_fields, usage_fields

__all__ = ["model_response", "streaming_chunks"]


def model_response(
    response: Response, *, response_id: str, created: int, into: object = None
) -> ModelResponse:
    """Write the chat completion into LiteLLM's own ``model_response`` when given one.

    LiteLLM hands every handler a fresh ``ModelResponse`` and fills it for its
    built-in providers; filling that one keeps LiteLLM's hidden params on it
    (``custom_llm_provider``), as for its own providers. Anything else gets a new
    ``ModelResponse``, filled alike.
    """
    target = into if type(into) is ModelResponse and _fresh(into) else ModelResponse()
    choice = target.choices[0]
    choice.finish_reason = response.finish_reason
    tool_calls = tool_call_fields(response)
    reasoning = response.reasoning
    if tool_calls or reasoning:
        choice.message = Message(
            content=response.text or None,
            role="assistant",
            tool_calls=tool_calls or None,
            reasoning_content=reasoning or None,
        )
    else:
        choice.message.content = response.text
    if response.logprobs is not None:
        choice.logprobs = _logprobs(response.text, response.logprobs)
    target.id = response_id
    target.created = created
    target.model = response.model
    target.usage = LiteLLMUsage(**usage_fields(response.usage))  # type: ignore[attr-defined]
    return target


def _logprobs(text: str, top: int) -> ChoiceLogprobs:
    return ChoiceLogprobs.model_validate({"content": token_logprobs(text, top)})


def _fresh(response: ModelResponse) -> bool:
    """Whether ``response`` is still the untouched one-choice response LiteLLM passes in."""
    choices = response.choices
    if len(choices) != 1 or type(choices[0]) is not Choices:
        return False
    message = choices[0].message
    return (
        type(message) is Message
        and message.content is None
        and message.tool_calls is None
        and message.function_call is None
    )


class _StreamChunk(dict[str, Any]):
    """A ``GenericStreamingChunk`` that also carries the response id.

    LiteLLM's stream wrapper adopts ``chunk.id`` when a chunk has one, so the
    streamed response gets the same deterministic id as the non-streamed one
    instead of a random uuid.
    """

    id: str


def streaming_chunks(
    pieces: Iterator[Piece], response: Response, *, response_id: str
) -> Iterator[GenericStreamingChunk]:
    """Render stream pieces as ``GenericStreamingChunk`` dicts.

    The usage of the whole reply rides on the final chunk, as OpenAI sends it.
    A generic chunk has no place for reasoning or logprobs, so those pieces come
    as ``ModelResponseStream`` chunks, which LiteLLM passes through from a custom
    provider as they are.
    """
    rich = response.logprobs is not None or bool(response.streamed_reasoning)
    for piece in pieces:
        if rich and (piece.reasoning or piece.text):
            yield _rich_chunk(piece, response, response_id)  # type: ignore[misc]
            continue
        chunk = _StreamChunk(
            text=piece.text,
            tool_use=None,
            is_finished=piece.last,
            finish_reason=response.finish_reason if piece.last else "",
            usage=None,
            index=0,
        )
        if piece.tool is not None:
            tool = piece.tool
            chunk["tool_use"] = {
                "id": tool.id,
                "type": "function",
                "function": {"name": tool.name, "arguments": tool.args},
                "index": tool.position,
            }
        if piece.last:
            chunk["usage"] = usage_fields(response.usage)
        chunk.id = response_id
        yield chunk  # type: ignore[misc]


def _rich_chunk(piece: Piece, response: Response, response_id: str) -> ModelResponseStream:
    """Render a chunk of reasoning, or of text with its own characters' logprobs."""
    if piece.reasoning:
        delta = Delta(reasoning_content=piece.reasoning, content=None)
        return ModelResponseStream(id=response_id, choices=[StreamingChoices(index=0, delta=delta)])
    logprobs = None if response.logprobs is None else _logprobs(piece.text, response.logprobs)
    choice = StreamingChoices(index=0, delta=Delta(content=piece.text), logprobs=logprobs)
    return ModelResponseStream(id=response_id, choices=[choice])
