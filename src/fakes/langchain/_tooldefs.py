"""LangChain's tools (pydantic models, functions, ``@tool``, OpenAI dicts) as ToolDefs."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.utils.function_calling import convert_to_openai_tool

from fakes.core import InvalidInputError, ToolDef, normalize_tools, tool_def

__all__ = ["BoundTools", "openai_tool", "read_tool", "tool_defs"]


def read_tool(tool: Any, position: int) -> tuple[dict[str, Any], ToolDef]:
    """Convert one tool of any kind LangChain accepts to the OpenAI tool dict and read it.

    Raises :class:`~fakes.core.InvalidInputError` saying why a tool is not valid.
    """
    try:
        converted = convert_to_openai_tool(tool)
    except Exception as error:
        raise InvalidInputError(
            f"tool #{position} ({type(tool).__name__}: {tool!r:.60}) is not a valid tool "
            "definition; give a pydantic model, a function with a docstring, a @tool, "
            f"or an OpenAI tool dict ({type(error).__name__}: {' '.join(str(error).split())[:160]})"
        ) from error
    return converted, tool_def(converted)  # tool_def: a clear error for a malformed dict


def openai_tool(tool: Any, position: int) -> dict[str, Any]:
    """Convert one tool to the OpenAI tool dict, checked; see :func:`read_tool`."""
    return read_tool(tool, position)[0]


class BoundTools(list[dict[str, Any]]):
    """The OpenAI tool dicts ``bind_tools`` binds, read and checked once, at bind time.

    A list, so whatever reads a binding's ``tools`` (LangGraph, LangSmith params,
    the call log) sees the plain dicts; each call reuses :attr:`defs`.
    """

    def __init__(self, tools: Sequence[Any]) -> None:
        read = [read_tool(tool, position) for position, tool in enumerate(tools)]
        super().__init__(converted for converted, _ in read)
        self.defs = tuple(definition for _, definition in read)
        """The definitions, in order."""
        self.error: InvalidInputError | None = None
        """Why the tools cannot be called (a name bound twice), raised by each call.
        Not at bind time: as with OpenAI, the call is the error, and langchain-tests
        binds the same tool in two forms without calling it."""
        try:
            normalize_tools(self.defs)
        except InvalidInputError as error:
            self.error = error


def tool_defs(raw: Any) -> tuple[ToolDef, ...]:
    """Normalize the tools of one call: as bound (OpenAI dicts) or passed straight to invoke.

    Dicts (what ``bind_tools`` binds) go to :func:`fakes.core.normalize_tools` as
    they are; anything else is converted by LangChain first.
    """
    if isinstance(raw, BoundTools):
        if raw.error is not None:
            raise InvalidInputError(str(raw.error))  # a new one: no traceback grows per call
        return raw.defs
    if isinstance(raw, (list, tuple)) and not all(isinstance(tool, dict) for tool in raw):
        raw = [
            tool if isinstance(tool, (dict, ToolDef)) else openai_tool(tool, position)
            for position, tool in enumerate(raw)
        ]
    return normalize_tools(raw)
