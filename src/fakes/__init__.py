"""Offline, deterministic fake language models for LangChain and LiteLLM.

Importing :mod:`fakes` is cheap: it imports neither langchain_core nor litellm.
The adapters live in :mod:`fakes.langchain` and :mod:`fakes.litellm`.
"""

from __future__ import annotations

from fakes.core import (
    Call,
    CallLog,
    FakesError,
    FaultPlan,
    InjectedFault,
    InvalidInputError,
    Reply,
    ScriptExhaustedError,
    ToolCall,
    Turn,
)

__version__ = "0.1.0"

__all__ = [
    "Call",
    "CallLog",
    "FakesError",
    "FaultPlan",
    "InjectedFault",
    "InvalidInputError",
    "Reply",
    "ScriptExhaustedError",
    "ToolCall",
    "Turn",
    "__version__",
]
