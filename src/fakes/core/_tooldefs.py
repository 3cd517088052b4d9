"""Tool definitions, normalized once when an adapter receives them, and ``tool_choice``.

Tools arrive in several shapes: OpenAI's ``{"type": "function", "function":
{...}}``, the flattened function form and Anthropic's ``{"name",
"input_schema"}``. An adapter hands them to :func:`normalize_tools` once, and
everything after it (the planner, the request) sees only :class:`ToolDef`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from fakes.core._errors import InvalidInputError

__all__ = [
    "ChoiceMode",
    "ToolDef",
    "normalize_tool_choice",
    "normalize_tool_schema",
    "normalize_tools",
    "tool_def",
]

_BAD_NAME_CHAR = re.compile(r"[\s()]")

ChoiceMode = Literal["auto", "any", "none", "tool"]


@dataclass(frozen=True)
class ToolDef:
    """One bound tool, checked: a usable name, a description and an object schema."""

    name: str
    """Non-empty, without spaces or parentheses (call syntax ``name(...)`` finds it)."""
    description: str
    parameters: dict[str, Any]
    """The JSON schema of the arguments, of type object (a shallow copy of the given one)."""

    def as_schema(self) -> dict[str, Any]:
        """Return the flattened OpenAI function schema ``{"name", "description", "parameters"}``."""
        return {"name": self.name, "description": self.description, "parameters": self.parameters}


def normalize_tools(raw: Any) -> tuple[ToolDef, ...]:
    """Check and normalize the tool definitions of one request, in order.

    ``raw`` is None or a list/tuple of definitions in any form
    :func:`normalize_tool_schema` accepts (or already a :class:`ToolDef`). Raises
    :class:`~fakes.core.InvalidInputError` naming the problem: not a list, a bad
    definition, or two tools bound under the same name.
    """
    if not raw:
        return ()
    if not isinstance(raw, (list, tuple)):
        raise InvalidInputError(
            f"tools must be a list of tool definitions, got {type(raw).__name__}"
        )
    tools = tuple(tool if isinstance(tool, ToolDef) else tool_def(tool) for tool in raw)
    if len({tool.name for tool in tools}) != len(tools):
        names = [tool.name for tool in tools]
        duplicates = sorted({name for name in names if names.count(name) > 1})
        raise InvalidInputError(f"tools bound twice under the same name: {', '.join(duplicates)}")
    return tools


def normalize_tool_schema(obj: Any) -> dict[str, Any]:
    """Return the flattened OpenAI function schema ``{"name", "description", "parameters"}``.

    Accepts the OpenAI tool form ``{"type": "function", "function": {...}}``, the
    flattened function form, and Anthropic's ``{"name", "input_schema"}``. Raises
    :class:`~fakes.core.InvalidInputError` naming what is wrong with a bad definition.
    """
    return tool_def(obj).as_schema()


def tool_def(obj: Any) -> ToolDef:
    """Read one definition in any accepted form (see :func:`normalize_tool_schema`)."""
    function = _function_of(obj)
    name = function.get("name")
    if not isinstance(name, str) or not name.strip():
        raise InvalidInputError(f"a tool name must be a non-empty string, got {name!r}")
    if _BAD_NAME_CHAR.search(name):
        raise InvalidInputError(f"tool name {name!r} must not contain spaces or parentheses")
    description = function.get("description") or ""
    if not isinstance(description, str):
        raise InvalidInputError(f"tool {name!r}: 'description' must be a string")
    return ToolDef(name, description, _parameters_of(name, function))


def _function_of(obj: Any) -> Mapping[str, Any]:
    """Return the mapping holding name, description and parameters, in either OpenAI form."""
    if not isinstance(obj, Mapping):
        raise InvalidInputError(
            "a tool definition must be a dict in OpenAI form, "
            f"got {type(obj).__name__}: {obj!r:.80}"
        )
    if "function" in obj and obj.get("type", "function") == "function":
        function = obj["function"]
        if not isinstance(function, Mapping):
            raise InvalidInputError(
                f"the 'function' of a tool definition must be a dict, got {type(function).__name__}"
            )
        return function
    if "name" in obj:
        return obj
    raise InvalidInputError(
        "a tool definition needs a 'name' (or {'type': 'function', 'function': {...}}); "
        f"got keys {sorted(map(str, obj))}"
    )


def _parameters_of(name: str, function: Mapping[str, Any]) -> dict[str, Any]:
    # A "parameters" entry, even None, hides Anthropic's "input_schema".
    parameters = function.get("parameters", function.get("input_schema"))
    if parameters is None:
        return {"type": "object", "properties": {}}
    if not isinstance(parameters, Mapping):
        raise InvalidInputError(
            f"tool {name!r}: 'parameters' must be a JSON schema dict, "
            f"got {type(parameters).__name__}"
        )
    if parameters.get("type", "object") != "object":
        raise InvalidInputError(
            f"tool {name!r}: 'parameters' must be an object schema, "
            f"got type {parameters.get('type')!r}"
        )
    if not isinstance(parameters.get("properties", {}), Mapping):
        raise InvalidInputError(f"tool {name!r}: 'parameters.properties' must be a dict")
    return dict(parameters)


def normalize_tool_choice(
    tool_choice: Any, tool_names: Sequence[str]
) -> tuple[ChoiceMode, str | None]:
    """Reduce any accepted ``tool_choice`` to ``(mode, tool name or None)``.

    Accepted: None/"auto", "any"/"required"/True, "none"/False, a bound tool's
    name, ``{"type": "function", "function": {"name": ...}}``, ``{"type":
    "function", "name": ...}``, ``{"type": "tool", "name": ...}`` and ``{"type":
    "auto"|"any"|"required"|"none"}``. A name that is not bound raises
    :class:`~fakes.core.InvalidInputError` listing the bound tools.
    """
    if tool_choice is None or tool_choice == "auto":
        return "auto", None
    if tool_choice is True or tool_choice in ("any", "required"):
        return _forced("any", None, tool_choice, tool_names)
    if tool_choice is False or tool_choice == "none":
        return "none", None
    if isinstance(tool_choice, str):
        return _forced("tool", tool_choice, tool_choice, tool_names)
    if isinstance(tool_choice, Mapping):
        kind = tool_choice.get("type")
        function = tool_choice.get("function")
        name = function.get("name") if isinstance(function, Mapping) else tool_choice.get("name")
        if kind in ("function", "tool") and isinstance(name, str):
            return _forced("tool", name, tool_choice, tool_names)
        if kind in ("auto", "any", "required", "none") and name is None:
            return normalize_tool_choice(kind, tool_names)
    raise InvalidInputError(
        "tool_choice must be None, 'auto', 'any', 'required', 'none', a tool name or "
        f"{{'type': 'function', 'function': {{'name': ...}}}}, got {tool_choice!r}"
    )


def _forced(
    mode: ChoiceMode, name: str | None, original: Any, tool_names: Sequence[str]
) -> tuple[ChoiceMode, str | None]:
    if not tool_names:
        raise InvalidInputError(f"tool_choice={original!r} needs bound tools, but none are bound")
    if name is not None and name not in tool_names:
        raise InvalidInputError(
            f"tool_choice names the tool {name!r}, which is not bound; "
            f"bound tools: {', '.join(tool_names)}"
        )
    return mode, name
