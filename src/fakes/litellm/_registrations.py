"""The :func:`~fakes.litellm.register` blocks active at one time, and the LiteLLM state they share.

LiteLLM keeps its providers in module globals, so blocks on several threads (or
blocks that end in another order than they began) share them. Under one lock,
each registration adds its own entries and, on leaving, takes out only those,
recomputing what stays from the registrations still active: a provider's map
entry is that of its latest active registration, a zero price stays while a
registration pricing it is active, a handler's ``provider`` is that of its
latest registration. What cannot be told apart per registration (the callbacks
and prices a ``litellm.Router`` adds, LiteLLM's caches) is put back as the
first registration found it when the last one leaves.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass, field
from typing import Any

import litellm
from litellm.llms.custom_llm import CustomLLM
from litellm.utils import custom_llm_setup

__all__ = ["Registration", "enter", "leave"]

# Globals registering changes: the map itself, and the two lists custom_llm_setup()
# appends to (LiteLLM calls it again on every call, for every provider in the map).
_PROVIDER_GLOBALS = ("custom_provider_map", "provider_list", "_custom_providers")
# Globals a litellm.Router built inside a block changes: it appends its callbacks
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
# litellm.utils' own: the first call after a Router was built copies the callbacks
# into callback_list (a new list, holding the Router alive), and model_cost
# registrations are kept for replay. Absent names (other LiteLLM versions) are skipped.
_UTILS_GLOBALS = ("callback_list", "_runtime_registered_model_cost")

# Call options LiteLLM passes to a custom provider without checking that it takes them.
# reasoning_effort turns a fake's reasoning on; LiteLLM would otherwise refuse it with
# UnsupportedParamsError, as a custom provider's declared params are OpenAI-like ones.
# A module global of litellm.utils from LiteLLM 1.101 to at least 1.110.
_UNVALIDATED = "PROVIDER_UNVALIDATED_PARAMS"
_ACCEPTED = frozenset({"reasoning_effort"})

# One lock for every change below: LiteLLM's globals are shared by all threads.
_LOCK = threading.Lock()


@dataclass(eq=False)
class Registration:
    """One :func:`~fakes.litellm.register` block: its handler, provider and zero prices."""

    handler: CustomLLM
    provider: str
    prices: dict[str, dict[str, Any]]
    """The ``model_cost`` entries this block wants (empty: leave the map alone)."""
    entry: dict[str, Any] = field(init=False)
    """Its item in ``litellm.custom_provider_map`` (told apart from others by identity)."""

    def __post_init__(self) -> None:
        self.entry = {"provider": self.provider, "custom_handler": self.handler}


@dataclass
class _Shared:
    """The active registrations, and what to give back when each kind of entry goes."""

    active: list[Registration] = field(default_factory=list)
    # Before the first registration: each global's object and a copy of its contents.
    saved: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    saved_utils: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    exempt: Any = None
    # Per provider, from its first active registration: the map items it displaced,
    # whether it was already in provider_list / _custom_providers, the prices it added.
    displaced: dict[str, list[Any]] = field(default_factory=dict)
    listed: dict[str, tuple[bool, bool]] = field(default_factory=dict)
    priced: dict[str, dict[str, Any]] = field(default_factory=dict)
    # Per handler (by id, as handlers need not be hashable): its provider before.
    handler_providers: dict[int, Any] = field(default_factory=dict)


_STATE = _Shared()


def enter(registration: Registration) -> None:
    """Install ``registration`` next to the active ones."""
    with _LOCK:
        if not _STATE.active:
            _begin()
        provider = registration.provider
        try:
            if all(other.provider != provider for other in _STATE.active):
                _STATE.displaced[provider] = [
                    item for item in litellm.custom_provider_map if item.get("provider") == provider
                ]
                _STATE.listed[provider] = (
                    provider in litellm.provider_list,
                    provider in litellm._custom_providers,
                )
            _STATE.active.append(registration)
            _set_handler_provider(registration, entering=True)
            _sync_map(None)
            # What LiteLLM's proxy does after loading custom_provider_map from a config.
            custom_llm_setup()  # type: ignore[no-untyped-call]
            _price(registration)
        except BaseException:
            _leave(registration)
            raise


def leave(registration: Registration) -> None:
    """Take out what ``registration`` added; the last one out restores the rest."""
    with _LOCK:
        _leave(registration)


def _leave(registration: Registration) -> None:
    if registration in _STATE.active:
        _STATE.active.remove(registration)
    provider = registration.provider
    _set_handler_provider(registration, entering=False)
    _sync_map(registration)
    if all(other.provider != provider for other in _STATE.active):
        was_listed = _STATE.listed.pop(provider, (True, True))
        for names, listed in zip(
            (litellm.provider_list, litellm._custom_providers), was_listed, strict=True
        ):
            if not listed and provider in names:
                names.remove(provider)
    _unprice(provider)
    if not _STATE.active:
        _end()


def _begin() -> None:
    """Note what the first registration finds, and let ``reasoning_effort`` through."""
    from litellm import utils

    _STATE.saved = _snapshot(litellm, (*_PROVIDER_GLOBALS, *_ROUTER_GLOBALS))
    _STATE.saved_utils = _snapshot(utils, tuple(n for n in _UTILS_GLOBALS if hasattr(utils, n)))
    exempt = getattr(utils, _UNVALIDATED, None)
    _STATE.exempt = None
    if isinstance(exempt, frozenset) and not exempt >= _ACCEPTED:
        _STATE.exempt = exempt
        setattr(utils, _UNVALIDATED, exempt | _ACCEPTED)


def _end() -> None:
    """Put back everything as the first registration found it (the last one left)."""
    global _STATE
    from litellm import utils

    if _STATE.exempt is not None:
        setattr(utils, _UNVALIDATED, _STATE.exempt)
    _restore(litellm, _STATE.saved)
    _restore(utils, _STATE.saved_utils)
    _invalidate_model_cost_caches()
    _STATE = _Shared()


def _snapshot(module: Any, names: tuple[str, ...]) -> dict[str, tuple[Any, Any]]:
    """Each global's object and a shallow copy of its contents."""
    return {name: (value, copy.copy(value)) for name in names for value in [getattr(module, name)]}


