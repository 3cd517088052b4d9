"""Injected faults: fail on call k, or at chunk k of a stream."""

from __future__ import annotations

import copy
from dataclasses import dataclass

from fakes.core._errors import InjectedFault, InvalidInputError

__all__ = ["FaultPlan", "fresh_error"]


@dataclass(frozen=True)
class FaultPlan:
    """When a fake should fail, and with which error.

    Example: ``FaultPlan(on_call=2)`` makes the second call raise
    :class:`~fakes.core.InjectedFault`; ``FaultPlan(at_chunk=3, error=TimeoutError("slow"))``
    makes every stream raise ``TimeoutError`` just before its fourth chunk (chunk index 3),
    after three chunks were delivered.
    """

    on_call: int | None = None
    """1-based number of the call that fails (None: every call is a candidate)."""
    at_chunk: int | None = None
    """0-based index of the stream chunk before which the stream fails
    (None: the call fails before producing anything)."""
    error: BaseException | None = None
    """The exception to raise; defaults to :class:`~fakes.core.InjectedFault`.

    Each fault raises a fresh copy (:func:`fresh_error`): same type, ``args``,
    message and attributes, its own traceback. The configured instance is never
    raised itself, so it does not collect a traceback per call."""

    def __post_init__(self) -> None:
        if self.on_call is not None and self.on_call < 1:
            raise InvalidInputError(f"FaultPlan.on_call is 1-based, got {self.on_call}")
        if self.at_chunk is not None and self.at_chunk < 0:
            raise InvalidInputError(f"FaultPlan.at_chunk must be >= 0, got {self.at_chunk}")
        if self.on_call is None and self.at_chunk is None:
            raise InvalidInputError("FaultPlan needs on_call, at_chunk or both")

    def _applies_to(self, call_number: int) -> bool:
        return self.on_call is None or self.on_call == call_number

    def _raise(self, where: str) -> None:
        if self.error is not None:
            raise fresh_error(self.error)
        raise InjectedFault(f"injected fault {where}")

    def check_call(self, call_number: int) -> None:
        """Raise if this call fails before producing any output."""
        if self.at_chunk is None and self._applies_to(call_number):
            self._raise(f"on call #{call_number}")

    def check_chunk(self, call_number: int, chunk_index: int) -> None:
        """Raise if the stream of this call fails before chunk ``chunk_index``."""
        if self.at_chunk == chunk_index and self._applies_to(call_number):
            self._raise(f"at chunk {chunk_index} of call #{call_number}")


def fresh_error(error: BaseException) -> BaseException:
    """Return a new exception like ``error``, to raise in its place.

    Raising one instance again and again chains each raise's frames onto its
    ``__traceback__`` (6 frames a call through a fake, so a long test run grows
    by megabytes) and hands every caller the same object to mutate. The copy has
    ``error``'s type, ``args`` and attributes (so its message), its cause and a
    copy of its notes, and no traceback. ``copy.copy`` builds it the way pickling
    would (``type(*args)`` plus the instance dict); an exception whose
    ``__init__`` takes other arguments than its ``args`` is built without calling
    ``__init__``. If even that fails, ``error`` itself comes back with its
    traceback dropped.
    """
    fresh: BaseException | None
    try:
        fresh = copy.copy(error)
    except Exception:
        fresh = _bare_copy(error)
    if fresh is None or type(fresh) is not type(error):
        return error.with_traceback(None)
    fresh.__traceback__ = None
    fresh.__cause__ = error.__cause__
    fresh.__suppress_context__ = error.__suppress_context__
    notes = getattr(error, "__notes__", None)
    if isinstance(notes, list):  # shared by a shallow copy; a note added later stays its own
        fresh.__notes__ = list(notes)  # type: ignore[attr-defined]  # 3.11's stubs lack it
    return fresh


def _bare_copy(error: BaseException) -> BaseException | None:
    """Copy ``error`` without calling its ``__init__`` (None if the type refuses)."""
    cls = type(error)
    try:
        fresh = cls.__new__(cls, *error.args)
        fresh.args = error.args
        fresh.__dict__.update(vars(error))
    except Exception:
        return None
    return fresh
