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
4. Arguments: call syntax first, then quoted strings and numbers of the prompt by
   type, then deterministic placeholders (see :mod:`fakes.core._schema`).
5. Ids: the reply to a conversation holding ``k`` assistant messages gets message
   id ``fake-msg-k`` and tool call ids ``call_k_0``, ``call_k_1``, ...
"""

from __future__ import annotations

import ast
import json
import re
import string
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache, partial
from keyword import iskeyword
from operator import itemgetter
from typing import Any, NamedTuple

from fakes.core._errors import InvalidInputError
from fakes.core._messages import Reply, ToolCall, Turn
from fakes.core._policies import Request
from fakes.core._schema import PromptValues, derive_object, value_for_schema, word_pattern
from fakes.core._tooldefs import ToolDef, normalize_tool_choice, normalize_tools

__all__ = [
    "ToolPlanner",
    "reply_message_id",
    "tool_call_id",
    "tool_results_text",
]

_NAME_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "\u2018": "\u2019", "«": "»", "「": "」", "『": "』"}


# -- ids ----------------------------------------------------------------------


def _reply_number(turns: Sequence[Turn]) -> int:
    return sum(1 for turn in turns if turn.role == "assistant")


def _unused(base: str, taken: set[str]) -> str:
    """Return ``base``, or the first of ``base_2``, ``base_3``, ... not in ``taken``."""
    candidate, suffix = base, 1
    while candidate in taken:
        suffix += 1
        candidate = f"{base}_{suffix}"
    return candidate


def reply_message_id(turns: Sequence[Turn]) -> str:
    """Id of the reply to ``turns``: ``fake-msg-k`` with ``k`` the assistant turns so far.

    Unique within a conversation, so LangGraph's ``add_messages`` reducer never
    merges two turns, and the same on every run. Should the conversation already
    hold that id (a trimmed or pasted history), a ``_2``, ``_3``, ... suffix keeps
    it unique.
    """
    taken = {turn.message_id for turn in turns if turn.message_id}
    return _unused(f"fake-msg-{_reply_number(turns)}", taken)


def tool_call_id(turns: Sequence[Turn], index: int) -> str:
    """Id of the ``index``-th (0-based) tool call of the reply to ``turns``.

    ``call_k_index`` with ``k`` the number of assistant turns so far; should the
    conversation already hold that id (a history pasted from elsewhere), a
    ``_2``, ``_3``, ... suffix keeps it unique.
    """
    return _tool_call_ids(turns, [index])[0]


def _tool_call_ids(turns: Sequence[Turn], indexes: Sequence[int]) -> list[str]:
    """:func:`tool_call_id` for several indexes, reading the conversation once."""
    # One plain loop over the turns rather than three comprehensions, and no
    # suffix search when the conversation holds no ids at all (its first turn).
    taken: set[str] = set()
    number = 0
    for turn in turns:
        if turn.role == "assistant":
            number += 1
        if turn.tool_calls:
            taken.update([call.id for call in turn.tool_calls])
        if turn.tool_call_id:
            taken.add(turn.tool_call_id)
    if not taken:
        return [f"call_{number}_{index}" for index in indexes]
    return [_unused(f"call_{number}_{index}", taken) for index in indexes]


# -- reading the prompt -------------------------------------------------------


class _Occurrence(NamedTuple):
    # A NamedTuple rather than a frozen dataclass: as immutable, and a few are
    # built on every turn, where a frozen dataclass's __init__ is notably slower.
    position: int
    tool: str
    inner: str | None
    """Text between the parentheses for call syntax, None for a bare mention."""
    span: tuple[int, int]


# A call whose arguments hold no brackets and no backslash inside quotes: there the
# first ``)`` outside quotes is the closing one, found without a loop in Python.
# On Python 3.11+ runs of plain characters are taken whole (``++``, a quarter
# cheaper than one loop step per character); possessive, so a text without the
# ``)`` fails in linear time: the three branches start differently and none takes
# a ``)``, so giving characters back could never lead to a match anyway. Python
# 3.10's ``re`` has no possessive quantifiers; there one character per step keeps
# it linear (a ``+`` inside the ``*`` would backtrack exponentially).
if sys.version_info >= (3, 11):
    _FLAT_CALL = re.compile(r"""\((?:[^()\[\]{}"']++|"[^"\\]*+"|'[^'\\]*+')*+\)""")
else:  # pragma: no cover - exercised by nox -s tests-3.10
    _FLAT_CALL = re.compile(r"""\((?:[^()\[\]{}"']|"[^"\\]*"|'[^'\\]*')*\)""")


def _closing_paren(text: str, start: int) -> int | None:
    """Index of the ``)`` matching the ``(`` at ``start``, skipping quoted text."""
    flat = _FLAT_CALL.match(text, start)
    if flat is not None:
        return flat.end() - 1
    return _scan_closing_paren(text, start)


def _scan_closing_paren(text: str, start: int) -> int | None:
    """:func:`_closing_paren` character by character, for nested or escaped text."""
    depth = 0
    quote: str | None = None
    index = start
    while index < len(text):
        char = text[index]
        if quote is not None:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = None
        elif char in ('"', "'"):
            quote = char
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
            if depth == 0:
                return index if char == ")" else None
        index += 1
    return None


@dataclass(frozen=True)
class _NamePatterns:
    """What finds one tool name in a prompt, prepared once per name."""

    call: re.Pattern[str]
    """Call syntax ``name(``, case-sensitive; :func:`_is_call_start` checks the left edge."""
    mention: re.Pattern[str]
    """The name as a word, in any case."""
    words: tuple[re.Pattern[str], ...]
    """For a name of several words, its words but the first (else empty)."""
    folded: tuple[str | None, ...]
    """Lowercased name, then lowercased words; None for one that is not ASCII."""


@lru_cache(maxsize=1024)
def _name_patterns(name: str) -> _NamePatterns:
    # Prepared once per tool name rather than on every turn: names are immutable
    # strings, so the cache cannot go stale, and its bound keeps a long session
    # binding many generated tool names in check.
    words = _NAME_WORDS.findall(name)
    later = words[1:] if len(words) >= 2 else []
    return _NamePatterns(
        # The name comes first so that the regex engine can search for it as a
        # literal; a left-edge lookbehind in front would make it try every position.
        call=re.compile(rf"{re.escape(name)}\s*\("),
        mention=word_pattern(name),
        words=tuple(word_pattern(word) for word in later),
        folded=tuple(w.lower() if w.isascii() else None for w in [name, *later]),
    )


_CALL_EDGE = frozenset(f"{string.ascii_letters}{string.digits}_.")


def _is_call_start(text: str, start: int) -> bool:
    """Whether call syntax may start at ``start``: not inside a word or after a dot.

    Checking the match instead of finding it with a lookbehind finds the same
    calls: a name has no spaces or parentheses, so two matches of the name and
    its ``(`` never overlap and a rejected one cannot hide another.
    """
    return start == 0 or text[start - 1] not in _CALL_EDGE


def _surely_absent(folded_text: str | None, folded_word: str | None) -> bool:
    """Whether a word cannot occur in the text in any case, without a regex search.

    Only decided for ASCII text and word (else False): there a case-insensitive
    match implies containment after ``lower()``. Unicode case folding has
    exceptions (the Kelvin sign matches "k"), which the regex handles.
    """
    return folded_text is not None and folded_word is not None and folded_word not in folded_text


_by_position = itemgetter(0, 1)  # (position, tool)


# Builds an _Occurrence in C: the NamedTuple's own __new__ is a Python function.
_new_occurrence = partial(tuple.__new__, _Occurrence)


def _occurrences(text: str, names: Sequence[str]) -> list[_Occurrence]:
    found: list[_Occurrence] = []
    folded_text = text.lower() if text.isascii() else None
    for name in names:
        patterns = _name_patterns(name)
        calls = []
        # Call syntax holds the name as it is: a substring test skips the regex for
        # the (usually most) tools the prompt does not call. The checks of
        # _is_call_start and _closing_paren are inlined: this loop runs per tool.
        if name in text:
            for match in patterns.call.finditer(text):
                start = match.start()
                if start and text[start - 1] in _CALL_EDGE:
                    continue
                end = match.end()
                flat = _FLAT_CALL.match(text, end - 1)
                close = flat.end() - 1 if flat is not None else _scan_closing_paren(text, end - 1)
                if close is not None:
                    calls.append(
                        _new_occurrence((start, name, text[end:close], (start, close + 1)))
                    )
        if calls:
            found.extend(calls)
            continue
        if not _surely_absent(folded_text, patterns.folded[0]):
            mention = patterns.mention.search(text)
            if mention is not None:
                found.append(_new_occurrence((mention.start(), name, None, (0, 0))))
                continue
        if patterns.words and not any(
            _surely_absent(folded_text, word) for word in patterns.folded[1:]
        ):
            positions = [pattern.search(text) for pattern in patterns.words]
            if all(position is not None for position in positions):
                first = min(m.start() for m in positions if m is not None)
                found.append(_Occurrence(first, name, None, (0, 0)))
    if len(found) > 1:
        found.sort(key=_by_position)
    return found


class _NotLiteral(Exception):
    pass


def _literal(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant) and not isinstance(node.value, (bytes, complex)):
        return node.value
    if isinstance(node, ast.Name):
        constants = {"true": True, "false": False, "null": None, "none": None}
        return constants.get(node.id.lower(), node.id)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _literal(node.operand)
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return [_literal(element) for element in node.elts]
    if isinstance(node, ast.Dict):
        result: dict[str, Any] = {}
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                raise _NotLiteral
            key_value = _literal(key)
            result[str(key_value)] = _literal(value)
        return result
    raise _NotLiteral


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1]
    return text


# One argument of the kind most prompts use: an optional ASCII keyword name, then
# a quoted string without escapes or control characters, a plain decimal number or
# a bare ASCII word; then a comma or the end. Anything else goes to ``ast``.
_SIMPLE_ARGUMENT = re.compile(
    r"[ \t]*(?:([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*)?"
    r"(?:\"([^\"\\\x00-\x1f\ud800-\udfff]*)\""
    r"|'([^'\\\x00-\x1f\ud800-\udfff]*)'"
    r"|(-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?)"
    r"|([A-Za-z_][A-Za-z0-9_]*))"
    r"[ \t]*(?:,|\Z)"
)
_WORD_CONSTANTS: dict[str, Any] = {"true": True, "false": False, "null": None, "none": None}


def _simple_arguments(inner: str) -> tuple[list[Any], dict[str, Any]] | None:
    """Parse an argument list of plain literals as ``ast`` would, or return None.

    ``ast.parse`` costs more than the rest of a short turn; this covers the usual
    ``city="Paris"`` / ``2, 3`` without it. None (anything unusual, including
    what Python would reject) sends the text to the ``ast`` path, so both agree.
    (One ``finditer`` over the text, checking that each argument starts where the
    last one ended, measured 10-15% slower than this match per argument.)
    """
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    position = 0
    while position < len(inner):
        match = _SIMPLE_ARGUMENT.match(inner, position)
        if match is None:
            return None
        name, double, single, number, word = match.groups()
        value: Any
        if number is not None:
            value = float(number) if "." in number else int(number)
        elif word is not None:
            if _reserved(word) and word not in ("True", "False", "None"):
                return None
            value = _WORD_CONSTANTS.get(word.lower(), word)
        else:
            value = double if double is not None else single
        if name is None:
            if keywords:  # a positional argument after a keyword one: a SyntaxError
                return None
            positional.append(value)
        elif _reserved(name) or name in keywords:
            return None
        else:
            keywords[name] = value
        position = match.end()
    return positional, keywords


def _reserved(word: str) -> bool:
    return iskeyword(word) or word == "__debug__"


def parse_call_arguments(inner: str) -> tuple[list[Any], dict[str, Any]]:
    """Parse the text between a call's parentheses into positional and keyword values.

    Python/JSON literals are understood (``3``, ``"Paris"``, ``true``, ``[1, 2]``,
    ``{"a": 1}``), a bare word is a string (``get_weather(Paris)``), and text
    that is not an argument list becomes one string argument.
    """
    inner = inner.strip()
    if not inner:
        return [], {}
    simple = _simple_arguments(inner)
    return simple if simple is not None else _ast_arguments(inner)


def _ast_arguments(inner: str) -> tuple[list[Any], dict[str, Any]]:
    """:func:`parse_call_arguments` of stripped, non-empty text, by Python's parser."""
    try:
        tree = ast.parse(f"_({inner})", mode="eval").body
        if not isinstance(tree, ast.Call) or any(isinstance(a, ast.Starred) for a in tree.args):
            raise _NotLiteral
        positional = [_literal(arg) for arg in tree.args]
        keywords: dict[str, Any] = {}
        for keyword in tree.keywords:
            if keyword.arg is None:
                raise _NotLiteral
            keywords[keyword.arg] = _literal(keyword.value)
        return positional, keywords
    except (SyntaxError, ValueError, RecursionError, _NotLiteral):
        return [_unquote(inner)], {}


def _given_arguments(inner: str, parameters: Mapping[str, Any]) -> dict[str, Any]:
    positional, keywords = parse_call_arguments(inner)
    # The properties mapping itself (its keys, in order), not a list of them: what
    # is looked up in it is looked up by hash, and nothing is built for it.
    properties = parameters.get("properties") or {}
    if not positional:
        given = {}
    # tool({"city": "Paris"}): one dict whose keys are parameters is the keyword form.
    elif (
        len(positional) == 1
        and not keywords
        and isinstance(positional[0], dict)
        and positional[0]
        and set(positional[0]) <= set(properties)
    ):
        return dict(positional[0])
    else:
        given = dict(zip(properties, positional, strict=False))
    for key, value in keywords.items():
        if key in properties:
            given[key] = value
    return given


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


def _prompt(turns: Sequence[Turn]) -> str:
    for turn in reversed(turns):
        if turn.role == "user":
            return turn.text
    return turns[-1].text


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
        else:
            raise InvalidInputError(
                f"response_format type must be 'text', 'json_object' or 'json_schema', got {kind!r}"
            )
    elif hasattr(response_format, "model_json_schema"):
        schema = response_format.model_json_schema()
    else:
        raise InvalidInputError(f"unsupported response_format {response_format!r:.80}")
    return json.dumps(value_for_schema(schema, source), ensure_ascii=False)


# -- the policy ---------------------------------------------------------------


@dataclass(frozen=True)
class ToolPlanner:
    """Policy that calls bound tools as the tool-calling rules say (see module docstring).

    ``request.tools`` holds tool definitions in OpenAI form (flattened or not);
    ``request.tool_choice`` is any form :func:`normalize_tool_choice` accepts;
    ``request.options`` may hold ``response_format`` (text replies become JSON
    valid against its schema) and ``parallel_tool_calls=False`` (keep only the
    first call).
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
        names = tuple(tool.name for tool in tools)
        mode, forced = normalize_tool_choice(request.tool_choice, names)
        response_format = request.options.get("response_format")

        if not tools or mode == "none":
            return self._text(turns[-1].text, response_format)
        if turns[-1].role == "tool":
            results = tool_results_text(turns)
            if mode in ("any", "tool"):
                return self._forced_after_results(turns, tools, forced, results)
            return self._text(results, response_format)

        last = turns[-1]
        prompt = last.text if last.role == "user" else _prompt(turns)
        by_name = {tool.name: tool for tool in tools}
        found = _occurrences(prompt, names)
        occurrences = found
        if mode == "tool":
            occurrences = [o for o in occurrences if o.tool == forced]
            if not occurrences:
                occurrences = [_Occurrence(0, str(forced), None, (0, 0))]
        elif mode == "any" and not occurrences:
            occurrences = [_Occurrence(0, names[0], None, (0, 0))]
        if not occurrences:
            return self._text(prompt, response_format)
        if request.options.get("parallel_tool_calls") is False:
            occurrences = occurrences[:1]

        # Values already given by call syntax are not offered again to other fields.
        spans = sorted(o.span for o in found if o.inner is not None)
        remaining = prompt
        for start, end in reversed(spans):
            remaining = remaining[:start] + " " * (end - start) + remaining[end:]
        values = PromptValues.scan(remaining)  # one scan shared by every call below

        calls = []
        ids = _tool_call_ids(turns, range(len(occurrences)))
        for occurrence, call_id in zip(occurrences, ids, strict=True):
            parameters = by_name[occurrence.tool].parameters
            given = _given_arguments(occurrence.inner, parameters) if occurrence.inner else {}
            arguments = derive_object(parameters, values, given)
            calls.append(ToolCall(occurrence.tool, arguments, call_id))  # (name, args, id)
        return Reply("", tuple(calls))  # (text, tool_calls)

    @staticmethod
    def _forced_after_results(
        turns: Sequence[Turn], tools: Sequence[ToolDef], forced: str | None, results: str
    ) -> Reply:
        # A forced tool_choice must call a tool even after tool results. The last
        # bound tool is what ends langchain's create_agent with a ToolStrategy
        # response format: it binds its output tool after the agent's own tools.
        name = forced if forced is not None else tools[-1].name
        parameters = next(tool.parameters for tool in tools if tool.name == name)
        call = ToolCall(
            name=name, args=derive_object(parameters, results), id=tool_call_id(turns, 0)
        )
        return Reply(text="", tool_calls=(call,))

    @staticmethod
    def _text(source: str, response_format: Any) -> Reply:
        json_text = _json_text(response_format, source)
        return Reply(text=source if json_text is None else json_text)
