"""The tool-calling policy: which tools to call, with which arguments, and the ids.

The rules (DESIGN.md, "Tool-calling rules"), applied in order:

1. No tools bound, or ``tool_choice="none"``: reply like the parrot (the last
   message's text).
2. The last message is a tool result: reply in text built from the tool results
   of that turn, one ``"<tool name>: <result>"`` line per result. A forced
   ``tool_choice`` must still call a tool: the named one, or for "any" the last
   bound tool, with arguments taken from that results text.
3. Otherwise call tools. The prompt is the last user message. A tool is *named*
   there by call syntax ``name(...)``, by its name as a word (any case), or, for a
   name of several words, by all its words but the first (``get_weather`` is
   named by "weather"). ``"auto"`` calls every named tool in order of appearance
   (one call per call-syntax occurrence) and answers in text (the parrot) when
   none is named; ``"any"``/``"required"`` does the same but calls the first
   bound tool when none is named; a tool name calls that tool.
4. Arguments: call syntax first, then quoted strings, proper nouns and numbers
   of the prompt by type, then deterministic placeholders (see
   :mod:`fakes.core._schema`). Each prompt value is used once across the calls of
   one reply, in order: "the weather in 'Boston' and the time in 'Tokyo'" gives
   get_weather Boston and get_time Tokyo.
5. A tool named by a mention (not by call syntax) is called again for a list of
   values: while the prompt's unused values fill every required field of one
   more call, and the list of the calls' first string values ends in "and" or
   "or" ("Boston and Tokyo", "Boston, Tokyo or Paris"; "San Francisco, CA" is
   one place). The repeats follow the tool's first call; at most
   ``MAX_CALLS_PER_TOOL`` calls per tool; none when ``tool_choice`` names a tool
   or ``parallel_tool_calls`` is False.
6. Ids: the reply to a conversation holding ``k`` assistant messages gets message
   id ``fake-msg-k`` and tool call ids ``call_k_0``, ``call_k_1``, ...
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from fakes.core._call_arguments import given_arguments
from fakes.core._errors import InvalidInputError
from fakes.core._ids import tool_call_ids
from fakes.core._messages import Reply, ToolCall, Turn
from fakes.core._policies import Request
from fakes.core._schema import Checkpoint, Deriver, derive_object, value_for_schema
from fakes.core._tool_mentions import Occurrence, mask_calls, occurrences
from fakes.core._tooldefs import ChoiceMode, ToolDef, normalize_tool_choice, normalize_tools

__all__ = ["MAX_CALLS", "MAX_CALLS_PER_TOOL", "ToolPlanner", "tool_results_text"]

MAX_CALLS_PER_TOOL = 16
"""The most calls of one tool that rule 5 makes in one reply."""
MAX_CALLS = 256
"""The most tool calls of one reply: a prompt with more call syntax is an error."""


@dataclass(frozen=True)
class ToolPlanner:
    """Policy that calls bound tools as the tool-calling rules say (see module docstring).

    ``request.tools`` holds :class:`~fakes.core.ToolDef` objects (from
    :func:`~fakes.core.normalize_tools`); ``request.tool_choice`` is any form
    :func:`~fakes.core.normalize_tool_choice` accepts; ``request.options`` may hold
    ``response_format`` (text replies become JSON valid against its schema) and
    ``parallel_tool_calls=False`` (keep only the first call).
    """

    def reply(self, request: Request) -> Reply:
        """Decide the reply: parrot text, an answer from tool results, or tool calls."""
        turns = request.turns
        if not turns:
            raise InvalidInputError("the fake model was called with an empty list of messages")
        tools = request.tools
        if not all(isinstance(tool, ToolDef) for tool in tools):
            # Adapters pass ToolDefs; a Request built by hand may hold raw definitions.
            tools = normalize_tools(tools)
        names = [tool.name for tool in tools]
        mode, forced = normalize_tool_choice(request.tool_choice, names)
        response_format = request.options.get("response_format")

        if not tools or mode == "none":
            return _text(turns[-1].text, response_format)
        if turns[-1].role == "tool":
            results = tool_results_text(turns)
            if mode in ("any", "tool"):
                return _forced_after_results(turns, tools, forced, results)
            return _text(results, response_format)
        prompt = _prompt(turns)
        found = occurrences(prompt, names)
        chosen = _chosen(found, mode, forced, tools)
        if not chosen:
            return _text(prompt, response_format)
        if request.options.get("parallel_tool_calls") is False:
            chosen, again = chosen[:1], []
        else:  # rule 5: the tools named by a mention may be called again
            again = [] if mode == "tool" else [o.tool for o in found if o.inner is None]
        return _calls(turns, tools, chosen, mask_calls(prompt, found), again)


def _chosen(
    found: list[Occurrence], mode: ChoiceMode, forced: str | None, tools: Sequence[ToolDef]
) -> list[Occurrence]:
    """Pick the occurrences to call, as ``tool_choice`` says (none: answer in text)."""
    if mode == "tool":
        return [o for o in found if o.tool == forced] or [Occurrence(0, str(forced), None, (0, 0))]
    if mode == "any" and not found:
        return [Occurrence(0, tools[0].name, None, (0, 0))]
    if len(found) > MAX_CALLS:
        raise InvalidInputError(
            f"the prompt calls tools {len(found)} times; the fake makes at most {MAX_CALLS} "
            "tool calls in one reply"
        )
    return found


def _calls(
    turns: Sequence[Turn],
    tools: Sequence[ToolDef],
    chosen: list[Occurrence],
    remaining: str,
    again: Sequence[str],
) -> Reply:
    """One tool call per occurrence, then the repeats of rule 5; values from ``remaining``."""
    by_name = {tool.name: tool for tool in tools}
    # One for the whole reply, each prompt value used once; "Weather" names a tool, not a place.
    values = Deriver(remaining, tool_names=tuple(by_name))
    planned: list[tuple[str, dict[str, Any]]] = []
    for occurrence in chosen:
        parameters = by_name[occurrence.tool].parameters
        given = given_arguments(occurrence.inner, parameters) if occurrence.inner else None
        before = values.checkpoint() if occurrence.tool in again else None
        planned.append((occurrence.tool, values.fill(parameters, given)[0]))
        if before is not None:
            first = values.first_string_since(before)
            more = _repeats(values, by_name[occurrence.tool], first)
            planned.extend((occurrence.tool, arguments) for arguments in more)
    ids = tool_call_ids(turns, len(planned))
    calls = [ToolCall(name, args, id_) for (name, args), id_ in zip(planned, ids, strict=True)]
    return Reply(text="", tool_calls=tuple(calls))


# Between two values of a list: a comma, "and", "or" or "&" (", and" too).
_LIST_JOINER = re.compile(r"\s*(?:,\s*)?(and|or|&)\s+|\s*,\s*", re.IGNORECASE)


def _repeats(
    values: Deriver, tool: ToolDef, previous: tuple[int, int] | None
) -> list[dict[str, Any]]:
    """More calls of ``tool`` for a list of values after ``previous`` (rule 5)."""
    calls: list[tuple[dict[str, Any], Checkpoint, bool]] = []
    start = values.checkpoint()
    while previous is not None and len(calls) < MAX_CALLS_PER_TOOL - 1:
        before = values.checkpoint()
        arguments, complete = values.fill(tool.parameters)
        value = values.first_string_since(before)
        joiner = (
            None if value is None else _LIST_JOINER.fullmatch(values.text, previous[1], value[0])
        )
        if not complete or joiner is None:
            break
        calls.append((arguments, values.checkpoint(), joiner.group(1) is not None))
        previous = value
    # The list ends at its last "and"/"or": values joined by commas alone are one place.
    kept = [n for n, (_, _, conjunction) in enumerate(calls, 1) if conjunction]
    values.restore(calls[kept[-1] - 1][1] if kept else start)
    return [arguments for arguments, _, _ in calls[: kept[-1] if kept else 0]]


def _forced_after_results(
    turns: Sequence[Turn], tools: Sequence[ToolDef], forced: str | None, results: str
) -> Reply:
    # A forced tool_choice must call a tool even after tool results. The last
    # bound tool is what ends langchain's create_agent with a ToolStrategy
    # response format: it binds its output tool after the agent's own tools.
    name = forced if forced is not None else tools[-1].name
    parameters = next(tool.parameters for tool in tools if tool.name == name)
    call = ToolCall(
        name=name, args=derive_object(parameters, results), id=tool_call_ids(turns, 1)[0]
    )
    return Reply(text="", tool_calls=(call,))


def _text(source: str, response_format: Any) -> Reply:
    json_text = _json_text(response_format, source)
    return Reply(text=source if json_text is None else json_text)


def _prompt(turns: Sequence[Turn]) -> str:
    """Return the last user message's text (the last message's, when there is none)."""
    for turn in reversed(turns):
        if turn.role == "user":
            return turn.text
    return turns[-1].text


def tool_results_text(turns: Sequence[Turn]) -> str:
    """Answer a conversation that ends in tool results: one line per result.

    Each line is ``"<tool name>: <result text>"``; the name comes from the tool
    message or, failing that, from the assistant tool call it answers.
    """
    names = {call.id: call.name for turn in turns for call in turn.tool_calls}
    results: list[Turn] = []
    for turn in reversed(turns):
        if turn.role != "tool":
            break
        results.append(turn)
    lines = []
    for turn in reversed(results):
        name = turn.name or names.get(turn.tool_call_id or "") or "tool"
        lines.append(f"{name}: {turn.text}")
    return "\n".join(lines)


def _json_text(response_format: Any, source: str) -> str | None:
    """Return the JSON reply a ``response_format`` asks for, or None for plain text."""
    if response_format is None:
        return None
    schema: Any = None
    if isinstance(response_format, Mapping):
        kind = response_format.get("type")
        if kind == "text":
            return None
        if kind == "json_schema":
            spec = response_format.get("json_schema")
            schema = spec.get("schema") if isinstance(spec, Mapping) else None
            if not isinstance(schema, Mapping):
                raise InvalidInputError(
                    "response_format of type 'json_schema' needs json_schema.schema (a dict)"
                )
        elif kind == "json_object":
            # The fake cannot follow the instructions a real model would read in the
            # prompt; ToolCallingChat's json_mode hands it the schema here instead.
            schema = response_format.get("schema")
            if schema is None:
                return json.dumps({"text": source}, ensure_ascii=False)
            if not isinstance(schema, Mapping):
                raise InvalidInputError(
                    "response_format of type 'json_object' needs its 'schema' to be a dict, "
                    f"got {type(schema).__name__}"
                )
        else:
            raise InvalidInputError(
                f"response_format type must be 'text', 'json_object' or 'json_schema', got {kind!r}"
            )
    elif hasattr(response_format, "model_json_schema"):
        schema = response_format.model_json_schema()
        if not isinstance(schema, Mapping):
            raise InvalidInputError(
                f"{response_format!r:.80}.model_json_schema() gave a {type(schema).__name__}, "
                "not a dict"
            )
    else:
        raise InvalidInputError(f"unsupported response_format {response_format!r:.80}")
    return json.dumps(value_for_schema(schema, source), ensure_ascii=False)
