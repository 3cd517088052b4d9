"""OpenAI's Responses API wire format: a ``POST /v1/responses`` body in, a ``response`` out.

Input items (messages, ``function_call`` and ``function_call_output``) become
core turns; the answer's reasoning, text and tool calls become output items,
and a stream is the API's typed events (``response.output_text.delta``, ...)
ending with ``response.completed``.
"""

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
from fakes.core._messages import Role
from fakes.wire._chat_call import Answer, ChatCall
from fakes.wire._openai_messages import arguments

__all__ = ["openai_responses", "responses_body", "responses_stream"]

_ROLES: dict[str, Role] = {
    "user": "user",
    "assistant": "assistant",
    "system": "system",
    "developer": "system",
}
# Body fields that are the request itself, not options for the policy.
_NOT_OPTIONS = frozenset(
    {"model", "input", "instructions", "tools", "stream", "max_output_tokens", "store"}
)


def openai_responses(body: Mapping[str, Any]) -> ChatCall:
    """Read a ``POST /v1/responses`` body; a malformed one raises InvalidInputError."""
    model = body.get("model")
    if not isinstance(model, str) or not model:
        raise InvalidInputError(f"model must be a non-empty string, got {model!r}")
    raw = body.get("input")
    items = [{"role": "user", "content": raw}] if isinstance(raw, str) else raw
    if not isinstance(items, list):
        raise InvalidInputError(f"input must be a string or a list, got {type(raw).__name__}")
    turns = [] if body.get("instructions") is None else [_instructions(body["instructions"])]
    turns += [_turn(item, f"input[{index}]") for index, item in enumerate(items)]
    options = {key: value for key, value in body.items() if key not in _NOT_OPTIONS}
    if body.get("max_output_tokens") is not None:
        options["max_tokens"] = body["max_output_tokens"]
    reasoning = body.get("reasoning")
    if isinstance(reasoning, Mapping) and reasoning.get("effort"):
        options["reasoning_effort"] = reasoning["effort"]
    return ChatCall(
        model=model,
        turns=tuple(turns),
        options=options,
        tools=normalize_tools(body.get("tools")),
        stop=None,  # the Responses API has no stop sequences
        stream=body.get("stream") is True,
        raw=raw,
    )


def _instructions(value: Any) -> Turn:
    if not isinstance(value, str):
        raise InvalidInputError(f"instructions must be a string, got {type(value).__name__}")
    return Turn(role="system", text=value)


def _turn(item: Any, where: str) -> Turn:
    if not isinstance(item, Mapping):
        raise InvalidInputError(f"{where} is a {type(item).__name__}, not an input item")
    kind = item.get("type", "message")
    if kind == "function_call":
        call = ToolCall(
            name=str(item.get("name") or ""),
            args=arguments(item.get("arguments")),
            id=str(item.get("call_id") or ""),
        )
        return Turn(role="assistant", text="", tool_calls=(call,))
    if kind == "function_call_output":
        output = item.get("output")
        text = output if isinstance(output, str) else content_text(output, where)
        return Turn(role="tool", text=text, tool_call_id=str(item.get("call_id") or "") or None)
    if kind != "message":
        raise InvalidInputError(f"{where} has type {kind!r}; the fake reads messages and calls")
    name = item.get("role")
    role = _ROLES.get(name) if isinstance(name, str) else None
    if role is None:
        raise InvalidInputError(
            f"{where} has role {name!r}; expected one of {', '.join(sorted(_ROLES))}"
        )
    return Turn(role=role, text=content_text(item.get("content"), where))


def _usage(answer: Answer) -> dict[str, Any]:
    usage = answer.response.usage
    return {
        "input_tokens": usage.input_tokens,
        "input_tokens_details": {"cached_tokens": 0},
        "output_tokens": usage.output_tokens,
        "output_tokens_details": {
            "reasoning_tokens": (usage.output_details or {}).get("reasoning", 0)
        },
        "total_tokens": usage.total_tokens,
    }