def _restore(module: Any, saved: dict[str, tuple[Any, Any]]) -> None:
    for name, (value, contents) in saved.items():
        # Restore both the binding and the contents of the original object: LiteLLM
        # appends to its lists and dicts in place, and other modules hold references.
        if isinstance(value, list):
            value[:] = contents
        elif isinstance(value, dict):
            value.clear()
            value.update(contents)
        setattr(module, name, value)


def _sync_map(leaving: Registration | None) -> None:
    """Rebuild ``custom_provider_map``: each active provider's latest entry, others kept.

    The entry of a provider no longer registered gives way to the items its first
    registration displaced, in the same place. A fresh list, not an in-place
    change: a call iterating the old list on another thread keeps its view.
    """
    owners = {registration.provider: registration.entry for registration in _STATE.active}
    back: list[Any] = []
    if leaving is not None and leaving.provider not in owners:
        back = _STATE.displaced.pop(leaving.provider, [])
    mapped: list[Any] = []
    placed: set[str] = set()
    current: list[Any] = litellm.custom_provider_map
    for item in current:
        provider = item.get("provider")
        if provider in owners:
            if provider not in placed:
                placed.add(provider)
                mapped.append(owners[provider])
        elif leaving is not None and item is leaving.entry:
            mapped.extend(back)
            back = []
        else:
            mapped.append(item)
    mapped.extend(back)  # the leaving entry was taken out by someone else
    mapped.extend(entry for provider, entry in owners.items() if provider not in placed)
    litellm.custom_provider_map = mapped


def _set_handler_provider(registration: Registration, *, entering: bool) -> None:
    """Name in ``handler.provider`` its latest active registration's provider, else its own."""
    handler = registration.handler
    if not hasattr(handler, "provider"):
        return
    key = id(handler)
    if entering and key not in _STATE.handler_providers:
        _STATE.handler_providers[key] = handler.provider
    mine = [other for other in _STATE.active if other.handler is handler]
    if mine:
        handler.provider = mine[-1].provider
    elif key in _STATE.handler_providers:
        handler.provider = _STATE.handler_providers.pop(key)


def _price(registration: Registration) -> None:
    """Add the registration's zero prices that are missing (a test's own are kept)."""
    added = _STATE.priced.setdefault(registration.provider, {})
    fresh = False
    for key, entry in registration.prices.items():
        if key not in litellm.model_cost:
            litellm.model_cost[key] = added[key] = entry
            fresh = True
    if fresh:
        _invalidate_model_cost_caches()


def _unprice(provider: str) -> None:
    """Remove a provider's zero prices once no active registration of it wants them."""
    if any(other.provider == provider and other.prices for other in _STATE.active):
        return
    added = _STATE.priced.pop(provider, {})
    removed = False
    for key, entry in added.items():
        if litellm.model_cost.get(key) is entry:  # not replaced since
            del litellm.model_cost[key]
            removed = True
    if removed:
        _invalidate_model_cost_caches()


def _invalidate_model_cost_caches() -> None:
    """Drop litellm.utils' lookup map derived from model_cost (absent in some versions)."""
    from litellm import utils

    invalidate = getattr(utils, "_invalidate_model_cost_lowercase_map", None)
    if callable(invalidate):
        invalidate()
