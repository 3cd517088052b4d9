"""Values valid against a JSON schema, derived from prompt text.

The rules, in the order they are tried for every field (documented in the
README so a test author can predict each value):

1. A value given explicitly (call syntax ``name(3)`` / ``name(city="Paris")``),
   coerced to the field's type when that is lossless.
2. A value found in the prompt: quoted strings fill string fields, numbers fill
   integer/number fields, enum values named in the prompt fill enum fields; each
   prompt value is used at most once, in order of appearance.
3. A deterministic placeholder per type (the field name for strings, 0 for
   integers, 0.0 for numbers, false for booleans, the first enum value, ...),
   only for required fields; optional fields with no prompt value are left out.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from fakes.core._errors import InvalidInputError
from fakes.core._frozen import fast_init

__all__ = [
    "PromptValues",
    "prompt_numbers",
    "prompt_strings",
    "value_for_schema",
    "values_for_schema",
    "word_pattern",
]

# Quoted strings: ASCII double and single quotes (a single quote only counts when
# it is not an apostrophe inside a word, so "What's" is not a quote), typographic
# quotes, guillemets and CJK corner brackets.
_QUOTED = re.compile(
    r'"([^"\n]+)"'
    r"|(?<!\w)'([^'\n]+)'(?!\w)"
    r"|“([^”\n]+)”"
    r"|\u2018([^\u2019\n]+)\u2019"
    r"|«([^»\n]+)»"
    r"|„([^“”\n]+)[“”]"
    r"|「([^」\n]+)」"
    r"|『([^』\n]+)』"
)
# Every character a quoted string of _QUOTED can start with, to skip that regex on
# the many prompts without quotes.
_QUOTE_START = re.compile(r"[\"'“\u2018«„「『]")
_DIGIT = re.compile(r"\d")
# Either of the two above: a prompt without any holds no values, found in one search.
_QUOTE_OR_DIGIT = re.compile(r"[\"'“\u2018«„「『\d]")
# Numbers standing on their own: not part of a word ("gpt4"), a version ("1.2.3")
# or an identifier ("tool_2").
_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w|\.\d)")
_ASCII_WORD = "A-Za-z0-9_"
_MAX_ARRAY_ITEMS = 100

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


def prompt_strings(text: str) -> list[tuple[int, str]]:
    """Quoted strings of ``text`` with their positions, in order of appearance."""
    found: list[tuple[int, str]] = []
    if _QUOTE_START.search(text) is None:
        return found
    for match in _QUOTED.finditer(text):
        value = next(group for group in match.groups() if group is not None)
        found.append((match.start(), value))
    return found


def prompt_numbers(text: str) -> list[tuple[int, int | float]]:
    """Numbers of ``text`` (outside quoted strings) with their positions."""
    found: list[tuple[int, int | float]] = []
    if _DIGIT.search(text) is None:
        return found
    masked = text
    if _QUOTE_START.search(text) is not None:
        masked = _QUOTED.sub(lambda m: " " * len(m.group(0)), text)
    for match in _NUMBER.finditer(masked):
        raw = match.group(0)
        found.append((match.start(), float(raw) if "." in raw else int(raw)))
    return found


@fast_init  # built once per tool-calling turn
@dataclass(frozen=True)
class PromptValues:
    """A prompt text with its quoted strings and numbers, scanned once.

    Several schemas filled from the same text (the tool calls of one turn) share
    one scan; each fill still uses every value at most once on its own.
    """

    text: str
    strings: tuple[tuple[int, str], ...]
    """What :func:`prompt_strings` finds in ``text``."""
    numbers: tuple[tuple[int, int | float], ...]
    """What :func:`prompt_numbers` finds in ``text``."""

    @classmethod
    def scan(cls, text: str) -> PromptValues:
        """Scan ``text`` for its quoted strings and numbers."""
        if _QUOTE_OR_DIGIT.search(text) is None:  # the usual "what's the weather in Paris"
            return cls(text, (), ())
        return cls(text, tuple(prompt_strings(text)), tuple(prompt_numbers(text)))


@lru_cache(maxsize=1024)
def word_pattern(word: str) -> re.Pattern[str]:
    """Regex finding ``word`` in any case, not inside a longer ASCII word.

    Cached: tool names and enum values come back on every turn, and a compiled
    pattern is immutable, so sharing it between models and threads is safe.
    """
    return re.compile(rf"(?<![{_ASCII_WORD}]){re.escape(word)}(?![{_ASCII_WORD}])", re.IGNORECASE)


# Keys that only annotate a schema. A field schema holding nothing else but a
# "type" (most fields of the tools agents bind: {"type": "string"}, with a title
# or description) is filled by its type alone: ``derive`` and ``coerce`` go
# straight to it, skipping the walk through $ref, const, enum and anyOf that
# cannot apply (about a third of a call's schema work in the tool-turn benchmark).
_ANNOTATIONS = frozenset({"type", "title", "description", "default", "examples"})


class _Missing:
    """Marker for "no value": an optional field the prompt says nothing about."""


_MISSING = _Missing()


class _Deriver:
    """Fills one schema from one prompt, using each prompt value at most once."""

    # One is built per tool call; slots make that and its attribute reads cheaper.
    __slots__ = (
        "numbers",
        "root",
        "strings",
        "text",
        "used_mentions",
        "used_numbers",
        "used_strings",
    )

    def __init__(self, root: Mapping[str, Any], prompt: str | PromptValues) -> None:
        values = prompt if isinstance(prompt, PromptValues) else PromptValues.scan(prompt)
        self.root = root
        self.text = values.text
        self.strings = values.strings
        self.numbers = values.numbers
        self.used_strings: set[int] = set()
        self.used_numbers: set[int] = set()
        self.used_mentions: set[int] = set()

    # -- schema helpers -----------------------------------------------------

    def resolve(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        """Follow ``$ref`` and merge ``allOf`` so the rest sees one plain schema."""
        if schema is True or schema is None:
            return {}
        if not isinstance(schema, (dict, Mapping)):  # dict first: the ABC check is slower
            raise InvalidInputError(f"a JSON schema must be a dict, got {type(schema).__name__}")
        if depth > 32:
            raise InvalidInputError("the JSON schema nests $ref/allOf more than 32 levels deep")
        if type(schema) is dict and "$ref" not in schema and "allOf" not in schema:
            # Already plain: hand it on as is. Nothing here writes to a resolved
            # schema, so the copy the general case makes would only cost time.
            return schema
        result = dict(schema)
        ref = result.pop("$ref", None)
        if isinstance(ref, str):
            target = self._lookup(ref)
            result = {**self.resolve(target, depth + 1), **result}
        parts = result.pop("allOf", None)
        if isinstance(parts, list):
            for part in parts:
                merged = self.resolve(part, depth + 1)
                properties = {**merged.get("properties", {}), **result.get("properties", {})}
                required = list(
                    dict.fromkeys([*merged.get("required", []), *result.get("required", [])])
                )
                result = {**merged, **result}
                if properties:
                    result["properties"] = properties
                if required:
                    result["required"] = required
        return result

    def _lookup(self, ref: str) -> Any:
        if not ref.startswith("#"):
            raise InvalidInputError(f"only local $ref values are supported, got {ref!r}")
        node: Any = self.root
        for part in ref.lstrip("#").split("/"):
            if not part:
                continue
            key = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, Mapping) or key not in node:
                raise InvalidInputError(f"$ref {ref!r} points nowhere in the schema")
            node = node[key]
        return node

    @staticmethod
    def types(schema: Mapping[str, Any]) -> list[str]:
        declared = schema.get("type")
        if isinstance(declared, str):
            return [declared]
        if isinstance(declared, list):
            return [t for t in declared if isinstance(t, str)]
        if "properties" in schema:
            return ["object"]
        if "items" in schema:
            return ["array"]
        return []

    # -- prompt values ------------------------------------------------------

    def _take_string(self, schema: Mapping[str, Any]) -> str | _Missing:
        for position, value in self.strings:
            if position not in self.used_strings and _string_fits(value, schema):
                self.used_strings.add(position)
                return value
        return _MISSING

    def _take_number(self, schema: Mapping[str, Any], *, integer: bool) -> int | float | _Missing:
        for position, value in self.numbers:
            if position in self.used_numbers:
                continue
            if integer and not float(value).is_integer():
                continue
            candidate: int | float = int(value) if integer else value
            if _number_fits(candidate, schema):
                self.used_numbers.add(position)
                return candidate
        return _MISSING

    def _take_enum(self, options: list[Any]) -> Any:
        best: tuple[int, Any] | None = None
        for option in options:
            if option is None or isinstance(option, (dict, list)):
                continue
            word = str(option).lower()
            if not word:
                continue
            for match in word_pattern(word).finditer(self.text):
                if match.start() in self.used_mentions:
                    continue
                if best is None or match.start() < best[0]:
                    best = (match.start(), option)
                break
        if best is None:
            return _MISSING
        self.used_mentions.add(best[0])
        # A quoted enum value is the same prompt value: do not hand it out again.
        for position, value in self.strings:
            if (
                value.lower() == str(best[1]).lower()
                and position < best[0] <= position + len(value) + 1
            ):
                self.used_strings.add(position)
        return best[1]

    # -- derivation ---------------------------------------------------------

    def derive(self, schema: Any, name: str, *, required: bool) -> tuple[Any, bool] | None:
        """Return ``(value, came_from_prompt)``, or None for an optional field left out."""
        if type(schema) is dict and schema.keys() <= _ANNOTATIONS:
            kind = schema.get("type")
            if type(kind) is str and kind != "null":  # what the general path does with it:
                found = self._from_prompt(schema, kind, name)
                if found is not None or not required:
                    return found
                return self.placeholder(schema, kind, name), False
        s = self.resolve(schema)
        if "const" in s:
            return (s["const"], False) if required else None
        if isinstance(s.get("enum"), list) and s["enum"]:
            chosen = self._take_enum(s["enum"])
            if not isinstance(chosen, _Missing):
                return chosen, True
            return (s["enum"][0], False) if required else None
        branches = s.get("anyOf") or s.get("oneOf")
        if isinstance(branches, list) and branches:
            return self._derive_branches(branches, name, required=required)
        types = self.types(s)
        concrete = [t for t in types if t != "null"]
        if types and not concrete:
            return (None, False) if required else None
        if not concrete:
            concrete = ["string"]
        for kind in concrete:
            found = self._from_prompt(s, kind, name)
            if found is not None:
                return found
        if not required:
            return None
        return self.placeholder(s, concrete[0], name), False

    def _derive_branches(
        self, branches: list[Any], name: str, *, required: bool
    ) -> tuple[Any, bool] | None:
        resolved = [self.resolve(branch) for branch in branches]
        non_null = [b for b in resolved if self.types(b) != ["null"]]
        for branch in non_null:
            found = self.derive(branch, name, required=False)
            if found is not None and found[1]:
                return found
        if not required:
            return None
        if non_null:
            return self.derive(non_null[0], name, required=True)
        return None, False

    def _from_prompt(self, s: Mapping[str, Any], kind: str, name: str) -> tuple[Any, bool] | None:
        if kind == "string":
            value: Any = self._take_string(s)
        elif kind == "integer":
            value = self._take_number(s, integer=True)
        elif kind == "number":
            value = self._take_number(s, integer=False)
        elif kind == "array":
            return self._array(s, name, required=False)
        elif kind == "object":
            obj = self.object(s, {})
            return (obj[0], True) if obj[1] else None
        else:
            value = _MISSING
        return None if isinstance(value, _Missing) else (value, True)

    def _array(self, s: Mapping[str, Any], name: str, *, required: bool) -> tuple[Any, bool] | None:
        items_schema = s.get("items", {})
        if isinstance(items_schema, list):  # draft-4 tuple form: use the first item schema
            items_schema = items_schema[0] if items_schema else {}
        max_items = s.get("maxItems")
        limit = min(max_items, _MAX_ARRAY_ITEMS) if isinstance(max_items, int) else _MAX_ARRAY_ITEMS
        items: list[Any] = []
        while len(items) < limit:
            found = self.derive(items_schema, name, required=False)
            if found is None or not found[1]:
                break
            items.append(found[0])
        from_prompt = bool(items)
        if not from_prompt and not required:
            return None
        min_items = s.get("minItems")
        wanted = max(min_items if isinstance(min_items, int) else 0, 0 if items else 1)
        while len(items) < min(wanted, limit):
            filler = self.derive(items_schema, name, required=True)
            items.append(filler[0] if filler is not None else None)
        return items, from_prompt

    def object(self, s: Mapping[str, Any], given: Mapping[str, Any]) -> tuple[dict[str, Any], bool]:
        """Fill an object schema: given values first, then the prompt, then placeholders."""
        properties = s.get("properties") or {}
        if not isinstance(properties, (dict, Mapping)):  # dict first: the ABC check is slower
            raise InvalidInputError("a JSON schema's 'properties' must be a dict")
        # One plain loop rather than two comprehensions (each a call of its own).
        names = list(properties)
        required = []
        for key in s.get("required", ()):
            if isinstance(key, str):
                required.append(key)
                if key not in properties:
                    names.append(key)
        result: dict[str, Any] = {}
        from_prompt = False
        for key in names:
            field_schema = properties.get(key, {})
            if key in given:
                coerced = self.coerce(given[key], field_schema, key)
                if not isinstance(coerced, _Missing):
                    result[key] = coerced
                    from_prompt = True
                    continue
            found = self.derive(field_schema, key, required=key in required)
            if found is not None:
                result[key] = found[0]
                from_prompt = from_prompt or found[1]
        return result, from_prompt

    def placeholder(self, s: Mapping[str, Any], kind: str, name: str) -> Any:
        """Return the deterministic stand-in for a required field the prompt leaves empty."""
        if kind == "string":
            fmt = s.get("format")
            text = (
                _FORMAT_PLACEHOLDERS.get(fmt, name or "text")
                if isinstance(fmt, str)
                else (name or "text")
            )
            min_length = s.get("minLength")
            if isinstance(min_length, int) and len(text) < min_length:
                text += "x" * (min_length - len(text))
            max_length = s.get("maxLength")
            if isinstance(max_length, int):
                text = text[:max_length]
            if not _string_fits(text, s):
                # No general way to build a string for a regex: look for a piece of
                # the prompt that matches it instead ("zip": "^[0-9]{5}$" -> "75001").
                found = _pattern_in_text(s, self.text)
                if found is not None:
                    return found
            return text
        if kind in ("integer", "number"):
            return _number_placeholder(s, integer=kind == "integer")
        if kind == "boolean":
            return False
        if kind == "array":
            items = self._array(s, name, required=True)
            return items[0] if items is not None else []
        if kind == "object":
            return self.object(s, {})[0]
        return None

    # -- explicit values ----------------------------------------------------

    def coerce(self, value: Any, schema: Any, name: str) -> Any:
        """Fit an explicitly given value to ``schema``, or return the missing marker."""
        if type(schema) is dict and schema.keys() <= _ANNOTATIONS:
            kind = schema.get("type")
            if type(kind) is str:  # what the general path does with it, the usual cases first:
                if kind == "string" and isinstance(value, str):
                    return value  # no format, length or pattern to check
                if (kind == "integer" or kind == "number") and type(value) is int:
                    return value  # no bounds to check
                return self._coerce_kind(value, schema, kind, name)
        s = self.resolve(schema)
        if "const" in s:
            return s["const"] if value == s["const"] else _MISSING
        if isinstance(s.get("enum"), list) and s["enum"]:
            for option in s["enum"]:
                if option == value and type(option) is type(value):
                    return option
            for option in s["enum"]:
                if str(option).lower() == str(value).lower():
                    return option
            return _MISSING
        branches = s.get("anyOf") or s.get("oneOf")
        if isinstance(branches, list) and branches:
            for branch in branches:
                coerced = self.coerce(value, branch, name)
                if not isinstance(coerced, _Missing):
                    return coerced
            return _MISSING
        types = self.types(s)
        if not types:
            return value if _is_json(value) else _MISSING
        for kind in types:
            coerced = self._coerce_kind(value, s, kind, name)
            if not isinstance(coerced, _Missing):
                return coerced
        return _MISSING

    def _coerce_kind(self, value: Any, s: Mapping[str, Any], kind: str, name: str) -> Any:
        if kind == "null":
            return None if value is None else _MISSING
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            return _MISSING
        if kind in ("integer", "number"):
            number = _as_number(value, integer=kind == "integer")
            if isinstance(number, _Missing) or not _number_fits(number, s):
                return _MISSING
            return number
        if kind == "string":
            if isinstance(value, str):
                text = value
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                text = str(value)
            else:
                return _MISSING
            return text if _string_fits(text, s) else _MISSING
        if kind == "array":
            values = list(value) if isinstance(value, (list, tuple)) else [value]
            items_schema = s.get("items", {})
            if isinstance(items_schema, list):
                items_schema = items_schema[0] if items_schema else {}
            items = [self.coerce(item, items_schema, name) for item in values]
            if any(isinstance(item, _Missing) for item in items):
                return _MISSING
            min_items, max_items = s.get("minItems"), s.get("maxItems")
            if isinstance(min_items, int) and len(items) < min_items:
                return _MISSING
            if isinstance(max_items, int) and len(items) > max_items:
                return _MISSING
            return items
        if kind == "object":
            if not isinstance(value, Mapping):
                return _MISSING
            return self.object(s, value)[0]
        return _MISSING


def _as_number(value: Any, *, integer: bool) -> int | float | _Missing:
    if isinstance(value, bool):
        return _MISSING
    if isinstance(value, str):
        try:
            value = float(value.strip()) if not integer else int(value.strip())
        except ValueError:
            return _MISSING
    if isinstance(value, int):
        return value
    if isinstance(value, float) and math.isfinite(value):
        if integer:
            return int(value) if value.is_integer() else _MISSING
        return value
    return _MISSING


_UNBOUNDED = (-math.inf, math.inf, False, False)


def _bounds(s: Mapping[str, Any]) -> tuple[float, float, bool, bool]:
    if not ("minimum" in s or "maximum" in s or "exclusiveMinimum" in s or "exclusiveMaximum" in s):
        return _UNBOUNDED  # the usual case, without the eight lookups below
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


def _number_fits(value: float, s: Mapping[str, Any]) -> bool:
    low, high, low_open, high_open = _bounds(s)
    if value < low or (low_open and value == low) or value > high or (high_open and value == high):
        return False
    step = s.get("multipleOf")
    if isinstance(step, (int, float)) and step > 0:
        return math.isclose(value / step, round(value / step), abs_tol=1e-9)
    return True


def _number_placeholder(s: Mapping[str, Any], *, integer: bool) -> int | float:
    zero: int | float = 0 if integer else 0.0
    if _number_fits(zero, s):
        return zero
    low, high, low_open, high_open = _bounds(s)
    step = s.get("multipleOf") if isinstance(s.get("multipleOf"), (int, float)) else None
    unit = step or 1
    if low > 0:
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


def _string_fits(value: str, s: Mapping[str, Any]) -> bool:
    fmt = s.get("format")
    if isinstance(fmt, str) and fmt in _FORMAT_CHECKS and not _FORMAT_CHECKS[fmt].fullmatch(value):
        return False
    min_length, max_length = s.get("minLength"), s.get("maxLength")
    if isinstance(min_length, int) and len(value) < min_length:
        return False
    if isinstance(max_length, int) and len(value) > max_length:
        return False
    pattern = s.get("pattern")
    if isinstance(pattern, str):
        try:
            return re.search(pattern, value) is not None
        except re.error:
            return True
    return True


def _pattern_in_text(s: Mapping[str, Any], text: str) -> str | None:
    pattern = s.get("pattern")
    if not isinstance(pattern, str):
        return None
    unanchored = pattern.removeprefix("^").removesuffix("$")
    try:
        for match in re.finditer(unanchored, text):
            if match.group(0) and _string_fits(match.group(0), s):
                return match.group(0)
    except re.error:
        return None
    return None


def _is_json(value: Any) -> bool:
    if value is None or isinstance(value, (str, bool, int)):
        return True
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, (list, tuple)):
        return all(_is_json(item) for item in value)
    if isinstance(value, Mapping):
        return all(isinstance(k, str) and _is_json(v) for k, v in value.items())
    return False


def derive_object(
    schema: Mapping[str, Any], text: str | PromptValues, given: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Fill an object schema: ``given`` values first, then ``text``, then placeholders.

    ``text`` may be a :class:`PromptValues` scanned once for several schemas.
    """
    deriver = _Deriver(schema, text)
    return deriver.object(deriver.resolve(schema), given or {})[0]


