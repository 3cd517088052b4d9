"""Injected faults: fail on call k, or at chunk k of a stream."""

from __future__ import annotations

from dataclasses import dataclass

from fakes.core._errors import InjectedFault, InvalidInputError

__all__ = ["FaultPlan"]


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
    """The exception to raise; defaults to :class:`~fakes.core.InjectedFault`."""

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
            raise self.error
        raise InjectedFault(f"injected fault {where}")

    def check_call(self, call_number: int) -> None:
        """Raise if this call fails before producing any output."""
        if self.at_chunk is None and self._applies_to(call_number):
            self._raise(f"on call #{call_number}")

    def check_chunk(self, call_number: int, chunk_index: int) -> None:
        """Raise if the stream of this call fails before chunk ``chunk_index``."""
        if self.at_chunk == chunk_index and self._applies_to(call_number):
            self._raise(f"at chunk {chunk_index} of call #{call_number}")
