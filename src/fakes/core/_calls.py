"""The call log: what each call of a fake received, for assertions in tests."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, overload

from fakes.core._errors import InvalidInputError
from fakes.core._messages import Turn

__all__ = ["Call", "CallLog"]


@dataclass(frozen=True)
class Call:
    """One call of a fake model."""

    number: int
    """1-based number of the call, counted since the log was made or cleared. A capped
    log (``CallLog(limit=...)``) drops old calls but keeps counting, so numbers stay unique."""
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

    Each record keeps the call's input alive (its turns, options and the framework's
    own input objects): about 1.3 KB for a short ``ParrotChat.invoke``, more for long
    prompts, so a fake called millions of times holds gigabytes. ``limit=N`` keeps
    only the last ``N`` calls (``len`` and indexing see those); :attr:`total` still
    counts every call, and :attr:`Call.number` keeps counting from 1, so a call's
    number is unique and faults planned ``on_call`` still apply.
    """

    def __init__(self, limit: int | None = None) -> None:
        if limit is not None and (
            isinstance(limit, bool) or not isinstance(limit, int) or limit < 1
        ):
            raise InvalidInputError(f"call log limit must be a positive int or None, got {limit!r}")
        self._lock = threading.Lock()
        # A deque appends in O(1) and, with maxlen, drops the oldest call as it does.
        self._calls: deque[Call] = deque(maxlen=limit)
        self._total = 0

    @property
    def limit(self) -> int | None:
        """How many calls the log keeps (None: all)."""
        return self._calls.maxlen

    @property
    def total(self) -> int:
        """How many calls were recorded since the log was made or cleared, kept or not."""
        return self._total

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
            self._total = number = self._total + 1
            call = Call(number, turns, stop_sequences, streamed, options, raw)
            self._calls.append(call)
        return call

    def clear(self) -> None:
        """Forget every call (numbering starts again at 1; the limit stays)."""
        with self._lock:
            self._calls.clear()
            self._total = 0

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

    @overload
    def __getitem__(self, index: int) -> Call: ...

    @overload
    def __getitem__(self, index: slice) -> list[Call]: ...

    def __getitem__(self, index: int | slice) -> Call | list[Call]:
        with self._lock:
            if isinstance(index, slice):  # a deque has no slicing; a list's is kept
                return list(self._calls)[index]
            return self._calls[index]

    def __iter__(self) -> Iterator[Call]:
        with self._lock:
            return iter(list(self._calls))

    def __repr__(self) -> str:
        kept = len(self)
        if self.limit is None:
            return f"CallLog({kept} calls)"
        return f"CallLog({kept} calls, the last of {self.total}; limit={self.limit})"
