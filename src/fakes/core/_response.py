"""The neutral response every surface renders, and the plan of its stream."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, NamedTuple

from fakes.core._chunking import Chunking, split_text
from fakes.core._messages import FinishReason, InvalidToolCall, Part, ToolCall
from fakes.core._text import count_tokens
from fakes.core._usage import Usage, tool_arguments_text

__all__ = ["FinishReason", "Part", "Piece", "Response", "ToolPiece", "chunk_count", "stream_plan"]


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and
# one Response is built per call (benchmarks: tool-turn <= 1.5). Treat it as read-only.
@dataclass(slots=True)
class Response:
    """A reply after the pipeline: what every adapter renders, and nothing else.

    Stop sequences and ``max_tokens`` are applied, usage is counted (or kept as
    given), the finish reason and message id are set.
    """

    parts: tuple[Part, ...]
    """The content, in order."""
    tool_calls: tuple[ToolCall, ...]
    """Tool calls, valid against their tools' schemas."""
    usage: Usage
    """Token usage of the call, counted or given."""
    finish_reason: FinishReason
    """Why the reply ended: ``stop``, ``length`` (max_tokens), ``tool_calls``, ..."""
    model: str
    """The model name that answered."""
    invalid_tool_calls: tuple[InvalidToolCall, ...] = ()
    """Tool calls whose arguments are not a JSON object, as written."""
    usage_given: bool = False
    """Whether ``usage`` was given by the reply (then streams report it whole, at the end)."""
    message_id: str | None = None
    """Id of the reply message; None lets the framework assign one."""
    message_fields: dict[str, Any] = field(default_factory=dict)
    """Provider-specific message fields, passed through from the reply."""
    metadata: dict[str, Any] | None = None
    """Response metadata as the reply gave it; None: the adapter's own."""
    usage_reported: bool = True
    """False when the reply asked for no usage (a scripted message without one)."""
    name: str | None = None
    """The name of the speaker, as the reply gave it."""
    logprobs: int | None = None
    """None: no logprobs asked for; else the alternatives per token to report
    (:func:`~fakes.core.token_logprobs` of the text, or of each chunk's text)."""

    @property
    def text(self) -> str:
        """The text of all text parts, joined."""
        return "".join(part.text for part in self.parts if part.type == "text")

    @property
    def reasoning(self) -> str:
        """The text of all reasoning parts, joined ("" when there is none)."""
        return "".join(part.text for part in self.parts if part.type == "reasoning")

    @property
    def blocks_given(self) -> bool:
        """Whether content parts came as framework blocks (then they stream whole, as given)."""
        return any(part.block is not None for part in self.parts)

    @property
    def streamed_reasoning(self) -> str:
        """The reasoning a stream delivers in pieces: the pipeline's own, not a given block."""
        return "" if self.blocks_given else self.reasoning


class ToolPiece(NamedTuple):
    """The tool-call part of a stream piece: the name and id first, then argument text."""

    position: int
    """Position of the call in the reply."""
    id: str | None
    """Set on the call's first piece only."""
    name: str | None
    """Set on the call's first piece only."""
    args: str
    """A piece of the JSON arguments (empty on the first piece)."""


# NamedTuples, not frozen dataclasses: one piece is built per streamed chunk,
# and the stream budget (benchmarks: parrot-stream <= 1.05 of the seed) has no
# room for a frozen dataclass's per-field __setattr__.
class Piece(NamedTuple):
    """One chunk of a stream, before an adapter renders it in its own chunk type."""

    text: str = ""
    """Text content of the chunk."""
    tool: ToolPiece | None = None
    """The tool call piece this chunk carries, if any."""
    tokens: tuple[int, int] | None = None
    """The (input, output) tokens this chunk adds to a counted usage; None: none.
    With a given usage (``Response.usage_given``) every piece has None and the
    final piece stands for ``Response.usage`` whole."""
    last: bool = False
    """Whether this is the final chunk (it carries the finish reason and metadata)."""
    block: Any = None
    """A content part given as a block (``Part.block``), streamed whole."""
    reasoning: str = ""
    """Reasoning text of the chunk (the pipeline's reasoning streams before the text)."""


# Per-chunk pieces are built with tuple.__new__, a third of the cost of calling
# Piece(...) (benchmarks: parrot-stream <= 1.05).
_new_piece = tuple.__new__


def stream_plan(response: Response, chunking: Chunking, *, final: bool = True) -> Iterator[Piece]:
    """Yield the pieces a stream of ``response`` delivers, in order.

    Reasoning first, then text, each cut by ``chunking`` (content parts given as
    blocks stream whole, one piece each, in order), then each tool call (name
    and id, then its JSON arguments in pieces), then a final empty piece;
    ``final=False`` leaves that out, for streams that end with their last
    content (a text LLM's). Counted usage is spread so that the pieces add up to
    the whole: input tokens on the first piece, each piece its own output. A
    given usage cannot be spread: the final piece stands for it.
    """
    counted = response.usage_reported and not response.usage_given
    pending_input = response.usage.input_tokens  # goes on the first piece only
    delivered = False
    thinking = response.streamed_reasoning
    for reasoning in split_text(thinking, chunking) if thinking else ():
        tokens = (pending_input, count_tokens(reasoning)) if counted else None
        yield Piece(tokens=tokens, reasoning=reasoning)
        pending_input = 0
        delivered = True
    for text, block in _content_pieces(response, chunking):
        tokens = (pending_input, count_tokens(text)) if counted else None
        yield _new_piece(Piece, (text, None, tokens, False, block, ""))
        pending_input = 0
        delivered = True
    for index, name, call_id, args in _tool_call_texts(response):
        head = (pending_input, count_tokens(name or "")) if counted else None
        yield Piece("", ToolPiece(index, call_id, name, ""), head)
        pending_input = 0
        delivered = True
        for piece in split_text(args, chunking):
            tokens = (0, count_tokens(piece)) if counted else None
            yield _new_piece(
                Piece, ("", ToolPiece(index, None, None, piece), tokens, False, None, "")
            )
    if final:
        yield Piece(tokens=(pending_input, 0) if counted and not delivered else None, last=True)


def chunk_count(response: Response, chunking: Chunking, *, final: bool = True) -> int:
    """Return how many chunks a stream of ``response`` delivers (what a latency waits for)."""
    return sum(1 for _ in stream_plan(response, chunking, final=final))


def _content_pieces(response: Response, chunking: Chunking) -> Iterator[tuple[str, Any]]:
    """Return the content as (text, block): text cut by ``chunking``, a given block whole."""
    if response.blocks_given:
        return ((part.text if part.type == "text" else "", part.block) for part in response.parts)
    # zip and repeat, not a generator of ours: no Python step per chunk (bench parrot-stream)
    return zip(split_text(response.text, chunking), repeat(None))


def _tool_call_texts(response: Response) -> Iterator[tuple[int, str | None, str | None, str]]:
    """Each tool call as (index, name, id, arguments text): valid ones, then invalid ones."""
    index = 0
    for call in response.tool_calls:
        yield index, call.name, call.id, tool_arguments_text(call.args)
        index += 1
    for invalid in response.invalid_tool_calls:
        yield index, invalid.name, invalid.id, invalid.args or ""
        index += 1
