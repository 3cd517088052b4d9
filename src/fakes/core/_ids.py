"""Deterministic ids: the reply message's and its tool calls'.

The reply to a conversation holding ``k`` assistant messages gets the message
id ``fake-msg-k`` and the tool call ids ``call_k_0``, ``call_k_1``, ... Should
the conversation already hold one of them (a trimmed or pasted history), a
``_2``, ``_3``, ... suffix keeps it unique.
"""

from __future__ import annotations

from collections.abc import Sequence

from fakes.core._messages import Turn

__all__ = ["reply_message_id", "tool_call_id", "tool_call_ids"]


def reply_message_id(turns: Sequence[Turn]) -> str:
    """Id of the reply to ``turns``: ``fake-msg-k`` with ``k`` the assistant turns so far.

    Unique within a conversation, so LangGraph's ``add_messages`` reducer never
    merges two turns, and the same on every run. Should the conversation already
    hold that id (a trimmed or pasted history), a ``_2``, ``_3``, ... suffix keeps
    it unique.
    """
    taken = {turn.message_id for turn in turns if turn.message_id}
    return _unused(f"fake-msg-{_reply_number(turns)}", taken)


def tool_call_ids(turns: Sequence[Turn], count: int) -> list[str]:
    """Ids of the ``count`` tool calls of the reply to ``turns``, in order.

    ``call_k_i`` for the ``i``-th call (0-based), ``k`` the number of assistant
    turns so far; should the conversation already hold that id (a history pasted
    from elsewhere), a ``_2``, ``_3``, ... suffix keeps it unique.
    """
    if count == 0:
        return []
    taken: set[str] = set()
    number = 0
    for turn in turns:  # one pass for the ids taken and the number of assistant turns
        if turn.role == "assistant":
            number += 1
        if turn.tool_calls:
            taken.update(call.id for call in turn.tool_calls)
        if turn.tool_call_id:
            taken.add(turn.tool_call_id)
    if not taken:  # a conversation without tool calls yet: every id is free
        return [f"call_{number}_{index}" for index in range(count)]
    return [_unused(f"call_{number}_{index}", taken) for index in range(count)]


def tool_call_id(turns: Sequence[Turn], index: int) -> str:
    """Id of the ``index``-th (0-based) tool call of the reply to ``turns``; see above."""
    return tool_call_ids(turns, index + 1)[index]


def _reply_number(turns: Sequence[Turn]) -> int:
    return sum(1 for turn in turns if turn.role == "assistant")


def _unused(base: str, taken: set[str]) -> str:
    """Return ``base``, or the first of ``base_2``, ``base_3``, ... not in ``taken``."""
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}_{suffix}"
    return candidate
