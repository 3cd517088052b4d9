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
from fakes.routes import fixed_routes

__all__ = ["free_model_prices", "register"]

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


# Call options LiteLLM passes to a custom provider without checking that it takes them.
# reasoning_effort turns a fake's reasoning on; LiteLLM would otherwise refuse it with
# UnsupportedParamsError, as a custom provider's declared params are OpenAI-like ones.
_UNVALIDATED = "PROVIDER_UNVALIDATED_PARAMS"
_ACCEPTED = frozenset({"reasoning_effort"})


def _accept_params() -> Any:
    """Let ``reasoning_effort`` through LiteLLM's check; return what to restore (None: nothing).

    The check's exemptions are a module global of ``litellm.utils`` (LiteLLM 1.101 to
    at least 1.110); on a version without it, nothing changes.
    """
    from litellm import utils

    exempt = getattr(utils, _UNVALIDATED, None)
    if not isinstance(exempt, frozenset) or exempt >= _ACCEPTED:
        return None
    setattr(utils, _UNVALIDATED, exempt | _ACCEPTED)
    return exempt


def _restore_params(exempt: Any) -> None:
    if exempt is not None:
        from litellm import utils

        setattr(utils, _UNVALIDATED, exempt)


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
    _invalidate_model_cost_caches()


# The zero price of each cost-map mode (the fields LiteLLM's cost functions read).
_ZERO_PRICES: dict[str, dict[str, float]] = {
    "chat": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0},
    "embedding": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0},
    "image_generation": {"input_cost_per_pixel": 0.0, "output_cost_per_image": 0.0},
}


def free_model_prices(provider: str) -> dict[str, dict[str, Any]]:
    """Return ``litellm.model_cost`` entries pricing each fixed-name route at zero.

    Keyed ``<provider>/<name>`` for the fixed names of :data:`fakes.routes.ROUTES`;
    patterns (``embed-<n>``, ``fail-<status>``) have no fixed name, and fail
    routes no price.
    """
    return {
        f"{provider}/{entry.name}": {
            "litellm_provider": provider,
            "mode": entry.cost_mode,
            **_ZERO_PRICES[entry.cost_mode],
        }
        for entry in fixed_routes()
        if entry.cost_mode is not None
    }


def _routes_by_name(handler: CustomLLM) -> bool:
    """Whether ``handler`` serves the :mod:`fakes.routes` names (its routing is not overridden)."""
    from fakes.litellm._handler import FakesHandler

    return isinstance(handler, FakesHandler) and type(handler)._route is FakesHandler._route


def _price_at_zero(provider: str) -> None:
    """Declare the provider's fixed-name models free in ``litellm.model_cost``.

    LiteLLM prices every response. For a model missing from its cost map each
    call fails several lookups (lru_cache keeps no failures) down slow fallback
    paths, about a fifth of a ``completion`` call, and reports no cost. With a
    zero entry the lookups hit its caches and the cost is ``0.0``. Entries
    already present (a test's own prices) are kept.
    """
    added = False
    for key, entry in free_model_prices(provider).items():
        if key not in litellm.model_cost:
            litellm.model_cost[key] = entry
            added = True
    if added:
        _invalidate_model_cost_caches()


def _invalidate_model_cost_caches() -> None:
    from litellm import utils

    invalidate = getattr(utils, "_invalidate_model_cost_lowercase_map", None)
    if callable(invalidate):
        invalidate()


def _checked(
    handler: CustomLLM | None, provider: str, zero_cost: bool | None
) -> tuple[CustomLLM, bool]:
    """Check :func:`register`'s arguments; return the handler and whether to price at zero."""
    if handler is None:
        from fakes.litellm import handler as default_handler

        handler = default_handler
    if not isinstance(handler, CustomLLM):
        raise InvalidInputError(
            f"handler must be a litellm CustomLLM, got {type(handler).__name__}"
        )
    if not isinstance(provider, str) or not provider or "/" in provider:
        raise InvalidInputError(f"provider must be a non-empty name without '/', got {provider!r}")
    if zero_cost is None:
        return handler, _routes_by_name(handler)
    if zero_cost and not _routes_by_name(handler):
        raise InvalidInputError(
            f"zero_cost prices the fakes model names; {type(handler).__name__} does not serve them"
        )
    return handler, zero_cost


@contextmanager
def register(
    handler: CustomLLM | None = None, provider: str = "fakes", *, zero_cost: bool | None = None
) -> Iterator[Any]:
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

    For a :class:`~fakes.litellm.FakesHandler` (the default) the fixed model names
    of :data:`fakes.routes.ROUTES` (``parrot``, ``embed``, ...) are also priced at
    zero in ``litellm.model_cost`` for the block: a fake costs nothing, responses
    carry ``response_cost`` 0.0 as they do through the proxy, and each call skips
    LiteLLM's failing lookups of an unknown model (about a fifth of a
    ``litellm.completion`` call). Prices already in the map are kept.
    ``zero_cost=False`` leaves the map alone (``response_cost`` is then None);
    ``zero_cost=True`` with a handler that does not serve those names is an error.

    In the block LiteLLM also lets a call's ``reasoning_effort`` through to the
    handler (a fake's reasoning turns on with it), where it would otherwise raise
    ``UnsupportedParamsError`` for a custom provider.
    """
    handler, zero_cost = _checked(handler, provider, zero_cost)
    saved = _snapshot(_GLOBALS)
    router_state = _snapshot(_ROUTER_GLOBALS)
    from litellm import utils

    registered_costs = dict(getattr(utils, "_runtime_registered_model_cost", None) or {})
    if hasattr(handler, "provider"):
        previous_provider = handler.provider
        handler.provider = provider
    exempt = _accept_params()
    try:
        # A fresh list, not an in-place append: code holding the old list keeps its view.
        litellm.custom_provider_map = [
            *(item for item in saved["custom_provider_map"][0] if item.get("provider") != provider),
            {"provider": provider, "custom_handler": handler},
        ]
        # What LiteLLM's proxy does after loading custom_provider_map from a config.
        custom_llm_setup()  # type: ignore[no-untyped-call]
        if zero_cost:
            _price_at_zero(provider)
        yield handler
    finally:
        _restore_params(exempt)
        _restore(saved)
        _restore(router_state)
        _restore_model_cost_caches(registered_costs)
        if hasattr(handler, "provider"):
            handler.provider = previous_provider
