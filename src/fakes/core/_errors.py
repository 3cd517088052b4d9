"""One error class per failure kind, all under :class:`FakesError`."""

from __future__ import annotations

__all__ = ["FakesError", "InjectedFault", "InvalidInputError", "ScriptExhaustedError"]


class FakesError(Exception):
    """Base class of every error raised by the fakes themselves."""


class InvalidInputError(FakesError, ValueError):
    """The fake was given input it cannot work with (the message says which)."""


class ScriptExhaustedError(FakesError):
    """A scripted fake was called more times than it has replies."""

    def __init__(self, call_number: int, scripted: int) -> None:
        self.call_number = call_number
        self.scripted = scripted
        super().__init__(
            f"ScriptedChat call #{call_number} has no reply: only {scripted} "
            f"{'reply was' if scripted == 1 else 'replies were'} scripted. "
            "Add more replies, or check why the code under test calls the model again."
        )


class InjectedFault(FakesError):
    """The default error raised by a :class:`~fakes.core.FaultPlan`."""
