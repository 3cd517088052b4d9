"""The one pipeline: a request and a policy in, a neutral response out.

Every adapter converts its framework's input into a :class:`Request`, calls
:func:`respond` and renders the :class:`Response` (or the pieces of
:func:`deliver`) in its framework's types. Stop sequences, ``max_tokens``,
usage, faults, the call log and the input checks live here and nowhere else, so
every surface answers the same prompt with the same reply.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

from fakes.core._calls import Call, CallLog
from fakes.core._chunking import Chunking
from fakes.core._errors import InvalidInputError
from fakes.core._faults import FaultPlan
from fakes.core._logprobs import check_logprobs
from fakes.core._messages import FinishReason, Part, Reply, Turn
from fakes.core._policies import Request
from fakes.core._reasoning import ReasoningSetting, reasoning_text
from fakes.core._response import Piece, Response, stream_plan
from fakes.core._text import apply_stop, count_tokens, stop_sequences
from fakes.core._tooldefs import ToolDef
from fakes.core._usage import Usage

__all__ = ["check_choices", "check_max_tokens", "deliver", "make_request", "respond", "shape"]

Decide = Callable[[Request, Call], Reply]
"""A policy in call form: the request and its call record in, a reply out."""


def check_max_tokens(value: Any) -> int | None:
    """Return ``value`` if it is a valid ``max_tokens`` (None or an int >= 1), else raise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInputError(f"max_tokens must be a positive int, got {value!r}")
    return value


def check_choices(n: Any) -> None:
    """Refuse a call's ``n`` other than 1 (or unset): a fake answers with one choice."""
    if n is not None and (type(n) is not int or n != 1):
        raise InvalidInputError(
            f"n must be 1 (a fake answers with one choice; call it again for more), got {n!r}"
        )


# Call options the pipeline applies itself; the rest reach the policy as options.
_PIPELINE_OPTIONS = frozenset(
    {
        "tools",
        "tool_choice",
        "stop",
        "max_tokens",
        "max_completion_tokens",
        "logprobs",
        "top_logprobs",
    }
)


def make_request(
    turns: tuple[Turn, ...],
    options: Mapping[str, Any],
    *,
    tools: tuple[ToolDef, ...] = (),
    stop: Any = None,
    max_tokens: Any = None,
) -> Request:
    """Build the neutral request of one call, checking its stop sequences and ``max_tokens``.

    ``options`` are the call's keyword arguments: ``tool_choice``, ``logprobs``
    with ``top_logprobs``, ``n`` (only 1) and the output limit
    (``max_completion_tokens``, else ``max_tokens``, else the ``max_tokens``
    default given here) are read from them, and what the pipeline does not apply
    itself is passed on to the policy. ``tools`` come already normalized (each
    adapter reads its framework's tools). Bad options raise here, before the call
    is recorded.
    """
    if "n" in options:
        check_choices(options["n"])
    limit = options.get("max_completion_tokens")
    if limit is None:
        limit = options.get("max_tokens", max_tokens)
    return Request(
        turns=turns,
        tools=tools,
        tool_choice=options.get("tool_choice"),
        options={k: v for k, v in options.items() if k not in _PIPELINE_OPTIONS},
        stop=stop_sequences(stop),
        max_tokens=check_max_tokens(limit),
        logprobs=None
        if "logprobs" not in options and "top_logprobs" not in options
        else check_logprobs(options.get("logprobs"), options.get("top_logprobs")),
    )


