"""Whether a value meets a field's constraints: format, length, pattern, bounds, type."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from fakes.core._schema_regex import pattern_matches

__all__ = [
    "MAX_INT",
    "MISSING",
    "Missing",
    "as_number",
    "bounds",
    "count_fits",
    "describe",
    "enum_options",
    "fits",
    "is_json",
    "number_fits",
    "string_fits",
]


class Missing:
    """Marker for "no value": an optional field the prompt says nothing about."""


MISSING = Missing()

MAX_INT = 10**4000
"""Integers at least this large are no JSON the fake writes (``str(int)`` stops at 4300 digits)."""

# Light checks so a prompt string only fills a formatted field it looks like.
_FORMAT_CHECKS = {
    "date": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "date-time": re.compile(
        r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"
    ),
    "time": re.compile(r"\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?"),
    "email": re.compile(r"[^@\s]+@[^@\s]+"),
    "uri": re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:\S+"),
    "url": re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+"),
    "uuid": re.compile(r"[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}"),
}


def string_fits(value: str, s: Mapping[str, Any]) -> bool:
    """Whether ``value`` meets the string constraints of ``s``.

    An invalid ``pattern`` is no constraint: it cannot be checked.
    """
    fmt = s.get("format")
    if isinstance(fmt, str) and fmt in _FORMAT_CHECKS and not _FORMAT_CHECKS[fmt].fullmatch(value):
        return False
    if not count_fits(len(value), s, "minLength", "maxLength"):
        return False
    pattern = s.get("pattern")
    if isinstance(pattern, str):
        return pattern_matches(pattern, value) is not False
    return True


def count_fits(count: int, s: Mapping[str, Any], low: str, high: str) -> bool:
    """Whether ``count`` lies within the limits ``s[low]`` and ``s[high]`` (minItems/maxItems)."""
    minimum, maximum = s.get(low), s.get(high)
    if isinstance(minimum, int) and count < minimum:
        return False
    return not (isinstance(maximum, int) and count > maximum)


def bounds(s: Mapping[str, Any]) -> tuple[float, float, bool, bool]:
    """Return ``(low, high, low_open, high_open)``: the range of numbers ``s`` allows.

    Both draft-4 boolean and later numeric ``exclusiveMinimum``/``Maximum`` count.
    A bound may be an int of any size or ``inf``; a NaN bound allows everything,
    as it does for ``jsonschema`` (no comparison with NaN fails).
    """
    low, high = _bound(s, "minimum", -math.inf), _bound(s, "maximum", math.inf)
    low_open = high_open = False
    exclusive_low, exclusive_high = s.get("exclusiveMinimum"), s.get("exclusiveMaximum")
    if exclusive_low is True:  # draft-4 boolean form
        low_open = True
    elif _bound(s, "exclusiveMinimum", -math.inf) >= low and exclusive_low is not None:
        low, low_open = _bound(s, "exclusiveMinimum", -math.inf), True
    if exclusive_high is True:
        high_open = True
    elif _bound(s, "exclusiveMaximum", math.inf) <= high and exclusive_high is not None:
        high, high_open = _bound(s, "exclusiveMaximum", math.inf), True
    return low, high, low_open, high_open


def _bound(s: Mapping[str, Any], key: str, default: float) -> float:
    value = s.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return default  # absent, a boolean (draft 4) or NaN: no bound
    return value


def number_fits(value: float, s: Mapping[str, Any]) -> bool:
    """Whether ``value`` lies within the bounds of ``s`` and is a multiple of its step.

    The step is checked as ``jsonschema`` checks it, so what fits here validates there.
    """
    low, high, low_open, high_open = bounds(s)
    if value < low or (low_open and value == low) or value > high or (high_open and value == high):
        return False
    step = s.get("multipleOf")
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not step > 0:
        return True
    return is_multiple(value, step)


def is_multiple(value: int | float, step: int | float) -> bool:
    """Whether ``value`` is a multiple of ``step`` (> 0) by ``jsonschema``'s own rule."""
    if isinstance(step, float):
        if math.isinf(step):
            return value == 0
        try:
            quotient = value / step
            return int(quotient) == quotient
        except OverflowError:  # a huge int, or a quotient beyond floats: exact arithmetic
            return (Fraction(value) / Fraction(step)).denominator == 1
    return value % step == 0  # exact for an int step: jsonschema's "instance % dB"


def as_number(value: Any, *, integer: bool) -> int | float | Missing:
    """Convert ``value`` (a number or its text) to an int or float without loss, or MISSING."""
    if isinstance(value, bool):
        return MISSING
    if isinstance(value, str):
        try:
            value = float(value.strip()) if not integer else int(value.strip())
        except ValueError:  # not a number, or an int of more than 4300 digits
            return MISSING
    if isinstance(value, int):
        return value if -MAX_INT < value < MAX_INT else MISSING
    if isinstance(value, float) and math.isfinite(value):
        if integer:
            return int(value) if value.is_integer() else MISSING
        return value
    return MISSING


def is_json(value: Any) -> bool:
    """Whether ``value`` is plain JSON data (finite numbers, string keys)."""
    if value is None or isinstance(value, (str, bool)):
        return True
    if isinstance(value, int):
        return -MAX_INT < value < MAX_INT
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(is_json(item) for item in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and is_json(v) for k, v in value.items())
    return False


def describe(value: Any, width: int = 60) -> str:
    """Return ``repr(value)`` cut to ``width``, safe for ints too long to print."""
    if isinstance(value, int) and not -(10**width) < value < 10**width:
        return f"an int of about {int(value.bit_length() * 0.30103) + 1} digits"
    text = repr(value)
    return text if len(text) <= width else text[: width - 3] + "..."


_JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "null": (type(None),),
    "array": (list, tuple),
    "object": (Mapping,),
}


def fits(value: Any, s: Mapping[str, Any]) -> bool:
    """Whether a const or enum option meets the other keywords of ``s`` the fake checks."""
    if "const" in s and not _same(value, s["const"]):
        return False
    if isinstance(s.get("enum"), list) and not any(_same(value, o) for o in s["enum"]):
        return False
    declared = s.get("type")
    types = [declared] if isinstance(declared, str) else declared
    if isinstance(types, list) and not any(_is_type(value, t) for t in types):
        return False
    if isinstance(value, str):
        return string_fits(value, s)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number_fits(value, s)
    return True


def _is_type(value: Any, kind: Any) -> bool:
    if kind == "integer" and isinstance(value, float):
        return value.is_integer()
    allowed = _JSON_TYPES.get(kind, ()) if isinstance(kind, str) else ()
    return isinstance(value, allowed) and (kind == "boolean" or not isinstance(value, bool))


def _same(a: Any, b: Any) -> bool:
    """JSON equality: 1 == 1.0, but True is not 1."""
    return a == b and isinstance(a, bool) == isinstance(b, bool)


def enum_options(schema: Any) -> frozenset[str]:
    """Return the enum options (lower case) of an object schema's own fields."""
    properties = schema.get("properties") if isinstance(schema, Mapping) else None
    if not isinstance(properties, Mapping):
        return frozenset()
    return frozenset(
        str(option).lower()
        for field in properties.values()
        if isinstance(field, Mapping) and isinstance(field.get("enum"), list)
        for option in field["enum"]
        if isinstance(option, (str, int, float))
    )
