"""Text helpers shared by every adapter: content text, stop sequences, token counting."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from fakes.core._errors import InvalidInputError

__all__ = ["apply_stop", "content_text", "count_tokens", "stop_sequences"]

# Content-part types that carry text to echo: LangChain's and OpenAI's "text",
# and the Responses API's "input_text" / "output_text".
_TEXT_PARTS = frozenset({"text", "input_text", "output_text"})


def content_text(content: Any, where: str = "message") -> str:
    """Return the text of a message's content.

    A string is returned as is and ``None`` (an assistant turn that only calls
    tools) is the empty text. In a list of content parts, strings and text parts
    are joined; images, audio, reasoning and other parts carry no text to echo
    and are skipped rather than rejected.
    """
    if isinstance(content, str):
        return content
    if content is None:
        return ""
    if isinstance(content, list):
        parts: list[str] = []
        for part in content:
            if isinstance(part, str):
                parts.append(part)
            elif isinstance(part, Mapping) and part.get("type") in _TEXT_PARTS:
                text = part.get("text", "")
                parts.append(text if isinstance(text, str) else str(text))
        return "".join(parts)
    raise InvalidInputError(
        f"{where}: content must be a string, None or a list of content blocks, "
        f"got {type(content).__name__}"
    )


def stop_sequences(stop: Any) -> tuple[str, ...] | None:
    """Check ``stop`` and return it as a tuple; one string is one stop sequence, as in OpenAI."""
    if stop is None:
        return None
    if isinstance(stop, str):
        stop = (stop,)
    if not isinstance(stop, Sequence):
        raise InvalidInputError(
            f"stop must be a string or a list of strings, got {type(stop).__name__}"
        )
    for sequence in stop:
        if not isinstance(sequence, str) or not sequence:
            raise InvalidInputError(f"stop sequences must be non-empty strings, got {sequence!r}")
    return tuple(stop)


def apply_stop(text: str, stop: Sequence[str] | None) -> tuple[str, bool]:
    """Cut ``text`` after the first stop sequence to complete, which stays in the output.

    "First to complete" is what a streaming model would hit first: the stop
    sequence whose last character comes earliest. The LangChain guides ask
    integrations to *include* the stop sequence, so a caller can see why
    generation stopped. Returns the text and whether it was cut.
    """
    end: int | None = None
    for sequence in stop_sequences(stop) or ():
        position = text.find(sequence)
        if position != -1 and (end is None or position + len(sequence) < end):
            end = position + len(sequence)
    if end is None:
        return text, False
    return text[:end], True


def count_tokens(text: str) -> int:
    """Count tokens the way the seed guides do: one token per character."""
    return len(text)
