"""Whether a value meets a field's constraints: format, length, pattern, bounds, type."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

__all__ = [
    "MISSING",
    "Missing",
    "as_number",
    "bounds",
    "count_fits",
    "is_json",
    "number_fits",
    "string_fits",
]


class Missing:
    """Marker for "no value": an optional field the prompt says nothing about."""


MISSING = Missing()

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
        try:
            return re.search(pattern, value) is not None
        except re.error:
            return True
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
    """
    low, high = -math.inf, math.inf
    low_open = high_open = False
    if isinstance(s.get("minimum"), (int, float)):
        low = s["minimum"]
    if isinstance(s.get("exclusiveMinimum"), (int, float)) and not isinstance(
        s["exclusiveMinimum"], bool
    ):
        if s["exclusiveMinimum"] >= low:
            low, low_open = s["exclusiveMinimum"], True
    elif s.get("exclusiveMinimum") is True:  # draft-4 boolean form
        low_open = True
    if isinstance(s.get("maximum"), (int, float)):
        high = s["maximum"]
    if isinstance(s.get("exclusiveMaximum"), (int, float)) and not isinstance(
        s["exclusiveMaximum"], bool
    ):
        if s["exclusiveMaximum"] <= high:
            high, high_open = s["exclusiveMaximum"], True
    elif s.get("exclusiveMaximum") is True:
        high_open = True
    return low, high, low_open, high_open


def number_fits(value: float, s: Mapping[str, Any]) -> bool:
    """Whether ``value`` lies within the bounds of ``s`` and is a multiple of its step."""
    low, high, low_open, high_open = bounds(s)
    if value < low or (low_open and value == low) or value > high or (high_open and value == high):
        return False
    step = s.get("multipleOf")
    if isinstance(step, (int, float)) and step > 0:
        return math.isclose(value / step, round(value / step), abs_tol=1e-9)
    return True


def as_number(value: Any, *, integer: bool) -> int | float | Missing:
    """Convert ``value`` (a number or its text) to an int or float without loss, or MISSING."""
    if isinstance(value, bool):
        return MISSING
    if isinstance(value, str):
        try:
            value = float(value.strip()) if not integer else int(value.strip())
        except ValueError:
            return MISSING
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        if integer:
            return int(value) if value.is_integer() else MISSING
        return value
    return MISSING


def is_json(value: Any) -> bool:
    """Whether ``value`` is plain JSON data (finite numbers, string keys)."""
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(is_json(item) for item in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and is_json(v) for k, v in value.items())
    return False