def respond(
    request: Request,
    decide: Decide,
    *,
    log: CallLog,
    model: str,
    name: str,
    streamed: bool = False,
    kwargs: dict[str, Any] | None = None,
    raw: Any = None,
    fault: FaultPlan | None = None,
    gate: Callable[[Call], None] | None = None,
    message_id: Callable[[Call], str | None] | None = None,
    reasoning: ReasoningSetting = None,
) -> tuple[Call, Response]:
    """Record the call, check faults and input, ask the policy, and shape its reply.

    In this order: the call is logged (so a call that fails from here on is in
    the log too; bad options were already rejected by :func:`make_request`), then
    ``gate`` runs (an adapter's own faults, such as LiteLLM's fail routes), then
    ``fault`` fails the call if planned, then an empty conversation is rejected
    naming ``name``, and only then is the policy asked. ``message_id`` gives the
    id of a reply that did not bring one; ``reasoning`` (a fake's setting, see
    :func:`~fakes.core.reasoning_text`) what it thinks first, unless the reply
    brought its own content parts.
    """
    call = log.record(request.turns, stop=request.stop, streamed=streamed, kwargs=kwargs, raw=raw)
    if gate is not None:
        gate(call)
    if fault is not None:
        fault.check_call(call.number)
    if not request.turns:
        raise InvalidInputError(f"{name} was called with an empty list of messages")
    reply = decide(request, call)
    default_id = message_id(call) if message_id is not None and reply.message_id is None else None
    thought = reply.reasoning  # a reply with content parts brings its reasoning in them
    if (
        thought is None
        and not reply.parts
        and (reasoning is not None or "reasoning_effort" in request.options)
    ):
        thought = reasoning_text(reasoning, request, call)
    return call, shape(request, reply, model=model, message_id=default_id, reasoning=thought)


def shape(
    request: Request,
    reply: Reply,
    *,
    model: str,
    message_id: str | None = None,
    reasoning: str | None = None,
) -> Response:
    """Apply stop sequences and ``max_tokens`` to a reply, count usage, set the finish reason.

    The stop sequence that completes first cuts the text and stays in it; a
    ``max_tokens`` reached before that cuts the text there instead (one token per
    character) and the reply finishes with ``length``, as a real model would stop
    at whichever comes first. A reply with tool calls finishes with ``tool_calls``;
    a reply's own finish reason wins. ``reasoning`` becomes the first content
    part; it counts as output, but no stop sequence or limit cuts it.
    """
    finish_reason: FinishReason = (
        "tool_calls" if reply.tool_calls or reply.invalid_tool_calls else "stop"
    )
    if reply.parts:  # kept as given: no stop sequence or limit cuts them
        parts = reply.parts
        text = "".join(part.text for part in parts if part.type == "text")
    else:
        text, _ = apply_stop(reply.text, request.stop)
        limit = request.max_tokens
        if limit is not None and count_tokens(text) > limit:
            text, finish_reason = text[:limit], "length"
        parts = (Part("text", text),) if text else ()
        if reasoning:
            parts = (Part("reasoning", reasoning), *parts)
    usage = reply.usage
    if usage is None and not reply.count_usage:
        usage = Usage(0, 0)  # not reported: nothing to count (the arguments need not be JSON)
    elif usage is None:
        usage = Usage.of(
            request.turns, text, reply.tool_calls, reply.invalid_tool_calls, reasoning or ""
        )
    return Response(
        parts=parts,
        tool_calls=reply.tool_calls,
        usage=usage,
        finish_reason=reply.finish_reason or finish_reason,
        model=model,
        invalid_tool_calls=reply.invalid_tool_calls,
        usage_given=reply.usage is not None,
        message_id=reply.message_id if reply.message_id is not None else message_id,
        message_fields=reply.message_fields,
        metadata=reply.metadata,
        usage_reported=reply.count_usage or reply.usage is not None,
        name=reply.name,
        logprobs=request.logprobs,
    )


def deliver(
    call: Call,
    response: Response,
    chunking: Chunking,
    fault: FaultPlan | None = None,
    *,
    final: bool = True,
) -> Iterator[Piece]:
    """Return the stream plan's pieces, failing before piece ``k`` when ``fault`` says so.

    ``final=False`` leaves out the final piece, for streams that end with their
    last content (a text LLM's).
    """
    plan = stream_plan(response, chunking, final=final)
    if fault is None or fault.at_chunk is None:
        # The plan itself, with no generator step of ours per chunk
        # (benchmarks: parrot-stream <= 1.05).
        return plan
    return _failing(plan, fault, call.number)


def _failing(plan: Iterator[Piece], fault: FaultPlan, call_number: int) -> Iterator[Piece]:
    for index, piece in enumerate(plan):
        fault.check_chunk(call_number, index)
        yield piece
