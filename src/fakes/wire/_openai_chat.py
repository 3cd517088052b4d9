"""OpenAI's Chat Completions wire format: a request body in, ``chat.completion`` JSON out.

The LiteLLM adapter renders the same fields in LiteLLM's types (it imports
:func:`tool_call_fields` and :func:`usage_fields` from here), so a prompt gets the
same answer over HTTP as through ``litellm.completion``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import Any

from fakes.core import (
    Chunking,
    Response,
    Usage,
    normalize_tools,
    stream_plan,
    token_logprobs,
    tool_arguments_text,
)
from fakes.wire._chat_call import Answer, ChatCall, model_and_messages
from fakes.wire._openai_messages import to_turns

__all__ = [
    "chat_completion",
    "chat_stream",
    "openai_chat",
    "openai_error",
    "tool_call_fields",
    "usage_fields",
]

# Body fields that are the request itself, not options for the policy.
_NOT_OPTIONS = frozenset({"model", "messages", "tools", "stop", "stream", "stream_options"})


def openai_chat(body: Mapping[str, Any]) -> ChatCall:
    """Read a ``POST /v1/chat/completions`` body; a malformed one raises InvalidInputError."""
    model, messages = model_and_messages(body)
    return ChatCall(
        model=model,
        turns=to_turns(messages),
        options={key: value for key, value in body.items() if key not in _NOT_OPTIONS},
        tools=normalize_tools(body.get("tools")),
        stop=body.get("stop"),
        stream=body.get("stream") is True,
        raw=messages,
    )


def include_usage(body: Mapping[str, Any]) -> bool:
    """Whether a streamed call asked for the usage chunk (``stream_options.include_usage``)."""
    options = body.get("stream_options")
    return isinstance(options, Mapping) and options.get("include_usage") is True


def tool_call_fields(response: Response) -> list[dict[str, Any]]:
    """Return a response's tool calls as OpenAI ``tool_calls`` entries (arguments as JSON text)."""
    calls: list[dict[str, Any]] = [
        {
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": tool_arguments_text(call.args)},
        }
        for call in response.tool_calls
    ]
    # OpenAI has no separate place for unparseable calls: they are tool calls
    # whose arguments text is not JSON, which is what they are.
    calls += [
        {
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": call.args or ""},
        }
        for call in response.invalid_tool_calls
    ]
    return calls


def usage_fields(usage: Usage) -> dict[str, Any]:
    """Usage in OpenAI's fields; reasoning tokens as ``completion_tokens_details``."""
    fields: dict[str, Any] = {
        "prompt_tokens": usage.input_tokens,
        "completion_tokens": usage.output_tokens,
        "total_tokens": usage.total_tokens,
    }
    reasoning = (usage.output_details or {}).get("reasoning")
    if reasoning:
        fields["completion_tokens_details"] = {"reasoning_tokens": reasoning}
    return fields


def _logprobs(text: str, top: int | None) -> dict[str, Any] | None:
    return None if top is None else {"content": token_logprobs(text, top)}


def chat_completion(answer: Answer) -> dict[str, Any]:
    """Return the ``chat.completion`` JSON of an answer."""
    response = answer.response
    message: dict[str, Any] = {"role": "assistant", "content": response.text or None}
    tool_calls = tool_call_fields(response)
    if tool_calls:
        message["tool_calls"] = tool_calls
    elif message["content"] is None:
        message["content"] = ""  # OpenAI sends "" for an empty reply without tool calls
    if response.reasoning:
        message["reasoning_content"] = response.reasoning
    return {
        "id": f"chatcmpl-{answer.id}",
        "object": "chat.completion",
        "created": answer.created,
        "model": response.model,
        "choices": [
            {
                "index": 0,
                "message": message,
                "finish_reason": response.finish_reason,
                "logprobs": _logprobs(response.text, response.logprobs),
            }
        ],
        "usage": usage_fields(response.usage),
    }


def chat_stream(answer: Answer, chunking: Chunking, *, with_usage: bool = False) -> bytes:
    """Return the SSE body of a streamed answer: chunk events, then ``[DONE]``.

    The first chunk carries the role; the last one the finish reason. With
    ``with_usage`` (``stream_options.include_usage``) a final chunk with no
    choices carries the usage, as OpenAI sends it.
    """
    events = [f"data: {json.dumps(chunk)}\n\n" for chunk in _chunks(answer, chunking, with_usage)]
    events.append("data: [DONE]\n\n")
    # surrogatepass: a lone surrogate echoed back must not fail the whole stream.
    return "".join(events).encode("utf-8", "surrogatepass")


def _chunks(answer: Answer, chunking: Chunking, with_usage: bool) -> Iterator[dict[str, Any]]:
    response = answer.response
    head = {
        "id": f"chatcmpl-{answer.id}",
        "object": "chat.completion.chunk",
        "created": answer.created,
        "model": response.model,
    }
    first = True
    for piece in stream_plan(response, chunking):
        delta: dict[str, Any] = {"role": "assistant"} if first else {}
        first = False
        choice: dict[str, Any] = {"index": 0, "delta": delta, "finish_reason": None}
        if piece.reasoning:
            delta["reasoning_content"] = piece.reasoning
        if piece.text:
            delta["content"] = piece.text
            if response.logprobs is not None:
                choice["logprobs"] = _logprobs(piece.text, response.logprobs)
        if piece.tool is not None:
            tool = piece.tool
            function: dict[str, Any] = {"arguments": tool.args}
            entry: dict[str, Any] = {"index": tool.position, "function": function}
            if tool.id is not None:
                entry.update(id=tool.id, type="function")
                function["name"] = tool.name
            delta["tool_calls"] = [entry]
        if piece.last:
            choice["finish_reason"] = response.finish_reason
        yield {**head, "choices": [choice]}
    if with_usage:
        yield {**head, "choices": [], "usage": usage_fields(response.usage)}


_ERROR_TYPES = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error"}


def openai_error(status: int, message: str) -> dict[str, Any]:
    """OpenAI's error body for an HTTP status."""
    kind = _ERROR_TYPES.get(status, "rate_limit_error" if status == 429 else "api_error")
    return {"error": {"message": message, "type": kind, "param": None, "code": None}}
