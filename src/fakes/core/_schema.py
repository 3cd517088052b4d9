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
from fakes.core._schema_constraints import (
    MISSING,
    Missing,
    as_number,
    count_fits,
    is_json,
    number_fits,
    string_fits,
)
from fakes.core._schema_placeholders import number_placeholder, string_placeholder
from fakes.core._tool_mentions import naming_words

__all__ = ["Checkpoint", "Deriver", "derive_object", "value_for_schema", "values_for_schema"]

_MAX_ARRAY_ITEMS = 100
# A field schema with nothing but a "type" and these (most fields of the tools
# agents bind: {"type": "string"}, with a title or description) is filled by its
# type alone, without the walk through $ref, const, enum and anyOf that cannot apply.
_ANNOTATIONS = frozenset({"type", "title", "description", "default", "examples"})


Checkpoint = tuple[frozenset[int], frozenset[int], frozenset[int]]
"""Which prompt strings, numbers and enum mentions a :class:`Deriver` has used."""


class Deriver:
    """Fills schemas from one prompt, using each prompt value at most once in all of them."""

    def __init__(
        self,
        text: str,
        root: Mapping[str, Any] | None = None,
        tool_names: tuple[str, ...] = (),
    ) -> None:
        self.root: Mapping[str, Any] = root if root is not None else {}
        """The schema whose ``#/...`` references are followed (each :meth:`fill` sets it)."""
        self.text = text
        self.tool_names = tool_names
        """The bound tools: a word naming one is no proper noun here ("Weather")."""
        self.used_strings: set[int] = set()
        self.used_numbers: set[int] = set()
        self.used_mentions: set[int] = set()

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
        result, filled = self.object(resolved, given or {})
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

    def first_string_since(self, checkpoint: Checkpoint) -> tuple[int, int] | None:
        """Span ``(start, end)`` of the first string value used since ``checkpoint``, if any."""
        new = self.used_strings - checkpoint[0]
        return (min(new), self.string_ends[min(new)]) if new else None

    # -- schema helpers -----------------------------------------------------

    def resolve(self, schema: Any, depth: int = 0) -> dict[str, Any]:
        """Follow ``$ref`` and merge ``allOf`` so the rest sees one plain schema.

        A dict with neither is returned itself, not a copy: callers only read it.
        """
        if schema is True or schema is None:
            return {}
        if not isinstance(schema, (dict, Mapping)):  # dict first: the ABC check is slower
            raise InvalidInputError(f"a JSON schema must be a dict, got {type(schema).__name__}")
        if depth > 32:
            raise InvalidInputError("the JSON schema nests $ref/allOf more than 32 levels deep")
        if type(schema) is dict and "$ref" not in schema and "allOf" not in schema:
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

    def _take_string(self, schema: Mapping[str, Any]) -> str | Missing:
        # A value that is an enum option of the object being filled is left to that enum
        # ("a flight on Delta to Paris": Delta is the airline, Paris the city).
        options = _enum_options(self.root)
        for position, value in self.strings:
            if position in self.used_strings or value.lower() in options:
                continue
            if string_fits(value, schema):
                self.used_strings.add(position)
                return value
        return MISSING

    def _take_number(self, schema: Mapping[str, Any], *, integer: bool) -> int | float | Missing:
        for position, value in self.numbers:
            if position in self.used_numbers:
                continue
            if integer and not float(value).is_integer():
                continue
            candidate: int | float = int(value) if integer else value
            if number_fits(candidate, schema):
                self.used_numbers.add(position)
                return candidate
        return MISSING

    def _in_used_string(self, position: int) -> bool:
        """Whether ``position`` lies inside a string value a field has taken already."""
        return any(start <= position < self.string_ends[start] for start in self.used_strings)

    def _take_enum(self, options: list[Any]) -> Any:
        best: tuple[int, Any] | None = None
        for option in options:
            if option is None or isinstance(option, (dict, list)):
                continue
            word = str(option).lower()
            if not word:
                continue
            for match in word_pattern(word).finditer(self.text):
                if match.start() in self.used_mentions or self._in_used_string(match.start()):
                    continue
                if best is None or match.start() < best[0]:
                    best = (match.start(), option)
                break
        if best is None:
            return MISSING
        self.used_mentions.add(best[0])
        # A quoted or capitalized enum value is the same prompt value: not handed out again.
        for position, value in self.strings:
            if (
                value.lower() == str(best[1]).lower()
                and position <= best[0] <= position + len(value) + 1
            ):
                self.used_strings.add(position)
        return best[1]

    # -- derivation ---------------------------------------------------------

    def derive(self, schema: Any, name: str, *, required: bool) -> tuple[Any, bool] | None:
        """Return ``(value, came_from_prompt)``, or None for an optional field left out."""
        kind = _plain_type(schema)
        if kind is not None and kind != "null":  # a plain field: filled by its type alone
            found = self._from_prompt(schema, kind, name)
            if found is not None or not required:
                return found
            return self.placeholder(schema, kind, name), False
        s = self.resolve(schema)
        if "const" in s:
            return (s["const"], False) if required else None
        if isinstance(s.get("enum"), list) and s["enum"]:
            chosen = self._take_enum(s["enum"])
            if not isinstance(chosen, Missing):
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
            obj, filled = self.object(s, {})
            return (obj, True) if filled else None
        else:
            value = MISSING
        return None if isinstance(value, Missing) else (value, True)

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
        names = list(properties) + [r for r in required if r not in properties]
        result: dict[str, Any] = {}
        filled: set[str] = set()
        for key in names:
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
            return string_placeholder(s, name, self.text)
        if kind in ("integer", "number"):
            return number_placeholder(s, integer=kind == "integer")
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
        kind = _plain_type(schema)
        # A plain field has no format, length, pattern or bounds to check.
        if kind == "string" and isinstance(value, str):
            return value
        if kind in ("integer", "number") and type(value) is int:
            return value
        if kind is not None:
            return self._coerce_kind(value, schema, kind, name)
        s = self.resolve(schema)
        if "const" in s:
            return s["const"] if value == s["const"] else MISSING
        if isinstance(s.get("enum"), list) and s["enum"]:
            for option in s["enum"]:
                if option == value and type(option) is type(value):
                    return option
            for option in s["enum"]:
                if str(option).lower() == str(value).lower():
                    return option
            return MISSING
        branches = s.get("anyOf") or s.get("oneOf")
        if isinstance(branches, list) and branches:
            for branch in branches:
                coerced = self.coerce(value, branch, name)
                if not isinstance(coerced, Missing):
                    return coerced
            return MISSING
        types = self.types(s)
        if not types:
            return value if is_json(value) else MISSING
        for kind in types:
            coerced = self._coerce_kind(value, s, kind, name)
            if not isinstance(coerced, Missing):
                return coerced
        return MISSING

    def _coerce_kind(self, value: Any, s: Mapping[str, Any], kind: str, name: str) -> Any:
        if kind == "null":
            return None if value is None else MISSING
        if kind == "boolean":
            if isinstance(value, bool):
                return value
            if isinstance(value, str) and value.lower() in ("true", "false"):
                return value.lower() == "true"
            return MISSING
        if kind in ("integer", "number"):
            number = as_number(value, integer=kind == "integer")
            if isinstance(number, Missing) or not number_fits(number, s):
                return MISSING
            return number
        if kind == "string":
            if isinstance(value, str):
                text = value
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                text = str(value)
            else:
                return MISSING
            return text if string_fits(text, s) else MISSING
        if kind == "array":
            values = list(value) if isinstance(value, (list, tuple)) else [value]
            items_schema = s.get("items", {})
            if isinstance(items_schema, list):
                items_schema = items_schema[0] if items_schema else {}
            items = [self.coerce(item, items_schema, name) for item in values]
            if any(isinstance(item, Missing) for item in items):
                return MISSING
            return items if count_fits(len(items), s, "minItems", "maxItems") else MISSING
        if kind == "object":
            if not isinstance(value, Mapping):
                return MISSING
            return self.object(s, value)[0]
        return MISSING


def _enum_options(schema: Any) -> frozenset[str]:
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


# bench tool-turn (budget <= 1.5): plain fields skip the general walk of derive and coerce (5 %)
def _plain_type(schema: Any) -> str | None:
    """Return the "type" of a field schema holding only a type and annotations, else None."""
    if isinstance(schema, dict) and schema.keys() <= _ANNOTATIONS:
        kind = schema.get("type")
        if isinstance(kind, str):
            return kind
    return None


def derive_object(
    schema: Mapping[str, Any], text: str, given: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Fill an object schema: ``given`` values first, then ``text``, then placeholders."""
    return Deriver(text).fill(schema, given)[0]


def value_for_schema(schema: Mapping[str, Any], text: str) -> Any:
    """Derive a value valid against any JSON ``schema`` from prompt ``text``."""
    deriver = Deriver(text, root=schema)
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
    deriver = Deriver(text, root=schema)
    resolved = deriver.resolve(schema)
    types = deriver.types(resolved)
    if types and "object" not in types:
        raise InvalidInputError(
            f"values_for_schema needs an object schema, got type {resolved.get('type')!r}"
        )
    return deriver.object(resolved, {})[0]
