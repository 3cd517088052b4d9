"""Reply policies: given a request, decide the reply. Pure and deterministic."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar

from fakes.core._calls import Call
from fakes.core._errors import InvalidInputError, ScriptExhaustedError
from fakes.core._faults import fresh_error
from fakes.core._messages import Reply, Turn, last_text
from fakes.core._tooldefs import ToolDef

__all__ = ["ContentFilter", "Echo", "Policy", "Replies", "Request", "Script", "UnixTime"]

T = TypeVar("T")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, and
# one Request is built per call (benchmarks: tool-turn <= 1.5). Treat it as read-only.
@dataclass(slots=True)
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
    logprobs: int | None = None
    """None: no logprobs; else the number of alternatives per token (``top_logprobs``)."""


class Policy(Protocol):
    """Anything that turns a :class:`Request` into a :class:`Reply`."""

    def reply(self, request: Request) -> Reply:
        """Decide the reply to ``request``."""
        ...


@dataclass(frozen=True)
class ContentFilter:
    """Refuse every request as a provider's content filter does: no text, ``content_filter``."""

    def reply(self, request: Request) -> Reply:
        """Return an empty reply that finishes with ``content_filter``."""
        last_text(request.turns)  # an empty conversation is still an error
        return Reply("", finish_reason="content_filter")


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


class Replies:
    """Scripted replies handed out in order, one per call: ScriptedChat's and ``fakes/script``'s.

    An item is one of ``kinds`` (what the adapter turns into its reply, such as a
    ``str``), an exception instance, which that call raises, or a callable that
    receives the call record (:class:`~fakes.Call`) and returns one of those.
    ``described`` names the kinds in error messages; ``check`` adds an adapter's
    own checks of an item of ``kinds``. Items are checked when scripted, and a
    computed reply when computed.
    """

    def __init__(
        self,
        replies: Sequence[Any],
        *,
        kinds: tuple[type, ...],
        described: str,
        who: str,
        cycle: bool = False,
        check: Callable[[Any, str], None] | None = None,
    ) -> None:
        if isinstance(replies, (str, bytes, Mapping)) or not isinstance(replies, Sequence):
            raise InvalidInputError(
                f"replies must be a list of replies ({described}, an exception instance or "
                f"a callable), got {type(replies).__name__}"
            )
        self._kinds, self._described, self._extra_check = kinds, described, check
        for index, item in enumerate(replies):
            if not callable(item) or isinstance(item, type):
                self.check(item, f"reply #{index + 1}")
        self.script: Script[Any] = Script(replies, cycle=cycle, who=who)

    def check(self, item: Any, what: str) -> None:
        """Raise naming ``what`` unless ``item`` is one of the kinds or an exception instance."""
        if isinstance(item, type) and issubclass(item, BaseException):
            raise InvalidInputError(
                f"{what} is the exception class {item.__name__}; "
                f"give an instance such as {item.__name__}('message')"
            )
        if isinstance(item, BaseException):
            return
        if not isinstance(item, self._kinds):
            raise InvalidInputError(
                f"{what} is a {type(item).__name__}; a reply must be {self._described}, "
                "an exception instance or a callable of the call returning one of those"
            )
        if self._extra_check is not None:
            self._extra_check(item, what)

    def take(self, call: Call) -> Any:
        """Return the next reply for ``call`` (computed if callable); raise a scripted exception."""
        item = self.script.take()
        if callable(item) and not isinstance(item, type):
            item = item(call)
            self.check(item, f"the reply computed for call #{call.number}")
        if isinstance(item, BaseException):
            raise fresh_error(item)  # a new copy each time: the script's instance never grows
        return item
