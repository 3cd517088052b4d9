"""Fitting values given by call syntax (``add(2, 3)``) to a field's schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakes.core._schema_constraints import (
    MAX_INT,
    MISSING,
    Missing,
    as_number,
    count_fits,
    is_json,
    number_fits,
    string_fits,
)
from fakes.core._schema_refs import SchemaReader

__all__ = ["Coercer", "plain_type", "unique"]

# A field schema with nothing but a "type" and these (most fields of the tools
# agents bind: {"type": "string"}, with a title or description) is filled by its
# type alone, without the walk through $ref, const, enum and anyOf that cannot apply.
_ANNOTATIONS = frozenset({"type", "title", "description", "default", "examples"})


class Coercer(SchemaReader):
    """Fits given values to schemas; :class:`~fakes.core._schema.Deriver` fills the rest."""

    def object(
        self, s: Mapping[str, Any], given: Mapping[str, Any]
    ) -> tuple[dict[str, Any], set[str]]:
        """Fill an object schema (the deriver's): given values first, then the prompt."""
        raise NotImplementedError

    def coerce(self, value: Any, schema: Any, name: str) -> Any:
        """Fit an explicitly given value to ``schema``, or return the missing marker."""
        kind = plain_type(schema)
        # A plain field has no format, length, pattern or bounds to check.
        if kind == "string" and isinstance(value, str):
            return value
        if kind in ("integer", "number") and type(value) is int and -MAX_INT < value < MAX_INT:
            return value
        if kind is not None:
            return self._coerce_kind(value, schema, kind, name)
        if not self.enter(schema, name, required=False):
            return MISSING
        try:
            return self._coerce_resolved(value, self.resolve(schema), name)
        finally:
            self.leave()

    def _coerce_resolved(self, value: Any, s: Mapping[str, Any], name: str) -> Any:
        if "const" in s:
            return s["const"] if value == s["const"] else MISSING
        if isinstance(s.get("enum"), list) and s["enum"]:
            return _enum_option(value, s["enum"])
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
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and is_json(value):
                text = str(value)
            else:
                return MISSING
            return text if string_fits(text, s) else MISSING
        if kind == "array":
            return self._coerce_array(value, s, name)
        if kind == "object":
            if not isinstance(value, Mapping):
                return MISSING
            return self.object(s, value)[0]
        return MISSING

    def _coerce_array(self, value: Any, s: Mapping[str, Any], name: str) -> Any:
        values = list(value) if isinstance(value, (list, tuple)) else [value]
        items_schema = s.get("items", {})
        if isinstance(items_schema, list):
            items_schema = items_schema[0] if items_schema else {}
        items = [self.coerce(item, items_schema, name) for item in values]
        if any(isinstance(item, Missing) for item in items):
            return MISSING
        if s.get("uniqueItems") is True and not unique(items):
            return MISSING
        return items if count_fits(len(items), s, "minItems", "maxItems") else MISSING


def _enum_option(value: Any, options: list[Any]) -> Any:
    """Return the enum option ``value`` is: the same value, else the same text in any case."""
    for option in options:
        if option == value and type(option) is type(value):
            return option
    for option in options:
        if str(option).lower() == str(value).lower():
            return option
    return MISSING


def unique(items: list[Any]) -> bool:
    """Whether no two items are equal as JSON (1 and 1.0 are; True and 1 are not)."""
    keys = {_json_key(item) for item in items}
    return len(keys) == len(items)


def _json_key(value: Any) -> Any:
    """Return a hashable key, equal for values JSON counts equal (``uniqueItems``)."""
    if isinstance(value, bool) or value is None:
        return ("constant", value)
    if isinstance(value, (int, float)):
        return ("number", value)  # 1 == 1.0, with equal hashes
    if isinstance(value, list):
        return ("array", tuple(_json_key(item) for item in value))
    if isinstance(value, Mapping):
        return ("object", frozenset((key, _json_key(item)) for key, item in value.items()))
    return ("string", value)


# bench tool-turn (budget <= 1.5): plain fields skip the general walk of derive and coerce (5 %)
def plain_type(schema: Any) -> str | None:
    """Return the "type" of a field schema holding only a type and annotations, else None."""
    if isinstance(schema, dict) and schema.keys() <= _ANNOTATIONS:
        kind = schema.get("type")
        if isinstance(kind, str):
            return kind
    return None
