"""Install a handler as a LiteLLM custom provider, and put everything back afterwards."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import litellm
from litellm.llms.custom_llm import CustomLLM
from litellm.utils import custom_llm_setup

from fakes.core import InvalidInputError

__all__ = ["register"]

# Module globals LiteLLM changes when a custom provider is installed or called:
# the map itself, and the two lists custom_llm_setup() appends to on every call.
_GLOBALS = ("custom_provider_map", "provider_list", "_custom_providers")
# Globals a litellm.Router built inside the block changes: it appends its callbacks
# and registers every deployment in model_cost (after which cost lookups for
# "fakes/..." succeed and responses grow a response_cost field).
_ROUTER_GLOBALS = (
    "success_callback",
    "failure_callback",
    "_async_success_callback",
    "_async_failure_callback",
    "callbacks",
    "model_cost",
    "suppress_debug_info",
)


def _snapshot(names: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    """Each global's object and a shallow copy of its contents."""
    return {name: (value, copy.copy(value)) for name in names for value in [getattr(litellm, name)]}


def _restore(saved: dict[str, tuple[Any, Any]]) -> None:
    for name, (value, contents) in saved.items():
        # Restore both the binding and the contents of the original object: LiteLLM
        # appends to its lists and dicts in place, and other modules hold references.
        if isinstance(value, list):
            value[:] = contents
        elif isinstance(value, dict):
            value.clear()
            value.update(contents)
        setattr(litellm, name, value)


def _restore_model_cost_caches(registered_costs: dict[str, Any]) -> None:
    """Reset litellm.utils' state derived from model_cost (absent in some versions)."""
    from litellm import utils

    registered = getattr(utils, "_runtime_registered_model_cost", None)
    if isinstance(registered, dict):
        registered.clear()
        registered.update(registered_costs)
    invalidate = getattr(utils, "_invalidate_model_cost_lowercase_map", None)
    if callable(invalidate):
        invalidate()


@contextmanager
def register(handler: CustomLLM | None = None, provider: str = "fakes") -> Iterator[Any]:
    """Install ``handler`` as LiteLLM provider ``provider`` for the ``with`` block.

    ``handler`` defaults to the module-level :data:`fakes.litellm.handler`. Any
    entry already registered under ``provider`` is replaced for the duration.
    On exit ``litellm.custom_provider_map``, ``litellm.provider_list`` and
    ``litellm._custom_providers`` are restored (the same list objects, with
    their old contents), so the provider is unknown again. So are the globals a
    ``litellm.Router`` built inside the block changes (its callbacks, ``model_cost``
    and the caches derived from it)::

        with register() as fake:
            litellm.completion(model="fakes/parrot", messages=[...])
        assert fake.calls.last.last_text == ...
    """
    if handler is None:
        from fakes.litellm import handler as default_handler

        handler = default_handler
    if not isinstance(handler, CustomLLM):
        raise InvalidInputError(
            f"handler must be a litellm CustomLLM, got {type(handler).__name__}"
        )
    if not isinstance(provider, str) or not provider or "/" in provider:
        raise InvalidInputError(f"provider must be a non-empty name without '/', got {provider!r}")
    saved = _snapshot(_GLOBALS)
    router_state = _snapshot(_ROUTER_GLOBALS)
    from litellm import utils

    registered_costs = dict(getattr(utils, "_runtime_registered_model_cost", None) or {})
    if hasattr(handler, "provider"):
        previous_provider = handler.provider
        handler.provider = provider
    try:
        # A fresh list, not an in-place append: code holding the old list keeps its view.
        litellm.custom_provider_map = [
            *(item for item in saved["custom_provider_map"][0] if item.get("provider") != provider),
            {"provider": provider, "custom_handler": handler},
        ]
        # What LiteLLM's proxy does after loading custom_provider_map from a config.
        custom_llm_setup()  # type: ignore[no-untyped-call]
        yield handler
    finally:
        _restore(saved)
        _restore(router_state)
        _restore_model_cost_caches(registered_costs)
        if hasattr(handler, "provider"):
            handler.provider = previous_provider
