"""Two pieces of langchain-core's per-call work that a model may answer itself.

langchain-core does some work on every call whose answer depends only on the
model class. A minimal model pays it on every ``invoke``; our fakes answer it
once. Together the two were about a fifth of ``ParrotChat.invoke``.
"""

# Kept for benchmarks/bench.py: parrot-invoke (<= 1.10) and parrot-vs-generic (<= 1.05) need it.

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from functools import lru_cache
from typing import Any, Literal, TypeVar

from langchain_core.language_models import LangSmithParams

__all__ = ["ls_params", "option", "stored_signature"]

F = TypeVar("F", bound=Callable[..., Any])


def stored_signature(method: F) -> F:
    """Store ``method``'s signature on it as ``__signature__``.

    langchain-core calls ``inspect.signature(self._generate)`` on every call, to
    learn whether the method takes a ``run_manager`` (the same for ``_agenerate``
    and a text LLM's ``_call``). ``inspect.signature`` returns a stored
    ``__signature__`` as is, instead of rebuilding it from the code object each
    time. The stored signature is exactly what ``inspect.signature`` computes.
    """
    method.__signature__ = inspect.signature(method)  # type: ignore[attr-defined]
    return method


@lru_cache(maxsize=512)
def _has_attribute(cls: type, name: str) -> bool:
    # Per class, once: on a pydantic model a missing attribute is found out by
    # raising and formatting an AttributeError, which hasattr then swallows.
    return name in getattr(cls, "model_fields", {}) or hasattr(cls, name)


def option(model: Any, kwargs: Mapping[str, Any], name: str, kinds: tuple[type, ...]) -> Any:
    """Return the per-call value of ``name``, else the model's own, else None.

    A value of the wrong type counts as absent: the rule of langchain-core's
    default ``_get_ls_params`` for ``model``, ``temperature`` and ``max_tokens``.
    """
    if name in kwargs and isinstance(kwargs[name], kinds):
        return kwargs[name]
    if _has_attribute(type(model), name):  # type: ignore[arg-type]  # classes hash
        value = getattr(model, name)
    else:  # a pydantic model with extra="allow" keeps unknown attributes apart
        value = (getattr(model, "__pydantic_extra__", None) or {}).get(name)
    return value if isinstance(value, kinds) else None


def ls_params(
    model: Any,
    *,
    provider: str,
    model_type: Literal["chat", "llm"],
    model_name: str,
    stop: list[str] | None,
    kwargs: Mapping[str, Any],
) -> LangSmithParams:
    """Build the tracing params langchain-core's default ``_get_ls_params`` builds.

    Same keys, same order and same rules for ``ls_stop``, ``ls_temperature`` and
    ``ls_max_tokens`` (the per-call value first, then the model's attribute), with
    ``provider`` and ``model_name`` decided by the caller. The default probes
    ``model``, ``temperature`` and ``max_tokens`` with ``hasattr`` on every call;
    here a model class is looked at once.
    """
    params = LangSmithParams(ls_provider=provider, ls_model_type=model_type)
    if stop:
        params["ls_stop"] = stop
    params["ls_model_name"] = model_name
    temperature = option(model, kwargs, "temperature", (int, float))
    if temperature is not None:
        params["ls_temperature"] = temperature
    max_tokens = option(model, kwargs, "max_tokens", (int,))
    if max_tokens is not None:
        params["ls_max_tokens"] = max_tokens
    return params
