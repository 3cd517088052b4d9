"""Install a handler as a LiteLLM custom provider, and put everything back afterwards."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from litellm.llms.custom_llm import CustomLLM

from fakes.core import InvalidInputError
from fakes.litellm._registrations import Registration, enter, leave
from fakes.routes import fixed_routes

__all__ = ["free_model_prices", "register"]


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
    ``litellm.Router`` built inside the block changes (its callbacks, also those
    copied into ``litellm.utils.callback_list``, ``model_cost`` and the caches
    derived from it)::

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

    Blocks may overlap: on several threads at once, or nested and exited in any
    order. Each block adds its own entries and on exit removes only those, so a
    provider stays registered exactly while a block registering it is active
    (served by the handler of its latest such block; a handler's ``provider``
    follows its latest block). What no block owns alone (the Router globals, the
    ``reasoning_effort`` exemption) is restored when the last active block exits.
    """
    handler, zero_cost = _checked(handler, provider, zero_cost)
    registration = Registration(handler, provider, free_model_prices(provider) if zero_cost else {})
    enter(registration)
    try:
        yield handler
    finally:
        leave(registration)
