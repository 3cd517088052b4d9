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


@contextmanager
def register(handler: CustomLLM | None = None, provider: str = "fakes") -> Iterator[Any]:
    """Install ``handler`` as LiteLLM provider ``provider`` for the ``with`` block.

    ``handler`` defaults to the module-level :data:`fakes.litellm.handler`. Any
    entry already registered under ``provider`` is replaced for the duration.
    On exit ``litellm.custom_provider_map``, ``litellm.provider_list`` and
    ``litellm._custom_providers`` are restored (the same list objects, with
    their old contents), so the provider is unknown again::

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
    saved = {name: getattr(litellm, name) for name in _GLOBALS}
    contents = {name: copy.copy(value) for name, value in saved.items()}
    if hasattr(handler, "provider"):
        previous_provider = handler.provider
        handler.provider = provider
    try:
        # A fresh list, not an in-place append: code holding the old list keeps its view.
        litellm.custom_provider_map = [
            *(item for item in saved["custom_provider_map"] if item.get("provider") != provider),
            {"provider": provider, "custom_handler": handler},
        ]
        # What LiteLLM's proxy does after loading custom_provider_map from a config.
        custom_llm_setup()  # type: ignore[no-untyped-call]
        yield handler
    finally:
        for name, value in saved.items():
            # Restore both the binding and the contents of the original list,
            # since LiteLLM appends to provider_list/_custom_providers in place.
            value[:] = contents[name]
            setattr(litellm, name, value)
        if hasattr(handler, "provider"):
            handler.provider = previous_provider
