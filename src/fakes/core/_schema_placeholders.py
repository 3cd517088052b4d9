"""Deterministic stand-ins for required fields the prompt leaves empty."""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from typing import Any

from fakes.core._schema_constraints import bounds, number_fits, string_fits

__all__ = ["number_placeholder", "string_placeholder"]

_FORMAT_PLACEHOLDERS = {
    "date": "2024-01-01",
    "date-time": "2024-01-01T00:00:00Z",
    "time": "00:00:00",
    "email": "user@example.com",
    "uri": "https://example.com",
    "url": "https://example.com",
    "uuid": "00000000-0000-0000-0000-000000000000",
    "ipv4": "127.0.0.1",
    "ipv6": "::1",
    "hostname": "example.com",
}


def string_placeholder(s: Mapping[str, Any], name: str, text: str) -> str:
    """Return the field name (or a fixed value for a ``format``) fitted to the lengths of ``s``.

    A ``pattern`` it does not match takes a matching piece of the prompt ``text``.
    """
    fmt = s.get("format")
    placeholder = (
        _FORMAT_PLACEHOLDERS.get(fmt, name or "text") if isinstance(fmt, str) else (name or "text")
    )
    min_length = s.get("minLength")
    if isinstance(min_length, int) and len(placeholder) < min_length:
        placeholder += "x" * (min_length - len(placeholder))
    max_length = s.get("maxLength")
    if isinstance(max_length, int):
        placeholder = placeholder[:max_length]
    if not string_fits(placeholder, s):
        # No general way to build a string for a regex: look for a piece of the
        # prompt that matches it instead ("zip": "^[0-9]{5}$" -> "75001").
        found = _pattern_in_text(s, text)
        if found is not None:
            return found
    return placeholder


def _pattern_in_text(s: Mapping[str, Any], text: str) -> str | None:
    pattern = s.get("pattern")
    if not isinstance(pattern, str):
        return None
    unanchored = pattern.removeprefix("^").removesuffix("$")
    try:
        for match in re.finditer(unanchored, text):
            if match.group(0) and string_fits(match.group(0), s):
                return match.group(0)
    except re.error:
        return None
    return None


def number_placeholder(s: Mapping[str, Any], *, integer: bool) -> int | float:
    """Return zero, or the multiple of the step nearest to zero that the bounds of ``s`` allow."""
    zero: int | float = 0 if integer else 0.0
    if number_fits(zero, s):
        return zero
    low, high, low_open, high_open = bounds(s)
    step = s.get("multipleOf") if isinstance(s.get("multipleOf"), (int, float)) else None
    unit = step or 1
    if low > 0 or (low == 0 and low_open):  # zero is too small (gt=0 gives 1)
        candidate = math.floor(low / unit) * unit + (unit if low_open or low % unit else 0)
        if low_open and candidate == low:
            candidate += unit
    else:
        candidate = math.ceil(high / unit) * unit - (unit if high_open or high % unit else 0)
        if high_open and candidate == high:
            candidate -= unit
    if integer:
        return int(candidate)
    return float(candidate)
