"""Values valid against a JSON schema, derived from prompt text.

The rules, in the order they are tried for every field (documented in the
README so a test author can predict each value):

1. A value given explicitly (call syntax ``name(3)`` / ``name(city="Paris")``),
   coerced to the field's type when that is lossless.
2. A value found in the prompt: quoted strings, then proper nouns ("Boston",
   "New York"), fill string fields; numbers fill integer/number fields; enum
   values named in the prompt fill enum fields. Each prompt value is used at most
   once, in order of appearance, across everything one :class:`Deriver` fills
   (the tool calls of one reply share one).
3. A deterministic placeholder per type (the field name for strings, 0 for
   integers, 0.0 for numbers, false for booleans, the first enum value, ...),
   only for required fields; optional fields with no prompt value are left out.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property
from typing import Any

from fakes.core._errors import InvalidInputError
from fakes.core._prompt_values import prompt_names, prompt_numbers, prompt_strings, word_pattern
from fakes.core._schema_coerce import Coercer, plain_type, unique
from fakes.core._schema_constraints import (
    MISSING,
    Missing,
    describe,
    enum_options,
    fits,
    number_fits,
    string_fits,
)
from fakes.core._schema_placeholders import number_placeholder, string_placeholder
from fakes.core._schema_refs import RecursiveSchemaError, SchemaTooBigError
from fakes.core._tool_mentions import naming_words

__all__ = ["Checkpoint", "Deriver", "derive_object", "value_for_schema", "values_for_schema"]

MAX_ARRAY_ITEMS = 100
"""The most items an array gets: a ``minItems`` above it is an error, not a shorter array."""

MAX_VALUE_SIZE = 1_000_000
"""The most array items and placeholder characters one :class:`Deriver` makes."""

Checkpoint = tuple[frozenset[int], frozenset[int], frozenset[int]]
"""Which prompt strings, numbers and enum mentions a :class:`Deriver` has used."""


class Deriver(Coercer):
    """Fills schemas from one prompt, using each prompt value at most once in all of them."""

    def __init__(
        self,
        text: str,
        root: Mapping[str, Any] | None = None,
        tool_names: tuple[str, ...] = (),
    ) -> None:
        super().__init__(root)
        self.text = text
        self.tool_names = tool_names
        """The bound tools: a word naming one is no proper noun here ("Weather")."""
        self.used_strings: set[int] = set()
        self.used_numbers: set[int] = set()
        self.used_mentions: set[int] = set()
        # Per field schema: the index of the first prompt value it may still take.
        # Values before it are used or do not fit, so the calls of one reply read
        # the values once in all (linear), not once per field. See _cursor.
        self._cursors: dict[tuple[int, bool], tuple[Any, Any, int]] = {}
        self._options: tuple[Any, frozenset[str]] = (None, frozenset())
        self._size = 0  # array items and placeholder characters made, for MAX_VALUE_SIZE

    # The prompt's values, found when a field first asks for one: values given by
    # call syntax alone need no scan of the prompt.

    @cached_property
    def _quoted_and_names(self) -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
        not_names = naming_words(self.tool_names)
        names = [(p, v) for p, v in prompt_names(self.text) if v.lower() not in not_names]
        return prompt_strings(self.text), names

    @cached_property
    def strings(self) -> list[tuple[int, str]]:
        """The prompt's string values and their positions: quoted strings, then proper nouns."""
        quoted, names = self._quoted_and_names
        return quoted + names

    @cached_property
    def string_ends(self) -> dict[int, int]:
        """Where each string value ends in the text, after its closing quote if any."""
        quoted, names = self._quoted_and_names
        return {p: p + len(v) + 2 for p, v in quoted} | {p: p + len(v) for p, v in names}

    @cached_property
    def numbers(self) -> list[tuple[int, int | float]]:
        """The prompt's numbers and their positions."""
        return prompt_numbers(self.text)

    def fill(
        self, schema: Mapping[str, Any], given: Mapping[str, Any] | None = None
    ) -> tuple[dict[str, Any], bool]:
        """Fill the object ``schema``: ``given`` values first, then the prompt, then placeholders.

        Returns the object and whether the prompt (or ``given``) filled every
        required field: what decides whether a tool is worth calling again.
        """
        self.root = schema
        resolved = self.resolve(schema)
        self._levels.append(("#",))  # the root is what "#" names: a field naming it recurses
        try:
            result, filled = self.object(resolved, given or {})
        finally:
            self._levels.pop()
        required = [key for key in resolved.get("required", ()) if isinstance(key, str)]
        return result, bool(required) and filled.issuperset(required)

    def checkpoint(self) -> Checkpoint:
        """Return the prompt values used so far, for :meth:`restore`."""
        return (
            frozenset(self.used_strings),
            frozenset(self.used_numbers),
            frozenset(self.used_mentions),
        )

    def restore(self, checkpoint: Checkpoint) -> None:
        """Give back the prompt values used since ``checkpoint``."""
        self.used_strings, self.used_numbers, self.used_mentions = (set(c) for c in checkpoint)
        self._cursors.clear()  # values given back may fit again

    def first_string_since(self, checkpoint: Checkpoint) -> tuple[int, int] | None:
        """Span ``(start, end)`` of the first string value used since ``checkpoint``, if any."""
        new = self.used_strings - checkpoint[0]
        return (min(new), self.string_ends[min(new)]) if new else None

    # -- prompt values ------------------------------------------------------

    def _cursor(self, schema: Mapping[str, Any], kind: bool) -> int:
        """Where the scan for ``schema`` resumes; ``kind`` tells string and number scans apart."""
        cursor = self._cursors.get((id(schema), kind))
        # The schema is held in the entry, so its id names no other object meanwhile.
        if cursor is None or cursor[0] is not schema or cursor[1] is not self.root:
            return 0
        return cursor[2]

    def _take_string(self, schema: Mapping[str, Any]) -> str | Missing:
        # A value that is an enum option of the object being filled is left to that enum
        # ("a flight on Delta to Paris": Delta is the airline, Paris the city).
        if self._options[0] is not self.root:
            self._options = (self.root, enum_options(self.root))
        options = self._options[1]
        strings = self.strings
        index = self._cursor(schema, False)
        found: str | Missing = MISSING
        while index < len(strings):
            position, value = strings[index]
            index += 1
            if position in self.used_strings or value.lower() in options:
                continue
            if string_fits(value, schema):
                self.used_strings.add(position)
                found = value
                break
        self._cursors[id(schema), False] = (schema, self.root, index)
        return found

    def _take_number(self, schema: Mapping[str, Any], *, integer: bool) -> int | float | Missing:
        numbers = self.numbers
        index = self._cursor(schema, True) if integer else 0
        found: int | float | Missing = MISSING
        while index < len(numbers):
            position, value = numbers[index]
            index += 1
            if position in self.used_numbers:
                continue
            if integer and not float(value).is_integer():
                continue
            candidate: int | float = int(value) if integer else value
            if number_fits(candidate, schema):
                self.used_numbers.add(position)
                found = candidate
                break
        if integer:  # "number" fields restart: an integer field may have skipped a float
            self._cursors[id(schema), True] = (schema, self.root, index)
        return found

    def _in_used_string(self, position: int) -> bool:
        """Whether ``position`` lies inside a string value a field has taken already."""
        return any(start <= position < self.string_ends[start] for start in self.used_strings)

    @cached_property
    def _string_at(self) -> dict[int, str]:
        return dict(self.strings)

    def _mentions(self, word: str) -> list[int]:
        """Where ``word`` stands in the prompt: found once per word, then reused."""
        found = self._mention_cache.get(word)
        if found is None:
            found = [m.start() for m in word_pattern(word).finditer(self.text)]
            self._mention_cache[word] = found
        return found

    @cached_property
    def _mention_cache(self) -> dict[str, list[int]]:
        return {}

    def _take_enum(self, options: list[Any]) -> Any:
        best: tuple[int, Any] | None = None
        for option in options:
            if option is None or isinstance(option, (dict, list)):
                continue
            word = str(option).lower()
            if not word:
                continue
            for start in self._mentions(word):
                if start in self.used_mentions or self._in_used_string(start):
                    continue
                if best is None or start < best[0]:
                    best = (start, option)
                break
        if best is None:
            return MISSING
        self.used_mentions.add(best[0])
        # A quoted or capitalized enum value is the same prompt value: not handed out again.
        # It starts at the mention, or one before it (its opening quote).
        for position in (best[0], best[0] - 1):
            value = self._string_at.get(position)
            if value is not None and value.lower() == str(best[1]).lower():
                self.used_strings.add(position)
        return best[1]

    # -- derivation ---------------------------------------------------------

    def derive(self, schema: Any, name: str, *, required: bool) -> tuple[Any, bool] | None:
        """Return ``(value, came_from_prompt)``, or None for an optional field left out."""
        kind = plain_type(schema)
        if kind is not None and kind != "null":  # a plain field: filled by its type alone
            found = self._from_prompt(schema, kind, name)
            if found is not None or not required:
                return found
            return self.placeholder(schema, kind, name), False
        if not self.enter(schema, name, required=required):
            return None
        try:
            return self._derive_resolved(self.resolve(schema), name, required=required)
        except RecursiveSchemaError:
            if required:
                raise
            return None  # an optional field whose required parts recurse: left out
        finally:
            self.leave()

    def _derive_resolved(
        self, s: Mapping[str, Any], name: str, *, required: bool
    ) -> tuple[Any, bool] | None:
        if "const" in s or isinstance(s.get("enum"), list):
            # Only the options the other keywords allow ({"const": 1, "type": "string"}: none).
            options = [o for o in ([s["const"]] if "const" in s else s["enum"]) if fits(o, s)]
            if not options:
                if not required:
                    return None
                raise InvalidInputError(
                    f"field {name!r}: no value of its const/enum fits its schema"
                )
            if "const" not in s:
                chosen = self._take_enum(options)
                if not isinstance(chosen, Missing):
                    return chosen, True
            return (options[0], False) if required else None
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
        # The branches as given: derive resolves them itself, and sees their $ref.
        resolved = [self.resolve(b) for b in branches]
        non_null = [b for b, r in zip(branches, resolved, strict=True) if self.types(r) != ["null"]]
        nullable = any(self.types(r) == ["null"] and fits(None, r) for r in resolved)
        for branch in non_null:
            found = self.derive(branch, name, required=False)
            if found is not None and found[1]:
                return found
        if not required:
            return None
        # The first branch that has a value; one that has none (recursive, or no
        # placeholder fits) gives way to the next, and at last to a null branch.
        errors: list[InvalidInputError] = []
        for branch in non_null:
            try:
                return self.derive(branch, name, required=True)
            except SchemaTooBigError:
                raise
            except InvalidInputError as error:
                errors.append(error)
        if nullable:
            return None, False
        raise errors[0] if errors else InvalidInputError(f"field {name!r}: no anyOf branch fits")

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
            obj, filled = self.object(s, {})
            return (obj, True) if filled else None
        else:
            value = MISSING
        return None if isinstance(value, Missing) else (value, True)

    def _array(self, s: Mapping[str, Any], name: str, *, required: bool) -> tuple[Any, bool] | None:
        items_schema = s.get("items", {})
        if isinstance(items_schema, list):  # draft-4 tuple form: use the first item schema
            items_schema = items_schema[0] if items_schema else {}
        low, limit = _item_counts(s, name)
        unique_items = s.get("uniqueItems") is True
        items: list[Any] = []
        while len(items) < limit:
            found = self.derive(items_schema, name, required=False)
            if found is None or not found[1]:
                break
            if not unique_items or unique([*items, found[0]]):
                items.append(self._counted(found[0], name))
        from_prompt = bool(items)
        if not from_prompt and not required:
            return None
        wanted = max(low, 0 if items else 1)
        while len(items) < min(wanted, limit):
            try:
                filler = self.derive(items_schema, name, required=True)
            except RecursiveSchemaError:
                if len(items) >= low:  # the array may stop here: no recursive item needed
                    break
                raise
            if unique_items and not unique([*items, filler[0] if filler else None]):
                if len(items) >= low:
                    break
                raise InvalidInputError(
                    f"field {name!r}: minItems {low} with uniqueItems needs as many different "
                    "items, and the placeholders repeat; give them in the prompt"
                )
            items.append(self._counted(filler[0] if filler is not None else None, name))
        return items, from_prompt

    def _counted(self, value: Any, name: str) -> Any:
        """Count ``value`` against :data:`MAX_VALUE_SIZE`: nested arrays multiply."""
        self._size += len(value) if isinstance(value, str) else 1
        if self._size > MAX_VALUE_SIZE:
            raise InvalidInputError(
                f"field {name!r}: the values of one reply would exceed {MAX_VALUE_SIZE} "
                "items and characters (nested arrays with many items?)"
            )
        return value

    def object(
        self, s: Mapping[str, Any], given: Mapping[str, Any]
    ) -> tuple[dict[str, Any], set[str]]:
        """Fill an object schema: given values first, then the prompt, then placeholders.

        Returns the object and the keys that ``given`` or the prompt filled.
        """
        properties = s.get("properties") or {}
        if not isinstance(properties, (dict, Mapping)):
            raise InvalidInputError("a JSON schema's 'properties' must be a dict")
        required = [r for r in s.get("required", []) if isinstance(r, str)]
        extra = [r for r in required if r not in properties]
        if extra and s.get("additionalProperties") is False:
            raise InvalidInputError(
                f"the schema requires {extra[0]!r}, which is no property, and allows no "
                "additional properties: no object fits"
            )
        result: dict[str, Any] = {}
        filled: set[str] = set()
        for key in [*properties, *extra]:
            field_schema = properties.get(key, {})
            if key in given:
                coerced = self.coerce(given[key], field_schema, key)
                if not isinstance(coerced, Missing):
                    result[key] = coerced
                    filled.add(key)
                    continue
            found = self.derive(field_schema, key, required=key in required)
            if found is not None:
                result[key] = found[0]
                if found[1]:
                    filled.add(key)
        return result, filled

    def placeholder(self, s: Mapping[str, Any], kind: str, name: str) -> Any:
        """Return the deterministic stand-in for a required field the prompt leaves empty."""
        if kind == "string":
            return self._counted(string_placeholder(s, name, self.text), name)
        if kind in ("integer", "number"):
            return number_placeholder(s, integer=kind == "integer", name=name)
        if kind == "boolean":
            return False
        if kind == "array":
            items = self._array(s, name, required=True)
            return items[0] if items is not None else []
        if kind == "object":
            return self.object(s, {})[0]
        if kind == "null":
            return None
        raise InvalidInputError(f"field {name!r}: unknown JSON type {kind!r}")