def _output(answer: Answer) -> list[dict[str, Any]]:
    response, items = answer.response, []
    if response.reasoning:
        summary = [{"type": "summary_text", "text": response.reasoning}]
        items.append({"type": "reasoning", "id": f"rs_{answer.id}", "summary": summary})
    if response.text or not response.tool_calls:
        items.append(_message(answer, response.text))
    for position, call in enumerate(response.tool_calls):
        items.append(_function_call(answer, position, call, tool_arguments_text(call.args)))
    return items


def _message(answer: Answer, text: str) -> dict[str, Any]:
    return {
        "type": "message",
        "id": f"msg_{answer.id}",
        "role": "assistant",
        "status": "completed",
        "content": [{"type": "output_text", "text": text, "annotations": []}],
    }


def _function_call(answer: Answer, position: int, call: ToolCall, args: str) -> dict[str, Any]:
    return {
        "type": "function_call",
        "id": f"fc_{answer.id[:24]}_{position}",
        "call_id": call.id,
        "name": call.name,
        "arguments": args,
        "status": "completed",
    }


def responses_body(answer: Answer, *, status: str = "completed") -> dict[str, Any]:
    """Return the ``response`` object of an answer (``status`` for a stream's early events)."""
    response = answer.response
    done = status == "completed"
    incomplete = done and response.finish_reason == "length"
    return {
        "id": f"resp_{answer.id}",
        "object": "response",
        "created_at": answer.created,
        "model": response.model,
        "status": "incomplete" if incomplete else status,
        "incomplete_details": {"reason": "max_output_tokens"} if incomplete else None,
        "error": None,
        "output": _output(answer) if done else [],
        "parallel_tool_calls": True,
        "tool_choice": "auto",
        "tools": [],
        "usage": _usage(answer) if done else None,
    }


def responses_stream(answer: Answer, chunking: Chunking) -> bytes:
    """Return the SSE body of a streamed answer: the API's typed events, in order."""
    events = []
    for number, event in enumerate(_events(answer, chunking)):
        event["sequence_number"] = number
        events.append(f"event: {event['type']}\ndata: {json.dumps(event)}\n\n")
    return "".join(events).encode("utf-8", "surrogatepass")


def _events(answer: Answer, chunking: Chunking) -> Iterator[dict[str, Any]]:
    yield {"type": "response.created", "response": responses_body(answer, status="in_progress")}
    final = _output(answer)
    text_index = next((i for i, item in enumerate(final) if item["type"] == "message"), None)
    # Reasoning is not streamed in pieces here: its item arrives whole, first.
    for index, item in enumerate(final):
        if item["type"] == "reasoning":
            yield {"type": "response.output_item.added", "output_index": index, "item": item}
            yield {"type": "response.output_item.done", "output_index": index, "item": item}
    if text_index is not None:
        message = final[text_index]
        empty = {**message, "status": "in_progress", "content": []}
        yield {"type": "response.output_item.added", "output_index": text_index, "item": empty}
        part = {"type": "output_text", "text": "", "annotations": []}
        where = {"item_id": message["id"], "output_index": text_index, "content_index": 0}
        yield {"type": "response.content_part.added", **where, "part": part}
        for piece in stream_plan(answer.response, chunking, final=False):
            if piece.text:
                delta = {"delta": piece.text, "logprobs": []}
                yield {"type": "response.output_text.delta", **where, **delta}
        text = message["content"][0]["text"]
        yield {"type": "response.output_text.done", **where, "text": text, "logprobs": []}
        yield {"type": "response.content_part.done", **where, "part": message["content"][0]}
        yield {"type": "response.output_item.done", "output_index": text_index, "item": message}
    for index, item in enumerate(final):
        if item["type"] != "function_call":
            continue
        yield {
            "type": "response.output_item.added",
            "output_index": index,
            "item": {**item, "arguments": "", "status": "in_progress"},
        }
        where = {"item_id": item["id"], "output_index": index}
        yield {
            "type": "response.function_call_arguments.delta",
            **where,
            "delta": item["arguments"],
        }
        done = {"arguments": item["arguments"], "name": item["name"]}
        yield {"type": "response.function_call_arguments.done", **where, **done}
        yield {"type": "response.output_item.done", "output_index": index, "item": item}
    yield {"type": "response.completed", "response": responses_body(answer)}
