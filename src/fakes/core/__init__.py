"""The framework-free core: neutral messages, reply policies and the one pipeline.

Nothing in this package imports langchain or litellm. Every adapter turns its
framework's input into a :class:`Request` of :class:`Turn` objects, and
:func:`respond` records the call, asks a policy for a :class:`Reply` and shapes it
into a :class:`Response` (stop sequences, ``max_tokens``, usage, finish reason,
ids). The adapter renders that response, or the :class:`Piece` objects of its
stream plan (:func:`deliver`), in its framework's types, so the same prompt gets
the same answer through LangChain, through LiteLLM and over HTTP.
"""

from __future__ import annotations

from fakes.core._calls import Call, CallLog
from fakes.core._chunking import Chunking, split_text
from fakes.core._errors import (
    FakesError,
    InjectedFault,
    InvalidInputError,
    RouteError,
    RouteKindError,
    ScriptExhaustedError,
    UnknownRouteError,
)
from fakes.core._faults import FaultPlan
from fakes.core._ids import reply_message_id, tool_call_id, tool_call_ids
from fakes.core._latency import Latency
from fakes.core._logprobs import check_logprobs, token_logprobs
from fakes.core._media import embedding_vector, png_base64, png_bytes
from fakes.core._messages import InvalidToolCall, Reply, ToolCall, Turn, last_text
from fakes.core._pipeline import check_max_tokens, deliver, make_request, respond, shape
from fakes.core._planner import ToolPlanner
from fakes.core._policies import ContentFilter, Echo, Policy, Replies, Request, Script, UnixTime
from fakes.core._reasoning import (
    ReasoningSetting,
    check_reasoning,
    derived_reasoning,
    reasoning_text,
)
from fakes.core._response import (
    FinishReason,
    Part,
    Piece,
    Response,
    ToolPiece,
    chunk_count,
    stream_plan,
)
from fakes.core._schema import value_for_schema, values_for_schema
from fakes.core._text import apply_stop, content_text, count_tokens, stop_sequences
from fakes.core._tooldefs import (
    ToolDef,
    normalize_tool_choice,
    normalize_tool_schema,
    normalize_tools,
    tool_def,
)
from fakes.core._usage import Usage, tool_arguments_text

__all__ = [
    "Call",
    "CallLog",
    "Chunking",
    "ContentFilter",
    "Echo",
    "FakesError",
    "FaultPlan",
    "FinishReason",
    "InjectedFault",
    "InvalidInputError",
    "InvalidToolCall",
    "Latency",
    "Part",
    "Piece",
    "Policy",
    "ReasoningSetting",
    "Replies",
    "Reply",
    "Request",
    "Response",
    "RouteError",
    "RouteKindError",
    "Script",
    "ScriptExhaustedError",
    "ToolCall",
    "ToolDef",
    "ToolPiece",
    "ToolPlanner",
    "Turn",
    "UnixTime",
    "UnknownRouteError",
    "Usage",
    "apply_stop",
    "check_logprobs",
    "check_max_tokens",
    "check_reasoning",
    "chunk_count",
    "content_text",
    "count_tokens",
    "deliver",
    "derived_reasoning",
    "embedding_vector",
    "last_text",
    "make_request",
    "normalize_tool_choice",
    "normalize_tool_schema",
    "normalize_tools",
    "png_base64",
    "png_bytes",
    "reasoning_text",
    "reply_message_id",
    "respond",
    "shape",
    "split_text",
    "stop_sequences",
    "stream_plan",
    "token_logprobs",
    "tool_arguments_text",
    "tool_call_id",
    "tool_call_ids",
    "tool_def",
    "value_for_schema",
    "values_for_schema",
]
