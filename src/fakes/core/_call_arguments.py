"""The arguments of call syntax: ``add(2, 3)``, ``get_weather(city="Paris")``."""

from __future__ import annotations

import ast
from collections.abc import Mapping
from typing import Any

__all__ = ["given_arguments", "parse_call_arguments"]

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
    properties = list((parameters.get("properties") or {}).keys())
    if (
        len(positional) == 1
        and not keywords
        and isinstance(positional[0], dict)
        and positional[0]
        and set(positional[0]) <= set(properties)
    ):
        return dict(positional[0])
    given = dict(zip(properties, positional, strict=False))
    given.update({key: value for key, value in keywords.items() if key in properties})
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
            result[str(_literal(key))] = _literal(value)
        return result
    raise _NotLiteral


def _unquote(text: str) -> str:
    text = text.strip()
    if len(text) >= 2 and _QUOTE_PAIRS.get(text[0]) == text[-1]:
        return text[1:-1]
    return text
