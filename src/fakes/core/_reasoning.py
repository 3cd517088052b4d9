"""Reasoning: what a fake thinks before it answers, as the first content part of its reply."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fakes.core._calls import Call
from fakes.core._errors import InvalidInputError

if TYPE_CHECKING:
    from fakes.core._policies import Request

__all__ = ["ReasoningSetting", "check_reasoning", "derived_reasoning", "reasoning_text"]

ReasoningSetting = bool | str | Callable[[Call], str | None] | None
"""A fake's ``reasoning``: None (off), True (derived from the prompt), a text, or a
callable of the call record that returns the text (None: no reasoning for that call)."""

# OpenAI's reasoning_effort value that asks for no reasoning.
_NO_EFFORT = "none"


def check_reasoning(value: Any) -> ReasoningSetting:
    """Return ``value`` if it is a valid ``reasoning`` setting, else raise naming it."""
    if value is None or isinstance(value, (bool, str)) or callable(value):
        return value  # type: ignore[no-any-return]
    raise InvalidInputError(
        f"reasoning must be None, True, a str or a callable of the call, got {value!r}"
    )


def derived_reasoning(request: Request) -> str:
    """Return the reasoning of ``reasoning=True``: the last message, quoted, and a plan.

    ``'The user wrote "hi". I will answer it.'``; for a conversation that ends
    with a tool result, ``'The tool returned "..."'`` instead.
    """
    last = request.turns[-1] if request.turns else None
    if last is None:
        return "There is no message. I will answer it."
    who = "The tool returned" if last.role == "tool" else "The user wrote"
    return f'{who} "{last.text}". I will answer it.'


def reasoning_text(setting: ReasoningSetting, request: Request, call: Call) -> str | None:
    """Return the reasoning of one call, or None for none.

    A call's ``reasoning_effort`` turns reasoning on (derived from the prompt when
    the fake's setting is None or False); ``reasoning_effort="none"`` turns it off.
    """
    effort = request.options.get("reasoning_effort")
    if effort == _NO_EFFORT:
        return None
    if setting is None or setting is False:
        return None if effort is None else derived_reasoning(request)
    if setting is True:
        return derived_reasoning(request)
    if isinstance(setting, str):
        return setting
    text = setting(call)
    if text is not None and not isinstance(text, str):
        raise InvalidInputError(
            f"a reasoning callable must return a str or None, got {type(text).__name__}"
        )
    return text
