"""Latency: a fake that takes time, in real time or on a frozen clock.

A :class:`Latency` waits before the first chunk of a reply and between chunks,
for ``invoke`` as for a stream (an ``invoke`` waits what its stream would, in
one go). Sync code sleeps with ``time.sleep``, async code with
``asyncio.sleep``, so concurrent calls really overlap. While freezegun has
frozen time (the ``frozen_clock`` fixture) nothing sleeps: the frozen clock is
moved on instead, so a test of a 30-second timeout runs in milliseconds and
still sees the 30 seconds pass.
"""

from __future__ import annotations

import asyncio
import math
import sys
import time
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING, Any, TypeVar

from fakes.core._errors import InvalidInputError
from fakes.core._response import chunk_count

if TYPE_CHECKING:
    from fakes.core._chunking import Chunking
    from fakes.core._response import Response

__all__ = ["Latency", "time_is_frozen"]

T = TypeVar("T")


def _seconds(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise InvalidInputError(f"Latency.{name} must be a number of seconds, got {value!r}")
    if not math.isfinite(value) or value < 0:
        raise InvalidInputError(f"Latency.{name} must be finite and >= 0, got {value!r}")
    return float(value)


def _frozen_clock() -> Any:
    """Return freezegun's active clock, or None when time is not frozen.

    Read from ``sys.modules``: if freezegun was never imported, time is real,
    and a fake should not pay for importing it.
    """
    api = sys.modules.get("freezegun.api")
    factories = getattr(api, "freeze_factories", None)
    return factories[-1] if factories else None


def time_is_frozen() -> bool:
    """Whether freezegun has frozen time (then a fake's clock is freezegun's)."""
    return _frozen_clock() is not None


def _moved_frozen_clock(seconds: float) -> bool:
    """Move freezegun's clock on by ``seconds`` if time is frozen; say whether it was."""
    clock = _frozen_clock()
    if clock is None:
        return False
    clock.tick(timedelta(seconds=seconds))
    return True


@dataclass(frozen=True)
class Latency:
    """How long a fake takes: before its first chunk, and between chunks.

    ``Latency(first_chunk=0.5, per_chunk=0.01)`` makes a 10-chunk stream take
    0.5 s to its first chunk and 0.59 s in all; ``invoke`` waits the same 0.59 s
    before it returns. Under freezegun (``frozen_clock``) the frozen clock moves
    on by those amounts instead of sleeping.
    """

    first_chunk: float = 0.0
    """Seconds before the first chunk (time to first token)."""
    per_chunk: float = 0.0
    """Seconds before each later chunk."""

    def __post_init__(self) -> None:
        _seconds("first_chunk", self.first_chunk)
        _seconds("per_chunk", self.per_chunk)

    def total(self, chunks: int) -> float:
        """Seconds a reply of ``chunks`` chunks takes in all (what ``invoke`` waits)."""
        if chunks <= 0:
            return self.first_chunk
        return self.first_chunk + self.per_chunk * (chunks - 1)

    def wait_reply(self, response: Response, chunking: Chunking, *, final: bool = True) -> None:
        """Take as long as a stream of ``response`` would (``invoke``'s wait), in one go.

        ``final=False`` for streams without a final metadata chunk (a text LLM's).
        """
        self.wait(self.total(chunk_count(response, chunking, final=final)))

    async def await_reply(
        self, response: Response, chunking: Chunking, *, final: bool = True
    ) -> None:
        """As :meth:`wait_reply`, without blocking the event loop."""
        await self.await_(self.total(chunk_count(response, chunking, final=final)))

    def wait(self, seconds: float) -> None:
        """Take ``seconds``: move a frozen clock on, else sleep."""
        if seconds > 0 and not _moved_frozen_clock(seconds):
            time.sleep(seconds)

    async def await_(self, seconds: float) -> None:
        """Take ``seconds`` without blocking the event loop: move a frozen clock on, else sleep."""
        if seconds > 0 and not _moved_frozen_clock(seconds):
            await asyncio.sleep(seconds)

    def pace(self, items: Iterable[T]) -> Iterator[T]:
        """Yield ``items``, waiting before the first and between the others."""
        delay = self.first_chunk
        for item in items:
            self.wait(delay)
            delay = self.per_chunk
            yield item

    async def apace(self, items: Iterable[T]) -> AsyncIterator[T]:
        """Yield ``items`` asynchronously, waiting with ``asyncio.sleep`` (or a frozen clock)."""
        delay = self.first_chunk
        for item in items:
            await self.await_(delay)
            delay = self.per_chunk
            yield item
