"""The framework-free core: neutral messages, reply policies, chunking and faults.

Nothing in this package imports langchain or litellm. Every adapter turns its
framework's input into :class:`Turn` objects, asks a policy for a :class:`Reply`
and renders that reply back in its framework's types, so the same policy gives
the same answer through LangChain, through LiteLLM and over HTTP.
"""

from __future__ import annotations

from fakes.core._calls import Call, CallLog
from fakes.core._chunking import Chunking, split_text
from fakes.core._errors import (
    FakesError,
    InjectedFault,
    InvalidInputError,
    ScriptExhaustedError,
)
from fakes.core._faults import FaultPlan
from fakes.core._messages import Reply, ToolCall, Turn, last_text
from fakes.core._policies import Echo, Policy, Request, Script, UnixTime
from fakes.core._schema import value_for_schema, values_for_schema
from fakes.core._text import apply_stop, count_tokens
from fakes.core._tools import (
    ToolPlanner,
    normalize_tool_choice,
    normalize_tool_schema,
    reply_message_id,
    tool_call_id,
)
from fakes.core._usage import Usage

__all__ = [
    "Call",
    "CallLog",
    "Chunking",
    "Echo",
    "FakesError",
    "FaultPlan",
    "InjectedFault",
    "InvalidInputError",
    "Policy",
    "Reply",
    "Request",
    "Script",
    "ScriptExhaustedError",
    "ToolCall",
    "ToolPlanner",
    "Turn",
    "UnixTime",
    "Usage",
    "apply_stop",
    "count_tokens",
    "last_text",
    "normalize_tool_choice",
    "normalize_tool_schema",
    "reply_message_id",
    "split_text",
    "tool_call_id",
    "value_for_schema",
    "values_for_schema",
]
