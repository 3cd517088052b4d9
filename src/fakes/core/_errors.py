"""One error class per failure kind, all under :class:`FakesError`."""

from __future__ import annotations

__all__ = [
    "FakesError",
    "InjectedFault",
    "InvalidInputError",
    "RouteError",
    "RouteKindError",
    "ScriptExhaustedError",
    "UnknownRouteError",
]


class FakesError(Exception):
    """Base class of every error raised by the fakes themselves."""


class InvalidInputError(FakesError, ValueError):
    """The fake was given input it cannot work with (the message says which)."""


class ScriptExhaustedError(FakesError):
    """A scripted fake was called more times than it has replies."""

    def __init__(self, call_number: int, scripted: int, who: str = "the script") -> None:
        self.call_number = call_number
        self.scripted = scripted
        super().__init__(
            f"{who} call #{call_number} has no reply: only {scripted} "
            f"{'reply was' if scripted == 1 else 'replies were'} scripted. "
            "Add more replies, or check why the code under test calls the model again."
        )


class InjectedFault(FakesError):
    """The default error raised by a :class:`~fakes.core.FaultPlan`."""


class RouteError(FakesError):
    """A model name the route table (:mod:`fakes.routes`) cannot serve.

    ``status`` is the HTTP status an adapter answers with; the message names the
    model and what to use instead.
    """

    status: int = 400

    def __init__(self, model: str, message: str) -> None:
        self.model = model
        """The model name as given, with its provider prefix."""
        super().__init__(message)


class UnknownRouteError(RouteError, LookupError):
    """No route has this model name (HTTP 404); the message lists the known ones."""

    status = 404


class RouteKindError(RouteError):
    """The route exists but serves another kind of call (HTTP 400), e.g. chat on ``embed``."""

    status = 400
