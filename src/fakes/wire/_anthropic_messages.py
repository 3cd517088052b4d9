"""Anthropic's Messages API wire format: a ``POST /v1/messages`` body in, a ``message`` out."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from fakes.core import (
    Chunking,
    InvalidInputError,
    ToolCall,
    Turn,
    content_text,
    normalize_tools,
    stream_plan,
    tool_arguments_text,
)
from fakes.wire._chat_call import Answer, ChatCall, model_and_messages

__all__ = ["anthropic_chat", "anthropic_error", "anthropic_message", "anthropic_stream"]

_NOT_OPTIONS = frozenset({"model", "messages", "system", "tools", "stop_sequences", "stream"})
_STOP_REASONS = {
    "stop": "end_turn",
    "length": "max_tokens",
    "tool_calls": "tool_use",
    "content_filter": "refusal",
}
_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    403: "permission_error",
    404: "not_found_error",
    413: "request_too_large",
    429: "rate_limit_error",
    529: "overloaded_error",
}


def anthropic_chat(body: Mapping[str, Any]) -> ChatCall:
    """Read a ``POST /v1/messages`` body; a malformed one raises InvalidInputError."""
    model, messages = model_and_messages(body)
    system = body.get("system")
    turns = [] if system is None else [Turn(role="system", text=content_text(system, "system"))]
    for index, message in enumerate(messages):
        turns += _turns(message, f"messages[{index}]")
    options = {key: value for key, value in body.items() if key not in _NOT_OPTIONS}
    thinking = body.get("thinking")
    if isinstance(thinking, Mapping) and thinking.get("type") == "enabled":
        options["reasoning_effort"] = "medium"  # turns on the core's reasoning
    options.pop("thinking", None)
    return ChatCall(
        model=model,
        turns=tuple(turns),
        options=options,
        tools=normalize_tools(body.get("tools")),
        stop=body.get("stop_sequences"),
        stream=body.get("stream") is True,
        raw=messages,
    )


def _turns(message: Any, where: str) -> list[Turn]:
    if not isinstance(message, Mapping) or message.get("role") not in ("user", "assistant"):
        raise InvalidInputError(f"{where} must be a message with role 'user' or 'assistant'")
    role, content = message["role"], message.get("content")
    if isinstance(content, str):
        return [Turn(role=role, text=content)]
    if not isinstance(content, list):
        raise InvalidInputError(f"{where}.content must be a string or a list of blocks")
    turns: list[Turn] = []
    calls: list[ToolCall] = []
    texts: list[Any] = []
    for position, block in enumerate(content):
        kind = block.get("type") if isinstance(block, Mapping) else None
        if kind == "tool_result":
            result = block.get("content")
            text = result if isinstance(result, str) else content_text(result, where)
            turns.append(Turn(role="tool", text=text, tool_call_id=str(block.get("tool_use_id"))))
        elif kind == "tool_use":
            raw = block.get("input")
            args = dict(raw) if isinstance(raw, Mapping) else {}
            calls.append(ToolCall(name=str(block.get("name")), args=args, id=str(block.get("id"))))
        elif kind is None:
            raise InvalidInputError(f"{where}.content[{position}] is not a content block")
        else:
            texts.append(block)  # text, image, thinking, ...: content_text keeps the text
    if texts or calls or not turns:
        turns.append(Turn(role=role, text=content_text(texts, where), tool_calls=tuple(calls)))
    return turns


def _content(answer: Answer) -> list[dict[str, Any]]:
    response = answer.response
    blocks: list[dict[str, Any]] = []
    if response.reasoning:
        blocks.append(
            {"type": "thinking", "thinking": response.reasoning, "signature": f"fakes-{answer.id}"}
        )
    if response.text:
        blocks.append({"type": "text", "text": response.text})
    for call in response.tool_calls:
        blocks.append({"type": "tool_use", "id": call.id, "name": call.name, "input": call.args})
    return blocks


def _usage(answer: Answer) -> dict[str, int]:
    usage = answer.response.usage
    return {"input_tokens": usage.input_tokens, "output_tokens": usage.output_tokens}


def anthropic_message(answer: Answer) -> dict[str, Any]:
    """Return the ``message`` JSON of an answer."""
    return {
        "id": f"msg_{answer.id}",
        "type": "message",
        "role": "assistant",
        "model": answer.response.model,
        "content": _content(answer),
        "stop_reason": _STOP_REASONS.get(answer.response.finish_reason, "end_turn"),
        "stop_sequence": None,
        "usage": _usage(answer),
    }


def anthropic_stream(answer: Answer, chunking: Chunking) -> bytes:
    """Return the SSE body of a streamed answer: Anthropic's events, in order."""
    events = [f"event: {e['type']}\ndata: {json.dumps(e)}\n\n" for e in _events(answer, chunking)]
    return "".join(events).encode("utf-8", "surrogatepass")


def _events(answer: Answer, chunking: Chunking) -> Iterator[dict[str, Any]]:
    whole = anthropic_message(answer)
    start = {**whole, "content": [], "stop_reason": None, "usage": {**whole["usage"]}}
    start["usage"]["output_tokens"] = 0
    yield {"type": "message_start", "message": start}
    pieces = list(stream_plan(answer.response, chunking, final=False))
    for index, block in enumerate(whole["content"]):
        kind = block["type"]
        empty = {
            "thinking": {"type": "thinking", "thinking": "", "signature": ""},
            "text": {"type": "text", "text": ""},
            "tool_use": {**block, "input": {}},
        }[kind]
        yield {"type": "content_block_start", "index": index, "content_block": empty}
        if kind == "thinking":
            for piece in pieces:
                if piece.reasoning:
                    delta = {"type": "thinking_delta", "thinking": piece.reasoning}
                    yield {"type": "content_block_delta", "index": index, "delta": delta}
            delta = {"type": "signature_delta", "signature": block["signature"]}
            yield {"type": "content_block_delta", "index": index, "delta": delta}
        elif kind == "text":
            for piece in pieces:
                if piece.text:
                    delta = {"type": "text_delta", "text": piece.text}
                    yield {"type": "content_block_delta", "index": index, "delta": delta}
        else:  # the arguments whole: they are short
            delta = {
                "type": "input_json_delta",
                "partial_json": tool_arguments_text(block["input"]),
            }
            yield {"type": "content_block_delta", "index": index, "delta": delta}
        yield {"type": "content_block_stop", "index": index}
    yield {
        "type": "message_delta",
        "delta": {"stop_reason": whole["stop_reason"], "stop_sequence": None},
        "usage": {"output_tokens": whole["usage"]["output_tokens"]},
    }
    yield {"type": "message_stop"}


def anthropic_error(status: int, message: str) -> dict[str, Any]:
    """Return Anthropic's error body for an HTTP status."""
    kind = _ERROR_TYPES.get(status, "api_error")
    return {"type": "error", "error": {"type": kind, "message": message}}
