"""The arguments of call syntax: ``add(2, 3)``, ``get_weather(city="Paris")``."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from keyword import iskeyword
from typing import Any

__all__ = ["MAX_PARSED_LENGTH", "given_arguments", "parse_call_arguments"]

MAX_PARSED_LENGTH = 100_000
"""Call arguments longer than this are one string, not parsed as literals."""

_QUOTE_PAIRS = {'"': '"', "'": "'", "“": "”", "\u2018": "\u2019", "«": "»", "「": "」", "『": "』"}


class _NotLiteral(Exception):
    pass


def given_arguments(inner: str, parameters: Mapping[str, Any]) -> dict[str, Any]:
    """Map the call arguments ``inner`` onto the properties of the ``parameters`` schema.

    Positional values take the properties in schema order, keywords that are no
    property are dropped, and ``tool({"city": "Paris"})`` (one dict whose keys
    are all properties) is the keyword form.
    """
    positional, keywords = parse_call_arguments(inner)
    properties: Mapping[str, Any] = parameters.get("properties") or {}
    if (
        len(positional) == 1
        and not keywords
        and isinstance(positional[0], dict)
        and positional[0]
        and positional[0].keys() <= properties.keys()
    ):
        return dict(positional[0])
    given = dict(zip(properties, positional, strict=False))
    for key, value in keywords.items():
        if key in properties:
            given[key] = value
    return given


def parse_call_arguments(inner: str) -> tuple[list[Any], dict[str, Any]]:
    """Parse the text between a call's parentheses into positional and keyword values.

    Python/JSON literals are understood (``3``, ``"Paris"``, ``true``, ``[1, 2]``,
    ``{"a": 1}``), a bare word is a string (``get_weather(Paris)``), and text
    that is not an argument list becomes one string argument.
    """
    inner = inner.strip()
    if not inner:
        return [], {}
    plain = _plain_arguments(inner)
    if plain is not None:
        return plain
    if len(inner) > MAX_PARSED_LENGTH:  # no literal list this long is worth ast's memory
        return [_unquote(inner)], {}
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
    except (SyntaxError, ValueError, RecursionError, MemoryError, _NotLiteral):
        # MemoryError: the parser's stack overflows on deep nesting ("[" * 10**5).
        return [_unquote(inner)], {}


# One argument of the kind most prompts use: an optional ASCII keyword name, then
# a quoted string without escapes or control characters, a plain decimal number or
# a bare ASCII word; then a comma or the end. Anything else goes to ``ast``.
_PLAIN_ARGUMENT = re.compile(
    r"[ \t]*(?:([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*)?"
    r"(?:\"([^\"\\\x00-\x1f\ud800-\udfff]*)\""
    r"|'([^'\\\x00-\x1f\ud800-\udfff]*)'"
    r"|(-?(?:0|[1-9][0-9]{0,17})(?:\.[0-9]{1,17})?)"
    r"|([A-Za-z_][A-Za-z0-9_]*))"
    r"[ \t]*(?:,|\Z)"
)
# A bare word is a string, except these (JSON's and Python's constants, any case).
_WORDS = {"true": True, "false": False, "null": None, "none": None}


# bench tool-turn (budget <= 1.5): plain argument lists skip ast.parse (5 us a call, 7 %)
def _plain_arguments(inner: str) -> tuple[list[Any], dict[str, Any]] | None:
    """Parse an argument list of plain literals as ``ast`` would, or return None.

    None (anything unusual, including what Python would reject) sends the text
    to the ``ast`` path, so both agree.
    """
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    position = 0
    while position < len(inner):
        match = _PLAIN_ARGUMENT.match(inner, position)
        if match is None:
            return None
        name, double, single, number, word = match.groups()
        value: Any
        if number is not None:
            value = float(number) if "." in number else int(number)
        elif word is not None:
            if _reserved(word) and word not in ("True", "False", "None"):
                return None
            value = _WORDS.get(word.lower(), word)
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


def _literal(node: ast.expr) -> Any:
    if isinstance(node, ast.Constant) and not isinstance(node.value, (bytes, complex)):
        return node.value
    if isinstance(node, ast.Name):
        return _WORDS.get(node.id.lower(), node.id)
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
            result[str(_literal(key))] = _literal(value)
        return result
    raise _NotLiteral


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1]
    return text
