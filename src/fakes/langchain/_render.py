"""Render the core's neutral response and stream pieces as LangChain messages."""

from __future__ import annotations

from typing import Any, cast

from langchain_core.messages import AIMessage, AIMessageChunk
from langchain_core.messages.ai import UsageMetadata
from langchain_core.messages.tool import tool_call_chunk

from fakes.core import Piece, Response, Usage

__all__ = ["ai_message", "ai_message_chunk", "content", "usage_metadata"]


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


def content(response: Response) -> str | list[Any]:
    """Return the message content: the text, or the parts as given when they came as blocks."""
    if response.parts and any(part.block is not None for part in response.parts):
        return [
            part.block if part.block is not None else {"type": "text", "text": part.text}
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
    # UsageMetadata | None, typed Any: no cast() call per chunk (benchmarks: parrot-stream <= 1.05)
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
