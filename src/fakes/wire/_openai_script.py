"""Scripted replies in OpenAI's message form, as `FakesHandler.script` takes them."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from fakes.core import (
    Call,
    InvalidInputError,
    InvalidToolCall,
    Replies,
    Reply,
    Request,
    ToolCall,
    tool_call_ids,
)

__all__ = ["scripted_replies", "scripted_reply"]


def scripted_replies(replies: Sequence[Any], *, cycle: bool = False) -> Replies:
    """Check and hold the replies of ``fakes/script``: str, message dicts, exceptions, callables."""
    return Replies(
        replies,
        kinds=(str, Mapping),
        described="a str, an assistant message dict",
        who="fakes/script",
        cycle=cycle,
        check=_check_message,
    )


def scripted_reply(replies: Replies, request: Request, call: Call) -> Reply:
    """Take the next scripted reply: raise it, or turn it into the core's reply."""
    item = replies.take(call)
    return Reply(text=item) if isinstance(item, str) else _message_reply(item, request)


# Keys of a LiteLLM Message that a recorded reply (message.model_dump()) carries empty.
_EMPTY_OK = frozenset({"function_call", "provider_specific_fields", "annotations", "audio"})


def _check_message(item: Any, what: str) -> None:
    """Check an assistant message dict when it is scripted, so the call cannot fail on it."""
    if not isinstance(item, Mapping):
        return
    known = {"role", "content", "tool_calls", "reasoning_content"}
    unknown = sorted(
        key for key in item if key not in known and (key not in _EMPTY_OK or item[key])
    )
    if unknown:
        raise InvalidInputError(
            f"{what} has unknown keys {unknown}; an assistant message takes content, "
            "tool_calls and reasoning_content"
        )
    if item.get("role", "assistant") != "assistant":
        raise InvalidInputError(f"{what} has role {item['role']!r}; replies are assistant's")
    for key in ("content", "reasoning_content"):
        if not isinstance(item.get(key) or "", str):
            raise InvalidInputError(
                f"{what}: {key} must be a str or None, got {type(item[key]).__name__}"
            )
    calls = item.get("tool_calls") or []
    if not isinstance(calls, (list, tuple)):
        raise InvalidInputError(f"{what}: tool_calls must be a list, got {type(calls).__name__}")
    for position, raw in enumerate(calls):
        _tool_call_fields(raw, position)


def _message_reply(message: Mapping[str, Any], request: Request) -> Reply:
    """Turn a checked assistant message dict into a reply: text, reasoning, tool calls."""
    content = message.get("content") or ""
    raw_calls = message.get("tool_calls") or []
    ids = tool_call_ids(request.turns, len(raw_calls))
    calls: list[ToolCall] = []
    invalid: list[InvalidToolCall] = []
    for position, raw in enumerate(raw_calls):
        call_id, name, arguments = _tool_call_fields(raw, position)
        call_id = call_id or ids[position]
        if isinstance(arguments, Mapping):
            calls.append(ToolCall(name, dict(arguments), call_id))
            continue
        try:
            parsed = json.loads(arguments) if arguments else {}
        except json.JSONDecodeError as error:
            invalid.append(InvalidToolCall(name, arguments, call_id, str(error)))
            continue
        if isinstance(parsed, dict):
            calls.append(ToolCall(name, parsed, call_id))
        else:
            invalid.append(InvalidToolCall(name, arguments, call_id, "arguments are not an object"))
    reasoning = message.get("reasoning_content")
    return Reply(
        text=content,
        tool_calls=tuple(calls),
        invalid_tool_calls=tuple(invalid),
        reasoning=reasoning or None,
    )


def _tool_call_fields(raw: Any, position: int) -> tuple[str | None, str, Any]:
    """Return the (id, name, arguments) of an OpenAI tool call dict, checked."""
    function = raw.get("function") if isinstance(raw, Mapping) else None
    if not isinstance(function, Mapping) or not function.get("name"):
        raise InvalidInputError(
            f"scripted tool call #{position + 1} needs function.name, as OpenAI's "
            '{"id": ..., "type": "function", "function": {"name": ..., "arguments": "{...}"}}'
        )
    name = str(function["name"])
    call_id = raw.get("id")
    arguments = function.get("arguments")
    if not isinstance(arguments, (str, Mapping)) and arguments is not None:
        raise InvalidInputError(
            f"scripted tool call #{position + 1}: arguments must be a JSON string or a dict"
        )
    return (call_id if isinstance(call_id, str) else None), name, arguments or ""
