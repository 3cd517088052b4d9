"""Render the core's neutral response and stream pieces as LangChain messages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, cast

from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.messages.ai import UsageMetadata
from langchain_core.messages.tool import tool_call_chunk

from fakes.core import Piece, Response, Usage, token_logprobs

__all__ = [
    "ChunkRenderer",
    "ai_message",
    "ai_message_chunk",
    "chunk_renderer",
    "content",
    "logprobs_metadata",
    "usage_metadata",
]

ChunkRenderer = Callable[[Piece, Response, dict[str, Any]], AIMessageChunk]
"""Renders one stream piece of a response, given the final chunk's response metadata."""

# The index of each content block in a stream, which LangChain merges chunks by.
_REASONING_INDEX = 0
_TEXT_INDEX = 1


def usage_metadata(usage: Usage) -> UsageMetadata:
    """Usage in LangChain's shape; token details only when the usage has them."""
    metadata: dict[str, Any] = {
        "input_tokens": usage.input_tokens,
        "output_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
    }
    if usage.input_details is not None:
        metadata["input_token_details"] = dict(usage.input_details)
    if usage.output_details is not None:
        metadata["output_token_details"] = dict(usage.output_details)
    return cast("UsageMetadata", metadata)


def logprobs_metadata(text: str, top: int) -> dict[str, Any]:
    """Response metadata carrying the logprobs of ``text``, as langchain-openai reports them."""
    return {"logprobs": {"content": token_logprobs(text, top)}}


def _block(part_type: str, text: str) -> dict[str, Any]:
    """Return the standard content block of a part the pipeline made (text or reasoning)."""
    if part_type == "reasoning":
        return {"type": "reasoning", "reasoning": text}
    return {"type": "text", "text": text}


def content(response: Response) -> str | list[Any]:
    """Return the message content: the text alone, else content blocks in order.

    Blocks when the reply has more than text: parts given as blocks come back as
    given, the pipeline's reasoning as a standard ``reasoning`` block.
    """
    # A loop, not any() over a generator: once per call (benchmarks: tool-turn <= 1.5).
    for part in response.parts:
        if part.block is not None or part.type != "text":
            return [
                part.block if part.block is not None else _block(part.type, part.text)
                for part in response.parts
            ]
    return response.text


def ai_message(response: Response, response_metadata: dict[str, Any]) -> AIMessage:
    """Render the reply of ``invoke``."""
    # Optional fields are passed only when set, so a reply without tool calls
    # or an id is the same message LangChain's own fakes build.
    optional: dict[str, Any] = {}
    if response.usage_reported:
        optional["usage_metadata"] = usage_metadata(response.usage)
    if response.name is not None:
        optional["name"] = response.name
    if response.tool_calls:
        optional["tool_calls"] = [
            {"name": call.name, "args": call.args, "id": call.id, "type": "tool_call"}
            for call in response.tool_calls
        ]
    if response.invalid_tool_calls:
        optional["invalid_tool_calls"] = [
            {
                "name": call.name,
                "args": call.args,
                "id": call.id,
                "error": call.error,
                "type": "invalid_tool_call",
            }
            for call in response.invalid_tool_calls
        ]
    if response.message_fields:
        optional["additional_kwargs"] = dict(response.message_fields)
    if response.message_id is not None:
        optional["id"] = response.message_id
    return AIMessage(content=content(response), response_metadata=response_metadata, **optional)


def ai_message_chunk(
    piece: Piece, response: Response, response_metadata: dict[str, Any]
) -> AIMessageChunk:
    """Render one streamed chunk; ``response_metadata`` goes on the final one only."""
    # Usage inline, not a call to a helper, and typed Any, not cast(): once per chunk
    # (benchmarks: parrot-stream <= 1.05).
    usage: Any = None
    if piece.tokens is not None:
        input_tokens, output_tokens = piece.tokens
        usage = {
            "input_tokens": input_tokens,
            "output_tokens": output_tokens,
            "total_tokens": input_tokens + output_tokens,
        }
    elif piece.last and response.usage_given:
        usage = usage_metadata(response.usage)
    if piece.last:
        named: dict[str, Any] = {} if response.name is None else {"name": response.name}
        return AIMessageChunk(
            content="",
            additional_kwargs=dict(response.message_fields),
            response_metadata=response_metadata,
            usage_metadata=usage,
            id=response.message_id,
            chunk_position="last",
            **named,
        )
    if piece.block is not None:
        return AIMessageChunk(content=[piece.block], usage_metadata=usage, id=response.message_id)
    if piece.tool is not None:
        tool = piece.tool
        return AIMessageChunk(
            content="",
            usage_metadata=usage,
            id=response.message_id,
            tool_call_chunks=[
                tool_call_chunk(name=tool.name, args=tool.args, id=tool.id, index=tool.position)
            ],
        )
    if response.message_id is None:
        # Most text chunks: no id=None for pydantic to validate, once per character
        # (benchmarks: parrot-stream <= 1.05).
        return AIMessageChunk(content=piece.text, usage_metadata=usage)
    return AIMessageChunk(content=piece.text, usage_metadata=usage, id=response.message_id)


def chunk_renderer(response: Response) -> ChunkRenderer:
    """Pick the chunk renderer of a stream: the plain one, unless it has reasoning or logprobs.

    Chosen once per stream, so a plain stream pays nothing per chunk for either
    (benchmarks: parrot-stream <= 1.05).
    """
    if response.logprobs is None and not response.streamed_reasoning:
        return ai_message_chunk
    return _rich_chunk


def _rich_chunk(
    piece: Piece, response: Response, response_metadata: dict[str, Any]
) -> AIMessageChunk:
    """Render a chunk of a stream with reasoning or logprobs.

    Reasoning and text go in indexed content blocks (reasoning first), so the
    chunks add up to one block of each; each text chunk carries its own
    characters' logprobs.
    """
    if piece.last or piece.tool is not None or piece.block is not None:
        return ai_message_chunk(piece, response, response_metadata)
    usage: Any = None
    if piece.tokens is not None:  # a content piece: its own tokens (no given usage to report)
        usage = usage_metadata(Usage(*piece.tokens))
    if piece.reasoning:
        if usage is not None:
            usage["output_token_details"] = {"reasoning": usage["output_tokens"]}
        block = {"type": "reasoning", "reasoning": piece.reasoning, "index": _REASONING_INDEX}
        return AIMessageChunk(content=[block], usage_metadata=usage, id=response.message_id)
    text: str | list[Any] = piece.text
    if response.streamed_reasoning:
        text = [{"type": "text", "text": piece.text, "index": _TEXT_INDEX}]
    metadata = {} if response.logprobs is None else logprobs_metadata(piece.text, response.logprobs)
    return AIMessageChunk(
        content=text, usage_metadata=usage, id=response.message_id, response_metadata=metadata
    )
