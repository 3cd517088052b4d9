"""Deterministic stand-ins for required fields the prompt leaves empty."""

from __future__ import annotations

import math
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from fakes.core._errors import InvalidInputError
from fakes.core._schema_constraints import (
    MAX_INT,
    bounds,
    describe,
    number_fits,
    string_fits,
)
from fakes.core._schema_regex import pattern_pieces

__all__ = ["MAX_STRING_LENGTH", "number_placeholder", "string_placeholder"]

# Multiples of a step tried past the first one inside the bounds.
_TRIES = 8

MAX_STRING_LENGTH = 100_000
"""The longest string placeholder built (``minLength``): larger ones are an error."""

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
    Raises :class:`~fakes.core.InvalidInputError` when no string it can build fits.
    """
    fmt = s.get("format")
    placeholder = (
        _FORMAT_PLACEHOLDERS.get(fmt, name or "text") if isinstance(fmt, str) else (name or "text")
    )
    min_length = s.get("minLength")
    if isinstance(min_length, int) and len(placeholder) < min_length:
        if min_length > MAX_STRING_LENGTH:
            raise InvalidInputError(
                f"field {name!r}: minLength {describe(min_length)} is more than the fake builds "
                f"(at most {MAX_STRING_LENGTH} characters)"
            )
        placeholder += "x" * (min_length - len(placeholder))
    max_length = s.get("maxLength")
    if isinstance(max_length, int):
        placeholder = placeholder[: max(max_length, 0)]
    if string_fits(placeholder, s):
        return placeholder
    # No general way to build a string for a regex: look for a piece of the
    # prompt that matches it instead ("zip": "^[0-9]{5}$" -> "75001").
    pattern = s.get("pattern")
    for piece in pattern_pieces(pattern, text) if isinstance(pattern, str) else ():
        if string_fits(piece, s):
            return piece
    raise InvalidInputError(
        f"field {name!r}: no string fits its schema ({_constraints(s)}); "
        "put a matching value in the prompt, quoted"
    )


def _constraints(s: Mapping[str, Any]) -> str:
    keys = ("format", "pattern", "minLength", "maxLength")
    return ", ".join(f"{key}={describe(s[key], 80)}" for key in keys if key in s) or "none"


def number_placeholder(s: Mapping[str, Any], *, integer: bool, name: str = "value") -> int | float:
    """Return zero, or the multiple of the step nearest to zero that the bounds of ``s`` allow.

    Exact arithmetic: bounds may be huge ints or ``inf``. Raises
    :class:`~fakes.core.InvalidInputError` when no number fits.
    """
    zero: int | float = 0 if integer else 0.0
    if number_fits(zero, s):
        return zero
    low, high, low_open, high_open = bounds(s)
    unit = _unit(s.get("multipleOf"), integer=integer)
    up = low > 0 or (low == 0 and low_open)  # zero is too small (gt=0 gives 1)
    bound, is_open = (low, low_open) if up else (high, high_open)
    # A whole number first (gt=0 gives 1.0); a number without a step may take the
    # bound itself, or the float next to it, when no whole number lies inside.
    for step in (unit or Fraction(1), unit):
        first = _multiple_beyond(bound, step, is_open, up=up)
        if first is None:
            break
        # A few multiples on: a float step's multiple must divide as jsonschema
        # divides it (0.3 / 0.1 is no integer in floats, 0.4 / 0.1 is).
        direction = 1 if up else -1
        for count in range(_TRIES if step is not None else 1):
            candidate = first if step is None else first + direction * count * step
            value = _as_json_number(candidate, integer=integer)
            if value is not None and number_fits(value, s):
                return value
    raise InvalidInputError(
        f"field {name!r}: no {'integer' if integer else 'number'} the fake can write fits "
        f"its bounds ({_number_constraints(s)})"
    )


def _unit(step: Any, *, integer: bool) -> Fraction | None:
    """Return the step between candidates: ``multipleOf`` (for integers, its integer multiples)."""
    if isinstance(step, bool) or not isinstance(step, (int, float)) or not 0 < step < math.inf:
        return Fraction(1) if integer else None
    exact = Fraction(step)
    # k * p/q is an integer exactly when k is a multiple of q: the step is then p.
    return Fraction(exact.numerator) if integer else exact


def _multiple_beyond(
    bound: float, unit: Fraction | None, is_open: bool, *, up: bool
) -> Fraction | None:
    """Return the multiple of ``unit`` next to ``bound`` on its inner side (itself if closed).

    None for an infinite bound: zero lies inside it, so nothing fits.
    """
    if isinstance(bound, float) and math.isinf(bound):
        return None
    exact = Fraction(bound)
    if unit is None:  # a number without a step: the bound itself, or the next float in
        if not is_open:
            return exact
        if exact.denominator == 1 and abs(exact) >= 2**53:  # beyond floats: the next int
            return exact + (1 if up else -1)
        return Fraction(math.nextafter(float(bound), math.inf if up else -math.inf))
    steps = exact / unit
    if up:
        count = math.floor(steps) + 1 if is_open else math.ceil(steps)
    else:
        count = math.ceil(steps) - 1 if is_open else math.floor(steps)
    return count * unit


def _as_json_number(candidate: Fraction, *, integer: bool) -> int | float | None:
    """``candidate`` as an int or a float that is exactly it, or None when there is none."""
    if candidate.denominator == 1 and (integer or abs(candidate) >= 2**53):
        whole = int(candidate)
        return whole if -MAX_INT < whole < MAX_INT else None
    if integer:
        return None
    try:
        number = float(candidate)
    except OverflowError:
        return None
    return number if math.isfinite(number) else None


def _number_constraints(s: Mapping[str, Any]) -> str:
    keys = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf")
    return ", ".join(f"{key}={describe(s[key])}" for key in keys if key in s) or "none"
