"""Model names of the ``fakes`` provider and what each one does."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from fakes.litellm._errors import FakesProviderError

__all__ = ["KNOWN_MODELS", "Route", "free_model_prices", "resolve"]

Kind = Literal["chat", "embedding", "image", "fail"]

KNOWN_MODELS: tuple[str, ...] = (
    "parrot",
    "unixtime",
    "tools",
    "embed",
    "embed-<dimensions>",
    "image",
    "fail-<status>",
)
"""Route names without the provider prefix. ``<dimensions>`` is a vector length
(1-4096, ``embed`` uses the handler's ``embedding_dimensions``); ``<status>`` is an
HTTP status 400-599."""

_KINDS: dict[str, Kind] = {
    "parrot": "chat",
    "unixtime": "chat",
    "tools": "chat",
    "embed": "embedding",
    "image": "image",
}
_FAIL = re.compile(r"fail-(\d{3})")
_EMBED = re.compile(r"embed-(\d{1,4})")
_PURPOSE: dict[Kind, str] = {
    "chat": "chat completions",
    "embedding": "embeddings",
    "image": "image generation",
}


# LiteLLM's cost-map mode of each kind of fixed-name route.
_COST_MODES: dict[Kind, str] = {
    "chat": "chat",
    "embedding": "embedding",
    "image": "image_generation",
}
_ZERO_PRICES: dict[str, dict[str, float]] = {
    "chat": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0},
    "embedding": {"input_cost_per_token": 0.0, "output_cost_per_token": 0.0},
    "image_generation": {"input_cost_per_pixel": 0.0, "output_cost_per_image": 0.0},
}


def free_model_prices(provider: str) -> dict[str, dict[str, Any]]:
    """``litellm.model_cost`` entries pricing each fixed-name route at zero.

    Keyed ``<provider>/<name>`` for ``parrot``, ``unixtime``, ``tools``, ``embed``
    and ``image``; ``embed-<dimensions>`` and ``fail-<status>`` have no fixed name.
    """
    entries: dict[str, dict[str, Any]] = {}
    for name, kind in _KINDS.items():
        mode = _COST_MODES[kind]
        entries[f"{provider}/{name}"] = {
            "litellm_provider": provider,
            "mode": mode,
            **_ZERO_PRICES[mode],
        }
    return entries


@dataclass(frozen=True)
class Route:
    """One resolved model name."""

    name: str
    """The model name without provider prefix, e.g. ``"parrot"`` or ``"fail-429"``."""
    kind: Kind
    """What the route serves; ``"fail"`` routes serve every call type by failing."""
    status: int | None = None
    """For ``fail-<status>`` routes: the HTTP status raised."""
    dimensions: int | None = None
    """For ``embed-<dimensions>`` routes: the vector length."""

    def check_kind(self, wanted: Kind, provider: str) -> None:
        """Raise a 400 error when this route cannot serve a ``wanted`` call."""
        if self.kind in ("fail", wanted):
            return
        alternatives = " or ".join(
            f"{provider}/{n}" for n in KNOWN_MODELS if _KINDS.get(n) == wanted
        )
        raise FakesProviderError(
            400, f"{provider}/{self.name} does not do {_PURPOSE[wanted]}; use {alternatives}"
        )


def known_models(provider: str) -> str:
    """List the known model names, for error messages."""
    return ", ".join(f"{provider}/{name}" for name in KNOWN_MODELS)


# Every call resolves its model name, and a test suite uses a handful of names.
# Routes are frozen and depend only on the two strings, so sharing them is safe;
# unknown names raise, and lru_cache keeps no exceptions.
@lru_cache(maxsize=256)
def resolve(model: str, provider: str) -> Route:
    """Map a model name (with or without ``<provider>/``) to its route.

    An unknown name raises a 404 :class:`FakesProviderError` naming it and
    listing the known models, which LiteLLM turns into ``NotFoundError``.
    """
    name = model.removeprefix(f"{provider}/")
    kind = _KINDS.get(name)
    if kind is not None:
        return Route(name=name, kind=kind)
    match = _EMBED.fullmatch(name)
    if match is not None and 1 <= int(match.group(1)) <= 4096:
        return Route(name=name, kind="embedding", dimensions=int(match.group(1)))
    match = _FAIL.fullmatch(name)
    if match is not None and 400 <= int(match.group(1)) <= 599:
        return Route(name=name, kind="fail", status=int(match.group(1)))
    raise FakesProviderError(
        404,
        f"unknown model {provider}/{name!s}; known models: {known_models(provider)} "
        f"(e.g. {provider}/fail-429)",
    )
