"""Model names mapped to routes, and the chat and embedding calls they answer."""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Mapping, Sequence
from typing import Any

from fakes.core import (
    Call,
    CallLog,
    FakesError,
    InvalidInputError,
    Replies,
    Reply,
    Request,
    RouteError,
    ScriptExhaustedError,
    Turn,
    count_tokens,
    embedding_vector,
    make_request,
    respond,
)
from fakes.routes import Kind, Route, Unscripted, resolve
from fakes.wire._chat_call import Answer, ChatCall
from fakes.wire._openai_images import image_data
from fakes.wire._openai_messages import response_id
from fakes.wire._openai_script import scripted_replies, scripted_reply

__all__ = ["ProviderError", "Routing"]

# What a model name answers when no mapping names it, per kind of call.
_DEFAULT_ROUTES: dict[Kind, str] = {"chat": "parrot", "embedding": "embed", "image": "image"}


class ProviderError(FakesError):
    """A call the fake provider answers with an HTTP error status."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        """The HTTP status of the error response."""


def _status(error: BaseException) -> int:
    """Return the HTTP status a scripted exception stands for (its ``status``), else 500."""
    for name in ("status", "status_code"):
        value = getattr(error, name, None)
        if isinstance(value, int) and 400 <= value <= 599:
            return value
    return 500


class Routing:
    """Which route answers which model name, the script, and the log of every call."""

    def __init__(self, routes: Mapping[str, str] | None = None) -> None:
        self._patterns: list[tuple[str, str]] = []
        self.calls = CallLog()
        """Every call answered, in order (``call.kwargs["model"]`` is the name as sent)."""
        self.scripted: Replies | None = None
        for pattern, route in (routes or {}).items():
            self.route(pattern, route)

    def route(self, pattern: str, route: str) -> None:
        """Answer model names matching ``pattern`` (a glob: ``"gpt-4*"``) with ``route``.

        ``route`` is a name of the route table without provider prefix
        (``"tools"``, ``"script"``, ``"fail-429"``, ``"embed-64"``); a later
        mapping wins over an earlier one.
        """
        if not isinstance(pattern, str) or not pattern:
            raise InvalidInputError(f"a model pattern must be a non-empty str, got {pattern!r}")
        resolve(route, "fakes")  # an unknown route fails here, not at the first call
        self._patterns.insert(0, (pattern, route))

    def script(self, replies: Sequence[Any], *, cycle: bool = False) -> Replies:
        """Make models routed to ``script`` answer ``replies`` (as ``FakesHandler.script``)."""
        self.scripted = scripted_replies(replies, cycle=cycle)
        return self.scripted

    def resolve(self, model: str, kind: Kind) -> Route:
        """Return the route of ``model`` for a ``kind`` of call; a wrong kind is an error."""
        name = next(
            (route for pattern, route in self._patterns if fnmatch.fnmatchcase(model, pattern)),
            _DEFAULT_ROUTES[kind],
        )
        route = resolve(name, "fakes")
        try:
            route.check_kind(kind, "fakes")
        except RouteError as error:
            raise ProviderError(error.status, f"model {model!r}: {error}") from error
        return route

    def _gate(self, model: str, route: Route) -> None:
        if route.status is not None:
            raise ProviderError(
                route.status, f"model {model!r} is routed to fakes/{route.name}: always fails"
            )

    def chat(self, chat: ChatCall, *, provider: str) -> Answer:
        """Answer one chat call; bad input is a 400, a fail route its status."""
        route = self.resolve(chat.model, "chat")
        scripted = self.scripted
        policy = route.policy

        def decide(request: Request, call: Call) -> Reply:
            if isinstance(policy, Unscripted) and scripted is not None:
                return scripted_reply(scripted, request, call)
            if policy is None:  # pragma: no cover - fail routes are gated before
                raise ProviderError(500, f"fakes/{route.name} has no reply")
            return policy.reply(request)

        try:
            request = make_request(chat.turns, chat.options, tools=chat.tools, stop=chat.stop)
            call, response = respond(
                request,
                decide,
                log=self.calls,
                model=chat.model,
                name=f"model {chat.model!r}",
                streamed=chat.stream,
                kwargs={"model": chat.model, "provider": provider, **chat.options},
                raw=chat.raw,
                gate=lambda call: self._gate(chat.model, route),
            )
        except (InvalidInputError, ScriptExhaustedError) as error:
            raise ProviderError(400, str(error)) from error
        except ProviderError:
            raise
        except Exception as error:  # a scripted exception: its status, else a 500
            raise ProviderError(_status(error), str(error)) from error
        created = int(time.time())
        answer_id = response_id("", created, chat.model, call.turns, request.stop, chat.options)
        return Answer(call, response, answer_id, created)

    def embed(
        self, model: str, texts: Sequence[str], *, dimensions: Any, provider: str
    ) -> tuple[list[list[float]], int]:
        """Return one vector per text and the tokens counted; log the call."""
        route = self.resolve(model, "embedding")
        turns = tuple(Turn(role="user", text=text) for text in texts)
        self.calls.record(turns, kwargs={"model": model, "provider": provider}, raw=list(texts))
        self._gate(model, route)
        size = dimensions if dimensions is not None else (route.dimensions or 16)
        if isinstance(size, bool) or not isinstance(size, int) or size < 1:
            raise ProviderError(400, f"dimensions must be a positive int, got {size!r}")
        vectors = [embedding_vector(text, size) for text in texts]
        return vectors, sum(count_tokens(text) for text in texts)

    def image(
        self, model: str, prompt: Any, options: Mapping[str, Any], *, provider: str
    ) -> list[dict[str, str]]:
        """Return the images of one generation call (data: URLs or ``b64_json``); log it."""
        route = self.resolve(model, "image")
        if not isinstance(prompt, str):
            raise ProviderError(400, f"prompt must be a string, got {type(prompt).__name__}")
        turns = (Turn(role="user", text=prompt),)
        self.calls.record(
            turns, kwargs={"model": model, "provider": provider, **options}, raw=prompt
        )
        self._gate(model, route)
        return image_data(prompt, options, f"model {model!r}")
