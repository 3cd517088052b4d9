"""Reply policies: given a request, decide the reply. Pure and deterministic."""

from __future__ import annotations

import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from fakes.core._errors import InvalidInputError, ScriptExhaustedError
from fakes.core._messages import Reply, Turn, last_text
from fakes.core._tooldefs import ToolDef

__all__ = ["Echo", "Policy", "Request", "Script", "UnixTime"]

T = TypeVar("T")


@dataclass(frozen=True)
class Request:
    """Everything a policy may look at to decide a reply."""

    turns: tuple[Turn, ...]
    """The conversation so far."""
    tools: tuple[ToolDef, ...] = ()
    """Bound tools, already checked: adapters build them once with ``normalize_tools``."""
    tool_choice: Any = None
    """None/"auto", "any"/"required", "none", a tool name or the OpenAI dict form."""
    options: dict[str, Any] = field(default_factory=dict)
    """Other call options, for policies that want them."""
    stop: tuple[str, ...] | None = None
    """Stop sequences; the pipeline cuts the reply text after the first to complete."""
    max_tokens: int | None = None
    """Most output tokens (characters) of the reply text; the pipeline cuts the rest."""


class Policy(Protocol):
    """Anything that turns a :class:`Request` into a :class:`Reply`."""

    def reply(self, request: Request) -> Reply:
        """Decide the reply to ``request``."""
        ...


@dataclass(frozen=True)
class Echo:
    """Echo the first ``n`` characters of the last message (all of it when ``n`` is None)."""

    n: int | None = None

    def __post_init__(self) -> None:
        if self.n is not None and (isinstance(self.n, bool) or self.n < 0):
            raise InvalidInputError(f"the echo length must be None or >= 0, got {self.n!r}")

    def reply(self, request: Request) -> Reply:
        """Return the last message's text, cut to ``n`` characters."""
        text = last_text(request.turns)
        return Reply(text if self.n is None else text[: self.n])


@dataclass(frozen=True)
class UnixTime:
    """Reply with the current unix time in whole seconds; freeze it with freezegun."""

    def reply(self, request: Request) -> Reply:
        """Return ``str(int(time.time()))``, read at call time so freezegun applies."""
        return Reply(text=str(int(time.time())))


class Script(Generic[T]):
    """Hand out scripted items in order, one per call, thread-safely.

    Running out raises :class:`~fakes.core.ScriptExhaustedError` naming the call;
    with ``cycle=True`` the script starts again from its first item instead.
    """

    def __init__(self, items: Sequence[T], *, cycle: bool = False, who: str = "the script") -> None:
        if isinstance(items, (str, bytes)):
            raise InvalidInputError("replies must be a list of replies, not a single string")
        if cycle and not items:
            raise InvalidInputError("cycle=True needs at least one reply to repeat")
        self._items = list(items)
        self._cycle = cycle
        self._who = who  # names the scripted model in ScriptExhaustedError
        self._lock = threading.Lock()
        self._next = 0

    @property
    def items(self) -> list[T]:
        """A copy of the scripted items."""
        return list(self._items)

    @property
    def used(self) -> int:
        """How many items have been handed out."""
        return self._next

    @property
    def remaining(self) -> int:
        """How many items are left before the end of the script (or of this round).

        Never negative, even after overflow calls; a cycling script counts to the
        end of its current round.
        """
        if self._cycle:
            return len(self._items) - self._next % len(self._items)
        return max(0, len(self._items) - self._next)

    def take(self) -> T:
        """Return the next item, or raise when the script is exhausted."""
        with self._lock:
            call_number = self._next + 1
            if self._cycle:
                position = self._next % len(self._items)
            elif self._next >= len(self._items):
                self._next += 1
                raise ScriptExhaustedError(call_number, len(self._items), self._who)
            else:
                position = self._next
            self._next += 1
            return self._items[position]

    def reset(self) -> None:
        """Start the script again from its first item."""
        with self._lock:
            self._next = 0
