"""Token usage, counted one token per character as in the seed guides."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from json.encoder import c_make_encoder, encode_basestring  # type: ignore[attr-defined]
from typing import TYPE_CHECKING

from fakes.core._errors import InvalidInputError
from fakes.core._text import count_tokens

if TYPE_CHECKING:
    from fakes.core._messages import InvalidToolCall, ToolCall, Turn

__all__ = ["Usage", "tool_arguments_text"]


@dataclass(frozen=True)
class Usage:
    """Input, output and total token counts of one call."""

    input_tokens: int
    output_tokens: int
    total: int | None = None
    """A total given as such (a scripted usage); None: input plus output."""
    input_details: Mapping[str, int] | None = None
    """Breakdown of the input tokens (``cache_read``, ``audio``, ...), when given."""
    output_details: Mapping[str, int] | None = None
    """Breakdown of the output tokens (``reasoning``, ``audio``, ...), when given."""

    @property
    def total_tokens(self) -> int:
        """The given total, else input plus output tokens."""
        return self.input_tokens + self.output_tokens if self.total is None else self.total

    @classmethod
    def of(
        cls,
        turns: Iterable[Turn],
        reply_text: str,
        tool_calls: Iterable[ToolCall] = (),
        invalid_tool_calls: Iterable[InvalidToolCall] = (),
        reasoning: str = "",
    ) -> Usage:
        """Count the characters of every input turn and of the reply.

        Tool call names and JSON arguments count as output, so a tool-calling
        reply never reports zero output tokens. Reasoning counts as output too,
        and is also reported apart, as ``output_details["reasoning"]``.
        """
        reasoning_tokens = count_tokens(reasoning) if reasoning else 0
        output_tokens = count_tokens(reply_text) + reasoning_tokens
        for call in tool_calls:
            output_tokens += count_tokens(call.name) + count_tokens(tool_arguments_text(call.args))
        for invalid in invalid_tool_calls:
            output_tokens += count_tokens(invalid.name or "") + count_tokens(invalid.args or "")
        input_tokens = sum(count_tokens(turn.text) for turn in turns)
        if reasoning_tokens:
            return cls(input_tokens, output_tokens, output_details={"reasoning": reasoning_tokens})
        return cls(input_tokens, output_tokens)


def _not_json(value: object) -> object:
    raise TypeError(f"Object of type {type(value).__name__} is not JSON serializable")


# bench tool-turn (budget <= 1.5): json's C encoder built once; json.dumps builds one per
# call (17k of the 2 x 23k instructions of encoding a turn's two tool calls). The text is
# json.dumps(args, ensure_ascii=False)'s; without the C module (PyPy), json.dumps itself.
_C_ENCODE = (
    None
    if c_make_encoder is None
    else c_make_encoder(None, _not_json, encode_basestring, None, ": ", ", ", False, False, True)
)


def tool_arguments_text(args: Mapping[str, object]) -> str:
    """Tool call arguments as the JSON text a provider sends (non-ASCII kept as is)."""
    try:
        if _C_ENCODE is None:
            return json.dumps(args, ensure_ascii=False)
        return "".join(_C_ENCODE(args, 0))
    except (RecursionError, ValueError) as error:  # ValueError: json.dumps's circular check
        raise InvalidInputError(
            "tool call arguments nest too deep or contain themselves; give a JSON object"
        ) from error
    except TypeError as error:  # a value JSON has no form for, such as a date or a set
        raise InvalidInputError(f"tool call arguments are not JSON: {error}") from error
