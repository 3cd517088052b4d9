"""Reading a schema: ``$ref`` and ``allOf`` resolved, types listed, nesting bounded."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakes.core._errors import InvalidInputError

__all__ = ["MAX_DEPTH", "MAX_STEPS", "RecursiveSchemaError", "SchemaReader", "SchemaTooBigError"]

MAX_DEPTH = 48
"""The deepest a filled value nests (objects and arrays): deeper optional fields are left out."""
MAX_STEPS = 100_000
"""The most schemas (other than plain fields) one reply's values walk through."""
_MAX_RESOLVE_DEPTH = 32


class RecursiveSchemaError(InvalidInputError):
    """A required field whose ``$ref`` leads back to itself: no finite value fits."""


class SchemaTooBigError(InvalidInputError):
    """Filling the schema takes more than :data:`MAX_STEPS` steps (branches multiply)."""


class SchemaReader:
    """Resolves the ``$ref`` and ``allOf`` of schemas under one root, and bounds nesting.

    ``_levels`` holds, for each value being filled, the refs its schema names:
    a ref met again inside itself is recursion, and the number of levels is the depth.
    """

    def __init__(self, root: Mapping[str, Any] | None = None) -> None:
        self.root: Mapping[str, Any] = root if root is not None else {}
        """The schema whose ``#/...`` references are followed (each fill sets it)."""
        self._levels: list[tuple[str, ...]] = []
        self._steps = 0

    def enter(self, schema: Any, name: str, *, required: bool) -> bool:
        """Start filling ``schema`` one level deeper; False to leave an optional field out.

        A ref already being filled, or a level beyond :data:`MAX_DEPTH`, leaves an
        optional field out and makes a required one a clear error.
        """
        self._steps += 1
        if self._steps > MAX_STEPS:
            raise SchemaTooBigError(
                f"field {name!r}: filling the schema takes more than {MAX_STEPS} steps "
                "(anyOf branches inside recursive or deep schemas multiply)"
            )
        refs = _refs_of(schema)
        looping = next((ref for ref in refs for level in self._levels if ref in level), None)
        if looping is not None:
            if required:
                raise RecursiveSchemaError(
                    f"field {name!r}: the schema's $ref {looping!r} is recursive and "
                    "required, so no finite value fits; make the recursive field optional"
                )
            return False
        if len(self._levels) >= MAX_DEPTH:
            if required:
                raise InvalidInputError(
                    f"field {name!r}: the schema nests more than {MAX_DEPTH} levels deep"
                )
            return False
        self._levels.append(refs)
        return True

    def leave(self) -> None:
        """End the level :meth:`enter` started."""
        self._levels.pop()

    def resolve(self, schema: Any, seen: tuple[str, ...] = ()) -> dict[str, Any]:
        """Follow ``$ref`` and merge ``allOf`` so the rest sees one plain schema.

        A dict with neither is returned itself, not a copy: callers only read it.
        ``seen`` holds the refs followed to get here: one met again is a loop.
        """
        if schema is True or schema is None:
            return {}
        if not isinstance(schema, (dict, Mapping)):  # dict first: the ABC check is slower
            raise InvalidInputError(f"a JSON schema must be a dict, got {type(schema).__name__}")
        if type(schema) is dict and "$ref" not in schema and "allOf" not in schema:
            return schema
        if len(seen) > _MAX_RESOLVE_DEPTH:
            raise InvalidInputError(
                f"the JSON schema nests $ref/allOf more than {_MAX_RESOLVE_DEPTH} levels deep"
            )
        result = dict(schema)
        ref = result.pop("$ref", None)
        if isinstance(ref, str):
            if ref in seen:
                raise RecursiveSchemaError(
                    f"the schema's $ref {ref!r} refers back to itself before any type: "
                    "no value fits"
                )
            result = {**self.resolve(self._lookup(ref), (*seen, ref)), **result}
        parts = result.pop("allOf", None)
        if isinstance(parts, list):
            for part in parts:
                result = _merge(self.resolve(part, (*seen, "allOf")), result)
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
        """Return the JSON types ``schema`` names (``type``, or implied by properties, items)."""
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


def _merge(merged: dict[str, Any], result: dict[str, Any]) -> dict[str, Any]:
    """Merge one resolved ``allOf`` part under ``result``: its properties and required add up."""
    properties = {**_mapping(merged.get("properties")), **_mapping(result.get("properties"))}
    required = list(dict.fromkeys([*_list(merged.get("required")), *_list(result.get("required"))]))
    combined = {**merged, **result}
    if properties:
        combined["properties"] = properties
    if required:
        combined["required"] = required
    return combined


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _refs_of(schema: Any) -> tuple[str, ...]:
    """Return the refs a field schema names itself or through its ``allOf`` parts."""
    if not isinstance(schema, Mapping):
        return ()
    refs = [schema["$ref"]] if isinstance(schema.get("$ref"), str) else []
    parts = schema.get("allOf")
    if isinstance(parts, list):
        refs.extend(
            part["$ref"]
            for part in parts
            if isinstance(part, Mapping) and isinstance(part.get("$ref"), str)
        )
    return tuple(refs)
