"""The call log: what each call of a fake received, for assertions in tests."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from fakes.core._messages import Turn

__all__ = ["Call", "CallLog"]


@dataclass(frozen=True)
class Call:
    """One call of a fake model."""

    number: int
    """1-based position of the call in the log."""
    turns: tuple[Turn, ...]
    """The input in neutral form."""
    stop: tuple[str, ...] | None = None
    """Stop sequences passed to the call."""
    streamed: bool = False
    """Whether the call was a stream."""
    kwargs: dict[str, Any] = field(default_factory=dict)
    """Any other keyword arguments the call received (tools, tool_choice, ...)."""
    raw: Any = None
    """The framework's own input object (LangChain messages, a prompt string, ...)."""

    @property
    def last_text(self) -> str:
        """Text of the last input turn ("" when there was none)."""
        return self.turns[-1].text if self.turns else ""


class CallLog:
    """A thread-safe, append-only list of :class:`Call` records.

    ``record`` hands out call numbers under a lock, so concurrent ``batch`` calls
    each get a distinct number and nothing is lost.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._calls: list[Call] = []

    def record(
        self,
        turns: tuple[Turn, ...],
        *,
        stop: list[str] | tuple[str, ...] | None = None,
        streamed: bool = False,
        kwargs: dict[str, Any] | None = None,
        raw: Any = None,
    ) -> Call:
        """Append a call and return it, numbered."""
        stop_sequences = tuple(stop) if stop is not None else None
        options = dict(kwargs) if kwargs else {}
        with self._lock:  # only the numbering and the append need it
            call = Call(len(self._calls) + 1, turns, stop_sequences, streamed, options, raw)
            self._calls.append(call)
        return call

    def clear(self) -> None:
        """Forget every call (numbering starts again at 1)."""
        with self._lock:
            self._calls.clear()

    @property
    def last(self) -> Call:
        """The most recent call; raises ``AssertionError`` when there is none."""
        with self._lock:
            if not self._calls:
                raise AssertionError("the fake model has not been called")
            return self._calls[-1]

    def __len__(self) -> int:
        with self._lock:
            return len(self._calls)

    def __getitem__(self, index: int) -> Call:
        with self._lock:
            return self._calls[index]

    def __iter__(self) -> Iterator[Call]:
        with self._lock:
            return iter(list(self._calls))

    def __repr__(self) -> str:
        return f"CallLog({len(self)} calls)"