def _item_counts(s: Mapping[str, Any], name: str) -> tuple[int, int]:
    """``(minItems, the most items to make)`` of an array schema, checked against the bound."""
    given_low, given_high = s.get("minItems"), s.get("maxItems")
    low = given_low if isinstance(given_low, int) else 0
    high = given_high if isinstance(given_high, int) else MAX_ARRAY_ITEMS
    if low > MAX_ARRAY_ITEMS:
        raise InvalidInputError(
            f"field {name!r}: minItems {describe(low)} is more than the fake builds "
            f"(at most {MAX_ARRAY_ITEMS} items)"
        )
    if low > high:
        raise InvalidInputError(
            f"field {name!r}: minItems {describe(low)} is above maxItems {describe(high)}"
        )
    return low, min(high, MAX_ARRAY_ITEMS)


def derive_object(
    schema: Mapping[str, Any], text: str, given: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Fill an object schema: ``given`` values first, then ``text``, then placeholders."""
    return Deriver(text).fill(schema, given)[0]


def value_for_schema(schema: Mapping[str, Any], text: str) -> Any:
    """Derive a value valid against any JSON ``schema`` from prompt ``text``.

    Raises :class:`~fakes.core.InvalidInputError` for a schema that is no dict
    or that no value the fake can build fits (see docs/tool-calling.md, "Bounds").
    """
    if not isinstance(schema, Mapping):
        raise InvalidInputError(f"a JSON schema must be a dict, got {type(schema).__name__}")
    deriver = Deriver(text, root=schema)
    name = str(schema.get("title") or "value")
    deriver.enter({"$ref": "#"}, name, required=True)  # the root is what "#" names
    found = deriver.derive(schema, name, required=True)
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
    deriver = Deriver(text, root=schema)
    resolved = deriver.resolve(schema)
    types = deriver.types(resolved)
    if types and "object" not in types:
        raise InvalidInputError(
            f"values_for_schema needs an object schema, got type {resolved.get('type')!r}"
        )
    deriver.enter({"$ref": "#"}, "value", required=True)  # the root is what "#" names
    return deriver.object(resolved, {})[0]
