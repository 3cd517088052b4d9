"""A faster ``__init__`` for the frozen value types built on every model call."""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

__all__ = ["fast_init"]

T = TypeVar("T")


class _Missing:
    """Marks a field left out of a call, for fields with a default factory."""

    def __repr__(self) -> str:
        return "<factory default>"


_MISSING: Any = _Missing()


def fast_init(cls: type[T]) -> type[T]:
    """Replace a frozen dataclass's ``__init__`` with one that fills ``__dict__``.

    The ``__init__`` that dataclasses generate for a frozen class sets every field
    through ``object.__setattr__``, one slot-wrapper call per field. Turns, calls,
    requests, replies and usage are built several times per model call, and in
    profiles of ``invoke`` those calls were a visible part of the fakes' own cost.
    Writing into the instance ``__dict__`` skips the frozen ``__setattr__`` the
    same way; everything else (fields, defaults, default factories, order,
    ``__post_init__``, equality, hashing, ``replace``, and the frozen error on
    assignment) stays the dataclass's own.
    """
    if not dataclasses.is_dataclass(cls) or not cls.__dataclass_params__.frozen:  # type: ignore[attr-defined]
        raise TypeError(f"fast_init needs a frozen dataclass, got {cls!r}")
    if "__slots__" in vars(cls):
        raise TypeError(f"fast_init writes the instance __dict__; {cls!r} has slots")
    namespace: dict[str, Any] = {"_MISSING": _MISSING}
    parameters: list[str] = []
    body: list[str] = []
    for field in dataclasses.fields(cls):
        if not field.init or field.kw_only:
            raise TypeError(f"fast_init supports plain positional fields only: {field.name}")
        name = field.name
        if field.default is not dataclasses.MISSING:
            namespace[f"_default_{name}"] = field.default
            parameters.append(f"{name}=_default_{name}")
        elif field.default_factory is not dataclasses.MISSING:
            namespace[f"_factory_{name}"] = field.default_factory
            parameters.append(f"{name}=_MISSING")
            body.append(f"    if {name} is _MISSING: {name} = _factory_{name}()")
        else:
            parameters.append(name)
        body.append(f"    values[{name!r}] = {name}")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__(self, {', '.join(parameters)}):\n    values = self.__dict__\n"
    exec(source + "\n".join(body) + "\n", namespace)
    init = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    init.__module__ = cls.__module__
    init.__doc__ = cls.__init__.__doc__
    type.__setattr__(cls, "__init__", init)
    return cls
