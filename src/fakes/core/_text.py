"""Text helpers shared by every adapter: stop sequences and token counting."""

from __future__ import annotations

from collections.abc import Sequence

from fakes.core._errors import InvalidInputError

__all__ = ["apply_stop", "count_tokens"]


def apply_stop(text: str, stop: Sequence[str] | None) -> tuple[str, bool]:
    """Cut ``text`` after the first stop sequence to complete, which stays in the output.

    "First to complete" is what a streaming model would hit first: the stop
    sequence whose last character comes earliest. The LangChain guides ask
    integrations to *include* the stop sequence, so a caller can see why
    generation stopped. Returns the text and whether it was cut.
    """
    if not stop:
        return text, False
    if isinstance(stop, str):
        raise InvalidInputError(f"stop must be a list of strings, not the string {stop!r}")
    end: int | None = None
    for sequence in stop:
        if not isinstance(sequence, str) or not sequence:
            raise InvalidInputError(f"stop sequences must be non-empty strings, got {sequence!r}")
        position = text.find(sequence)
        if position != -1 and (end is None or position + len(sequence) < end):
            end = position + len(sequence)
    if end is None:
        return text, False
    return text[:end], True


def count_tokens(text: str) -> int:
    """Count tokens the way the seed guides do: one token per character."""
    return len(text)
