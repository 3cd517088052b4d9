"""Scheduled HTTP failures of the ``fakes`` provider, for retries and Router fallbacks."""

from __future__ import annotations

import threading

from fakes.core import InvalidInputError
from fakes.litellm._errors import FakesProviderError

__all__ = ["FaultSchedule"]


class FaultSchedule:
    """Fail the first ``count`` calls with an HTTP ``status``, then succeed.

    For testing retries and Router fallbacks: ``FaultSchedule(2, status=429)``
    makes the next two calls raise what LiteLLM maps 429 to (``RateLimitError``)
    and every call after that succeed. Thread-safe; ``failed`` counts the
    failures handed out so far.
    """

    def __init__(self, count: int, status: int = 429, message: str | None = None) -> None:
        if isinstance(count, bool) or not isinstance(count, int) or count < 0:
            raise InvalidInputError(f"FaultSchedule count must be an int >= 0, got {count!r}")
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise InvalidInputError(
                f"FaultSchedule status must be an HTTP error status 400-599, got {status!r}"
            )
        self.count = count
        self.status = status
        self.message = message
        self._lock = threading.Lock()
        self._failed = 0

    @property
    def failed(self) -> int:
        """How many calls this schedule has failed so far."""
        return self._failed

    @property
    def remaining(self) -> int:
        """How many more calls will fail."""
        return self.count - self._failed

    def check(self, where: str) -> None:
        """Raise the scheduled error if failures remain, counting it."""
        with self._lock:
            if self._failed >= self.count:
                return
            self._failed += 1
            number = self._failed
        detail = self.message or f"scheduled fault {number} of {self.count}"
        raise FakesProviderError(self.status, f"{where}: {detail} (HTTP {self.status})")

    def __repr__(self) -> str:
        return f"FaultSchedule(count={self.count}, status={self.status}, failed={self._failed})"
