"""LangChain's tools (pydantic models, functions, ``@tool``, OpenAI dicts) as ToolDefs."""

from __future__ import annotations

from typing import Any

from langchain_core.utils.function_calling import convert_to_openai_tool

from fakes.core import InvalidInputError, ToolDef, normalize_tool_schema, normalize_tools, tool_def

__all__ = ["BoundTools", "openai_tool", "tool_defs"]


def openai_tool(tool: Any, position: int) -> dict[str, Any]:
    """Convert one tool of any kind LangChain accepts to the OpenAI tool dict, or say why not."""
    try:
        converted = convert_to_openai_tool(tool)
    except Exception as error:
        raise InvalidInputError(
            f"tool #{position} ({type(tool).__name__}: {tool!r:.60}) is not a valid tool "
            "definition; give a pydantic model, a function with a docstring, a @tool, "
            f"or an OpenAI tool dict ({type(error).__name__}: {' '.join(str(error).split())[:160]})"
        ) from error
    normalize_tool_schema(converted)  # raises a clear error for a malformed dict
    return converted


class BoundTools(list[dict[str, Any]]):
    """The OpenAI tool dicts ``bind_tools`` binds, with their ToolDefs made once, at bind time.

    A list, so whatever reads a binding's ``tools`` (LangGraph, LangSmith params,
    the call log) sees the plain dicts; each call reuses :attr:`defs`.
    """

    def __init__(self, formatted: list[dict[str, Any]]) -> None:
        super().__init__(formatted)
        self.defs = tuple(tool_def(tool) for tool in formatted)
        """The definitions, in order (a name bound twice is an error of the call, as
        with OpenAI, since langchain-tests binds the same tool in two forms)."""


def tool_defs(raw: Any) -> tuple[ToolDef, ...]:
    """Normalize the tools of one call: as bound (OpenAI dicts) or passed straight to invoke.

    Dicts (what ``bind_tools`` binds) go to :func:`fakes.core.normalize_tools` as
    they are; anything else is converted by LangChain first.
    """
    if isinstance(raw, BoundTools):
        return normalize_tools(raw.defs)
    if isinstance(raw, (list, tuple)) and not all(isinstance(tool, dict) for tool in raw):
        raw = [
            tool if isinstance(tool, (dict, ToolDef)) else openai_tool(tool, position)
            for position, tool in enumerate(raw)
        ]
    return normalize_tools(raw)