def value_for_schema(schema: Mapping[str, Any], text: str) -> Any:
    """Derive a value valid against any JSON ``schema`` from prompt ``text``."""
    deriver = _Deriver(schema, text)
    found = deriver.derive(schema, str(schema.get("title") or "value"), required=True)
    return found[0] if found is not None else None


def values_for_schema(schema: Mapping[str, Any], text: str) -> dict[str, Any]:
    """Derive an object valid against the object JSON ``schema`` from prompt ``text``.

    Quoted strings and numbers of ``text`` fill string and number fields in order
    of appearance, enum values named in ``text`` fill enum fields, and required
    fields left over get deterministic placeholders (the field name for strings,
    0 for integers, 0.0 for numbers, false for booleans, the first enum value).
    Non-ASCII text is carried over unchanged. Example::

        >>> values_for_schema(
        ...     {"type": "object", "properties": {"city": {"type": "string"},
        ...      "days": {"type": "integer"}}, "required": ["city", "days"]},
        ...     'Weather in "東京" for 3 days',
        ... )
        {'city': '東京', 'days': 3}
    """
    if not isinstance(schema, Mapping):
        raise InvalidInputError(f"a JSON schema must be a dict, got {type(schema).__name__}")
    deriver = _Deriver(schema, text)
    resolved = deriver.resolve(schema)
    types = deriver.types(resolved)
    if types and "object" not in types:
        raise InvalidInputError(
            f"values_for_schema needs an object schema, got type {resolved.get('type')!r}"
        )
    return deriver.object(resolved, {})[0]
