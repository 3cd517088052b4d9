"""Token usage, counted one token per character as in the seed guides."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from fakes.core._frozen import fast_init
from fakes.core._messages import Reply, Turn
from fakes.core._text import count_tokens

__all__ = ["Usage"]


@fast_init
@dataclass(frozen=True)
class Usage:
    """Input, output and total token counts of one call."""

    input_tokens: int
    output_tokens: int

    @property
    def total_tokens(self) -> int:
        """Input plus output tokens."""
        return self.input_tokens + self.output_tokens

    @classmethod
    def of(cls, turns: Iterable[Turn], reply_text: str, reply: Reply | None = None) -> Usage:
        """Count the characters of every input turn and of the reply.

        Tool call names and JSON arguments count as output, so a tool-calling
        reply never reports zero output tokens.
        """
        input_tokens = 0
        for turn in turns:  # a plain loop: no comprehension frame on the hot path
            input_tokens += count_tokens(turn.text)
        output_tokens = count_tokens(reply_text)
        if reply is not None and reply.tool_calls:
            for call in reply.tool_calls:
                output_tokens += count_tokens(call.name)
                output_tokens += count_tokens(json.dumps(call.args, ensure_ascii=False))
        return cls(input_tokens, output_tokens)
