"""LiteLLM fakes: a ``CustomLLM`` handler for provider ``fakes``, routed by model name.

Importing this module imports litellm (about 3 s). ``LITELLM_LOCAL_MODEL_COST_MAP``
is set first, so litellm reads its bundled price map instead of downloading one
from GitHub. Use :func:`register` to install :data:`handler` (or your own) for a
block; a LiteLLM proxy config can point at ``fakes.litellm.handler``. The model
names come from the route table, :mod:`fakes.routes`.
"""

from __future__ import annotations

import os
import warnings

# Must run before the first `import litellm`: without it litellm fetches its
# model price map from GitHub at import time and retries in a background thread.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

# litellm >= 1.110 imports its proxy types on the first completion(); under a
# frozen clock pydantic then fails on freezegun's FakeDatetime. Import them now.
import litellm.proxy._types  # noqa: F401

from fakes.litellm._errors import FakesProviderError
from fakes.litellm._handler import FakesHandler, FaultSchedule
from fakes.litellm._register import register
from fakes.litellm._unixtime import UnixTimeHandler
from fakes.routes import KNOWN_MODELS

handler = FakesHandler()
"""The default handler: what :func:`register` installs when given none, and what a
proxy config names as ``custom_handler: fakes.litellm.handler``."""

__all__ = [
    "KNOWN_MODELS",
    "FakesHandler",
    "FakesProviderError",
    "FaultSchedule",
    "UnixTimeHandler",
    "handler",
    "register",
]

# Old names still importable, each with a DeprecationWarning naming its successor.
_DEPRECATED: dict[str, tuple[str, str]] = {
    "UnixTimeLLM": (
        "UnixTimeHandler",
        "fakes.langchain.UnixTimeLLM, the LangChain text LLM, is another class and keeps its name",
    ),
}


def __getattr__(name: str) -> object:
    """Resolve a deprecated name to its successor, with a ``DeprecationWarning``."""
    if name not in _DEPRECATED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    successor, note = _DEPRECATED[name]
    warnings.warn(
        f"fakes.litellm.{name} is deprecated; use fakes.litellm.{successor} ({note})",
        DeprecationWarning,
        stacklevel=2,
    )
    return globals()[successor]
