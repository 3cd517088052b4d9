"""OpenAI-shaped chat messages (as LiteLLM and the OpenAI API take them) read into core turns."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from typing import Any

from fakes.core import InvalidInputError, ToolCall, Turn, content_text
from fakes.core._messages import Role

__all__ = [
    "arguments",
    "response_id",
    "to_turns",
]

_ROLES: dict[str, Role] = {
    "user": "user",
    "assistant": "assistant",
    "system": "system",
    "developer": "system",
    "tool": "tool",
    "function": "tool",
}


def _as_dict(message: Any, where: str) -> Mapping[str, Any]:
    if isinstance(message, Mapping):
        return message
    # LiteLLM's own Message objects (a previous response passed back in).
    dump = getattr(message, "model_dump", None)
    if callable(dump):
        dumped = dump()
        if isinstance(dumped, Mapping):
            return dumped
    raise InvalidInputError(f"{where} is a {type(message).__name__}, not a message dict")


def arguments(raw: Any) -> dict[str, Any]:
    """Read a tool call's arguments (JSON text or a dict) as a dict, never failing."""
    # Arguments the app sends back are JSON text; keep what cannot be parsed
    # instead of failing, since the fake only reads them.
    if isinstance(raw, Mapping):
        return dict(raw)
    if isinstance(raw, str):
        try:
            parsed = json.loads(raw) if raw.strip() else {}
        except json.JSONDecodeError:
            return {"arguments": raw}
        return parsed if isinstance(parsed, dict) else {"arguments": parsed}
    return {}


def _tool_calls(message: Mapping[str, Any], where: str) -> tuple[ToolCall, ...]:
    calls: list[ToolCall] = []
    for index, item in enumerate(message.get("tool_calls") or ()):
        call = _as_dict(item, f"{where} tool call #{index}")
        function = _as_dict(call.get("function") or {}, f"{where} tool call #{index} function")
        name = function.get("name")
        if not isinstance(name, str) or not name:
            raise InvalidInputError(f"{where} tool call #{index} has no function name")
        calls.append(
            ToolCall(
                name=name, args=arguments(function.get("arguments")), id=str(call.get("id") or "")
            )
        )
    legacy = message.get("function_call")
    if legacy:
        function = _as_dict(legacy, f"{where} function_call")
        calls.append(
            ToolCall(
                name=str(function.get("name") or ""),
                args=arguments(function.get("arguments")),
                id="",
            )
        )
    return tuple(calls)


def to_turns(messages: Any) -> tuple[Turn, ...]:
    """Convert OpenAI chat messages (dicts or LiteLLM ``Message`` objects) to turns."""
    if messages is None:
        return ()
    if isinstance(messages, (str, bytes)) or not isinstance(messages, Sequence):
        raise InvalidInputError(
            f"messages must be a list of message dicts, got {type(messages).__name__}"
        )
    turns: list[Turn] = []
    for index, raw in enumerate(messages):
        # Plain dicts with string content are the usual case: skip the ABC check
        # and the error-message prefix, which only the other cases need.
        message = raw if type(raw) is dict else _as_dict(raw, f"message #{index}")
        role_name = message.get("role")
        role = _ROLES.get(role_name) if isinstance(role_name, str) else None
        if role is None:
            raise InvalidInputError(
                f"message #{index} has role {role_name!r}; "
                f"expected one of {', '.join(sorted(_ROLES))}"
            )
        content = message.get("content")
        name = message.get("name")
        turns.append(
            Turn(
                role=role,
                text=content
                if type(content) is str
                else content_text(content, f"message #{index}"),
                tool_calls=_tool_calls(message, f"message #{index}") if role == "assistant" else (),
                tool_call_id=str(message["tool_call_id"]) if message.get("tool_call_id") else None,
                name=name if role == "tool" and isinstance(name, str) else None,
            )
        )
    return tuple(turns)


def _stable(value: Any) -> Any:
    """Stand-in for a value JSON cannot hold.

    A dataclass instance (the neutral turns and tool calls of the input) stands
    for its fields, so that the id follows the content. Anything else stands for
    its type, not its repr: a default ``repr`` often carries a memory address
    (``<object at 0x7f...>``), which would make the id differ from run to run.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {field.name: getattr(value, field.name) for field in dataclasses.fields(value)}
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


# json.dumps with options builds a new JSONEncoder on every call; one is enough
# (it keeps no state between calls).
_ID_ENCODER = json.JSONEncoder(sort_keys=True, default=_stable, ensure_ascii=False)


def response_id(prefix: str, created: int, *parts: Any) -> str:
    """Derive a response id from the input and the clock, never at random.

    Two identical calls in the same second (or under a frozen clock) get the
    same id, so whole responses can be compared or snapshotted.
    """
    payload = _ID_ENCODER.encode([created, *parts])
    # surrogatepass: a lone surrogate ("\ud800") in a chat message is echoed as
    # the LangChain fakes echo it; the id must not fail on it either.
    digest = hashlib.sha256(payload.encode("utf-8", "surrogatepass")).hexdigest()
    return f"{prefix}{digest[:32]}"
