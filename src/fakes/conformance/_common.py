"""Helpers shared by the conformance base classes (no litellm here)."""

from __future__ import annotations

import os
import re
import typing
from typing import Any, NoReturn

import pytest
from pydantic import BaseModel, SecretStr

__all__ = [
    "ConformanceWarning",
    "fail",
    "overrides",
    "pick_stop",
    "secret_fields",
    "secret_problem",
    "warn",
]


class ConformanceWarning(UserWarning):
    """A warning-level conformance finding (the check passes, the report shows it).

    Turn it into a failure with ``-W error::fakes.conformance.ConformanceWarning``.
    """


def fail(check: str, problem: str, fix: str) -> NoReturn:
    """Fail the current test with a message that says what is wrong and how to fix it."""
    pytest.fail(f"[{check}] {problem}\nHow to fix: {fix}", pytrace=False)


def warn(check: str, problem: str, fix: str) -> None:
    """Emit a :class:`ConformanceWarning` in the same shape as :func:`fail`."""
    import warnings

    warnings.warn(ConformanceWarning(f"[{check}] {problem} How to fix: {fix}"), stacklevel=2)


def overrides(cls: type, base: type, name: str) -> bool:
    """Whether ``cls`` provides its own ``name`` instead of inheriting ``base``'s."""
    return getattr(cls, name, None) is not getattr(base, name, None)


def pick_stop(text: str) -> tuple[str, str] | None:
    """Choose a stop sequence inside ``text`` and the output it must give.

    The stop sequence is two characters whose first occurrence starts at index
    1 or later and ends before the last character, so a model that honours it
    returns something strictly shorter than ``text`` that ends with it. Returns
    ``(stop, expected_output)`` or None when ``text`` is too short.
    """
    for start in range(1, len(text) - 2):
        stop = text[start : start + 2]
        if stop.strip() and text.index(stop) == start:
            return stop, text[: start + 2]
    return None


# Names that hold credentials. "token" only as a whole word at the end, so
# max_tokens / num_tokens style limits are not mistaken for secrets.
_SECRET_NAME = re.compile(
    r"(api[_-]?key|secret|password|passwd|credential|(^|_)token$|(^|_)auth$)", re.IGNORECASE
)
_NOT_SECRET_PREFIX = ("max_", "min_", "num_", "n_")


def secret_fields(model: BaseModel) -> list[str]:
    """Names of the model's fields (and aliases) that look like they hold a secret."""
    names = []
    for name, info in type(model).model_fields.items():
        candidates = [name, *(a for a in (info.alias,) if a)]
        if any(
            _SECRET_NAME.search(c) and not c.lower().startswith(_NOT_SECRET_PREFIX)
            for c in candidates
        ):
            names.append(name)
    return names


def _allows_secret_str(annotation: Any) -> bool:
    if annotation is SecretStr:
        return True
    return any(_allows_secret_str(arg) for arg in typing.get_args(annotation))


def _allows_str(annotation: Any) -> bool:
    if annotation is str:
        return True
    return any(_allows_str(arg) for arg in typing.get_args(annotation))


def secret_problem(model: BaseModel) -> str | None:
    """Describe how the model mishandles its secrets, or None if it does not.

    A secret field must hold a ``SecretStr`` (or None) and be annotated so a
    plain ``str`` cannot slip in; the secret's value must appear in neither
    ``repr(model)`` nor ``str(model)``.
    """
    problems = []
    shown = f"{model!r}\n{model}"
    for name in secret_fields(model):
        value = getattr(model, name, None)
        annotation = type(model).model_fields[name].annotation
        if isinstance(value, str):
            problems.append(f"field {name!r} holds a plain str, not a SecretStr")
        elif value is not None and not isinstance(value, SecretStr):
            problems.append(f"field {name!r} holds a {type(value).__name__}, not a SecretStr")
        elif _allows_str(annotation) and not _allows_secret_str(annotation):
            problems.append(f"field {name!r} is annotated {annotation!r}, not SecretStr")
        raw = value.get_secret_value() if isinstance(value, SecretStr) else value
        if isinstance(raw, str) and raw and raw in shown:
            problems.append(f"the value of {name!r} appears in repr()/str() of the model")
    return "; ".join(problems) or None


def import_litellm() -> Any:
    """Import litellm, offline: its cost map is read from the package, never fetched."""
    # Set before litellm's first import so it never fetches the cost map online.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    import litellm

    return litellm
