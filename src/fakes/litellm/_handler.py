"""The ``fakes`` provider: one LiteLLM ``CustomLLM`` handler, routed by model name."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import Any, Literal, NamedTuple, TypeGuard

import litellm
from litellm.llms.custom_llm import CustomLLM
from litellm.types.utils import (
    Choices,
    EmbeddingResponse,
    GenericStreamingChunk,
    ImageObject,
    ImageResponse,
    Message,
    ModelResponse,
)
from litellm.types.utils import Usage as LiteLLMUsage

from fakes.core import (
    Call,
    CallLog,
    Chunking,
    Echo,
    FaultPlan,
    InvalidInputError,
    Policy,
    Reply,
    Request,
    ToolPlanner,
    Turn,
    UnixTime,
    Usage,
    apply_stop,
    count_tokens,
    normalize_tool_schema,
    split_text,
)
from fakes.litellm._convert import (
    embedding_vector,
    png_base64,
    response_id,
    stop_list,
    to_turns,
)
from fakes.litellm._errors import FakesProviderError
from fakes.litellm._routes import Route, resolve

__all__ = ["FakesHandler", "FaultSchedule"]

_MAX_IMAGE_SIDE = 4096

# What LiteLLM puts on the model_response it hands a handler; never mutated.
_BLANK_USAGE = LiteLLMUsage()

# The policies are stateless frozen dataclasses, so every call can share one.
_ECHO = Echo()
_UNIX_TIME = UnixTime()
_TOOL_PLANNER = ToolPlanner()


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


_FinishReason = Literal["stop", "length", "tool_calls"]


class _Rendered(NamedTuple):
    """A chat reply after stop sequences, length limits and usage accounting.

    A NamedTuple rather than a frozen dataclass: as immutable, and built for
    every call at a third of the cost.
    """

    route: Route
    call: Call
    reply: Reply
    text: str
    finish_reason: _FinishReason
    usage: Usage
    created: int
    id: str


class _StreamChunk(dict[str, Any]):
    """A ``GenericStreamingChunk`` that also carries the response id.

    LiteLLM's stream wrapper adopts ``chunk.id`` when a chunk has one, so the
    streamed response gets the same deterministic id as the non-streamed one
    instead of a random uuid.
    """

    id: str


class FakesHandler(CustomLLM):
    """LiteLLM handler for provider ``fakes``, routed by model name.

    ==========================  ==================================================
    ``fakes/parrot``            echo the last message (the ParrotChat core)
    ``fakes/unixtime``          ``str(int(time.time()))``; freeze it with freezegun
    ``fakes/tools``             the tool-calling rules (the ToolCallingChat core)
    ``fakes/embed``             deterministic unit vectors, ``embedding_dimensions``
    ``fakes/embed-<n>``         the same with vectors of length ``n``
    ``fakes/image``             a deterministic solid-colour PNG per prompt
    ``fakes/fail-<status>``     always raises what LiteLLM maps ``<status>`` to
    ==========================  ==================================================

    Every call is recorded in :attr:`calls`. ``faults`` (a :class:`FaultSchedule`)
    fails the first calls; ``fault`` (a :class:`~fakes.core.FaultPlan`) fails a
    given call or a given chunk of a stream. Install it with
    :func:`fakes.litellm.register`.
    """

    def __init__(
        self,
        *,
        embedding_dimensions: int = 16,
        chunking: Chunking = "char",
        faults: FaultSchedule | None = None,
        fault: FaultPlan | None = None,
        provider: str = "fakes",
    ) -> None:
        super().__init__()
        if isinstance(embedding_dimensions, bool) or embedding_dimensions < 1:
            raise InvalidInputError(
                f"embedding_dimensions must be a positive int, got {embedding_dimensions!r}"
            )
        split_text("", chunking)  # validates chunking now rather than on the first stream
        self.embedding_dimensions = embedding_dimensions
        """Length of ``fakes/embed`` vectors unless a call passes ``dimensions=``."""
        self.chunking: Chunking = chunking
        """How streamed text and tool arguments are cut: "char", "word" or a size."""
        self.faults = faults
        """Fail the first calls with a status (retries, Router fallbacks)."""
        self.fault = fault
        """Fail a given call, or a given chunk of a stream."""
        self.provider = provider
        """Provider name used in messages when LiteLLM does not pass one."""
        self.calls = CallLog()
        """Every call this handler received, in order."""

    # -- configuration --------------------------------------------------------

    def fail_first(
        self, count: int, status: int = 429, message: str | None = None
    ) -> FaultSchedule:
        """Make the next ``count`` calls fail with ``status``; returns the schedule."""
        self.faults = FaultSchedule(count, status, message)
        return self.faults

    def reset(self) -> None:
        """Forget recorded calls and scheduled faults."""
        self.calls.clear()
        self.faults = None
        self.fault = None

    # -- the shared flow ----------------------------------------------------------

    def _provider(self, kwargs: Mapping[str, Any]) -> str:
        params = kwargs.get("litellm_params")
        if isinstance(params, Mapping):
            provider = params.get("custom_llm_provider")
            if isinstance(provider, str) and provider:
                return provider
        return self.provider

    def _policy(self, route: Route) -> Policy:
        """Pick the reply policy of a chat route; subclasses may route differently."""
        if route.name == "unixtime":
            return _UNIX_TIME
        if route.name == "tools":
            return _TOOL_PLANNER
        return _ECHO

    def _route(self, kwargs: Mapping[str, Any], kind: str) -> tuple[Route, str]:
        provider = self._provider(kwargs)
        model = kwargs.get("model")
        if not isinstance(model, str):
            raise FakesProviderError(400, f"model must be a string, got {type(model).__name__}")
        route = resolve(model, provider)
        route.check_kind(kind, provider)  # type: ignore[arg-type]
        return route, provider

    def _gate(self, route: Route, provider: str, call: Call) -> None:
        """Scheduled faults, fail routes and injected faults, in that order."""
        if self.faults is not None:
            self.faults.check(f"{provider}/{route.name} call #{call.number}")
        if route.status is not None:
            # No call number here: through a shared proxy it would depend on test order.
            raise FakesProviderError(
                route.status, f"{provider}/{route.name} always fails with HTTP {route.status}"
            )
        if self.fault is not None:
            self.fault.check_call(call.number)

    def _chat(self, kwargs: Mapping[str, Any], *, streamed: bool) -> _Rendered:
        route, provider = self._route(kwargs, "chat")
        optional: dict[str, Any] = dict(kwargs.get("optional_params") or {})
        messages = kwargs.get("messages")
        try:
            turns = to_turns(messages)
            stop = stop_list(optional.pop("stop", None))
        except InvalidInputError as error:
            raise FakesProviderError(400, f"{provider}/{route.name}: {error}") from error
        optional.pop("stream", None)
        optional.pop("stream_options", None)
        call = self.calls.record(
            turns,
            stop=stop,
            streamed=streamed,
            kwargs={"model": f"{provider}/{route.name}", **optional},
            raw=messages,
        )
        self._gate(route, provider, call)
        if not turns:
            raise FakesProviderError(
                400, f"{provider}/{route.name} was called with an empty list of messages"
            )
        try:
            request = Request(
                turns=turns,
                tools=_tools(optional.get("tools")),
                tool_choice=optional.get("tool_choice"),
                options={k: v for k, v in optional.items() if k not in ("tools", "tool_choice")},
            )
            reply = self._policy(route).reply(request)
            text, cut = apply_stop(reply.text, stop)
        except InvalidInputError as error:
            raise FakesProviderError(400, f"{provider}/{route.name}: {error}") from error
        finish_reason: _FinishReason = "tool_calls" if reply.tool_calls else "stop"
        max_tokens = optional.get("max_completion_tokens") or optional.get("max_tokens")
        if isinstance(max_tokens, int) and not cut and count_tokens(text) > max_tokens:
            # One token per character, so the limit cuts characters.
            text, finish_reason = text[:max_tokens], "length"
        created = int(time.time())
        return _Rendered(
            route=route,
            call=call,
            reply=reply,
            text=text,
            finish_reason=finish_reason,
            usage=Usage.of(turns, text, reply),
            created=created,
            id=response_id("chatcmpl-", created, route.name, call.turns, stop, _hashable(optional)),
        )

    def _model_response(self, rendered: _Rendered, into: object = None) -> ModelResponse:
        """Write the chat completion into LiteLLM's own ``model_response`` when given.

        LiteLLM hands every handler a fresh ``ModelResponse`` and fills it in for
        its built-in providers and ``mock_response``. Writing a few attributes of
        that one costs far less than validating a second response (whose
        constructor also rebuilds the ``Usage`` it is given), and LiteLLM's
        hidden params on it (``custom_llm_provider``) survive, as for its own
        providers. Anything else gets a new ``ModelResponse``, filled alike.
        """
        response = into if _is_blank(into) else ModelResponse()
        choice = response.choices[0]
        choice.finish_reason = rendered.finish_reason
        if rendered.reply.tool_calls:
            choice.message = Message(
                content=rendered.text or None,
                role="assistant",
                tool_calls=[
                    {
                        "id": call.id,
                        "type": "function",
                        "function": {
                            "name": call.name,
                            "arguments": json.dumps(call.args, ensure_ascii=False),
                        },
                    }
                    for call in rendered.reply.tool_calls
                ],
            )
        else:
            choice.message.content = rendered.text
        response.id = rendered.id
        response.created = rendered.created
        response.model = rendered.route.name
        _set_usage(response, rendered.usage)
        return response

    def _chunks(self, rendered: _Rendered) -> Iterator[GenericStreamingChunk]:
        """Text pieces, then each tool call (name first, then argument pieces), then the end.

        The usage of the whole reply rides on the final chunk, as OpenAI sends it.
        """
        index = 0

        def make(text: str, tool_use: dict[str, Any] | None = None, **end: Any) -> _StreamChunk:
            nonlocal index
            if self.fault is not None:
                self.fault.check_chunk(rendered.call.number, index)
            index += 1
            chunk = _StreamChunk(
                text=text,
                tool_use=tool_use,
                is_finished=False,
                finish_reason="",
                usage=None,
                index=0,
            )
            chunk.update(end)
            chunk.id = rendered.id
            return chunk

        for piece in split_text(rendered.text, self.chunking):
            yield make(piece)  # type: ignore[misc]
        for position, call in enumerate(rendered.reply.tool_calls):
            yield make(  # type: ignore[misc]
                "",
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": ""},
                    "index": position,
                },
            )
            arguments = json.dumps(call.args, ensure_ascii=False)
            for piece in split_text(arguments, self.chunking):
                yield make(  # type: ignore[misc]
                    "",
                    {
                        "id": None,
                        "type": "function",
                        "function": {"name": None, "arguments": piece},
                        "index": position,
                    },
                )
        usage = rendered.usage
        yield make(  # type: ignore[misc]
            "",
            is_finished=True,
            finish_reason=rendered.finish_reason,
            usage={
                "prompt_tokens": usage.input_tokens,
                "completion_tokens": usage.output_tokens,
                "total_tokens": usage.total_tokens,
            },
        )

    # -- chat ---------------------------------------------------------------------

    def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        """Answer a chat completion (``litellm.completion``)."""
        return self._model_response(
            self._chat(kwargs, streamed=False), kwargs.get("model_response")
        )

    async def acompletion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        """Answer a chat completion (``litellm.acompletion``)."""
        return self._model_response(
            self._chat(kwargs, streamed=False), kwargs.get("model_response")
        )

    def streaming(self, *args: Any, **kwargs: Any) -> Iterator[GenericStreamingChunk]:
        """Stream a chat completion as ``GenericStreamingChunk`` dicts.

        The call is checked and recorded before the first chunk is asked for, so
        errors (fail routes, faults, bad input) reach the caller at call time,
        where Router fallbacks and retries see them.
        """
        return self._chunks(self._chat(kwargs, streamed=True))

    # LiteLLM annotates astreaming as a coroutine, but never awaits it: it wraps
    # whatever the call returns in its stream wrapper and iterates it with
    # `async for`. Returning a real async generator from a plain method lets
    # errors surface at call time, like an HTTP error status before any chunk,
    # so `acompletion(stream=True)` raises RateLimitError (not LiteLLM's
    # MidStreamFallbackError) and Router fallbacks and retries apply.
    def astreaming(  # type: ignore[override]
        self, *args: Any, **kwargs: Any
    ) -> AsyncIterator[GenericStreamingChunk]:
        """Stream a chat completion asynchronously, as a native async generator.

        Like :meth:`streaming`, the call is checked and recorded first; the
        returned async generator then yields the chunks.
        """
        return _aiterate(self._chunks(self._chat(kwargs, streamed=True)))

    # -- embeddings ---------------------------------------------------------------

    def _embed(self, kwargs: Mapping[str, Any]) -> EmbeddingResponse:
        route, provider = self._route(kwargs, "embedding")
        optional: dict[str, Any] = dict(kwargs.get("optional_params") or {})
        raw = kwargs.get("input")
        try:
            texts = _embedding_texts(raw)
        except InvalidInputError as error:
            raise FakesProviderError(400, f"{provider}/{route.name}: {error}") from error
        turns = tuple(Turn(role="user", text=text) for text in texts)
        call = self.calls.record(
            turns, kwargs={"model": f"{provider}/{route.name}", **optional}, raw=raw
        )
        self._gate(route, provider, call)
        dimensions = optional.get("dimensions", route.dimensions or self.embedding_dimensions)
        if isinstance(dimensions, bool) or not isinstance(dimensions, int) or dimensions < 1:
            raise FakesProviderError(
                400,
                f"{provider}/{route.name}: dimensions must be a positive int, got {dimensions!r}",
            )
        tokens = sum(count_tokens(text) for text in texts)
        response = kwargs.get("model_response")
        if not isinstance(response, EmbeddingResponse):
            response = EmbeddingResponse()
        response.model = route.name
        response.object = "list"
        response.data = [
            {"object": "embedding", "index": index, "embedding": embedding_vector(text, dimensions)}
            for index, text in enumerate(texts)
        ]
        response.usage = litellm.Usage(
            prompt_tokens=tokens, completion_tokens=0, total_tokens=tokens
        )
        return response

    def embedding(self, *args: Any, **kwargs: Any) -> EmbeddingResponse:
        """Embed texts (``litellm.embedding``)."""
        return self._embed(kwargs)

    async def aembedding(self, *args: Any, **kwargs: Any) -> EmbeddingResponse:
        """Embed texts (``litellm.aembedding``)."""
        return self._embed(kwargs)

    # -- images -------------------------------------------------------------------

    def _image(self, kwargs: Mapping[str, Any]) -> ImageResponse:
        route, provider = self._route(kwargs, "image")
        optional: dict[str, Any] = dict(kwargs.get("optional_params") or {})
        prompt = kwargs.get("prompt")
        if not isinstance(prompt, str):
            raise FakesProviderError(
                400,
                f"{provider}/{route.name}: prompt must be a string, got {type(prompt).__name__}",
            )
        call = self.calls.record(
            (Turn(role="user", text=prompt),),
            kwargs={"model": f"{provider}/{route.name}", **optional},
            raw=prompt,
        )
        self._gate(route, provider, call)
        width, height = _image_size(optional.get("size"), f"{provider}/{route.name}")
        count = optional.get("n") or 1
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise FakesProviderError(
                400, f"{provider}/{route.name}: n must be a positive int, got {count!r}"
            )
        as_url = optional.get("response_format", "url") == "url"
        images: list[ImageObject] = []
        for index in range(count):
            encoded = png_base64(width, height, f"{index}:{prompt}")
            if as_url:
                # A data: URL, so the image is usable without any download.
                images.append(
                    ImageObject(url=f"data:image/png;base64,{encoded}", revised_prompt=prompt)
                )
            else:
                images.append(ImageObject(b64_json=encoded, revised_prompt=prompt))
        return ImageResponse(created=int(time.time()), data=images)

    def image_generation(self, *args: Any, **kwargs: Any) -> ImageResponse:
        """Generate images (``litellm.image_generation``)."""
        return self._image(kwargs)

    async def aimage_generation(self, *args: Any, **kwargs: Any) -> ImageResponse:
        """Generate images (``litellm.aimage_generation``)."""
        return self._image(kwargs)


async def _aiterate(
    chunks: Iterator[GenericStreamingChunk],
) -> AsyncIterator[GenericStreamingChunk]:
    for chunk in chunks:
        yield chunk


def _is_blank(response: object) -> TypeGuard[ModelResponse]:
    """Whether ``response`` is an untouched ``ModelResponse()``, safe to fill in.

    That is what LiteLLM passes as ``model_response``; anything else (a caller's
    own object, a response already used) is left alone and a new one is built.
    """
    if type(response) is not ModelResponse:
        return False
    choices = response.choices
    if len(choices) != 1 or type(choices[0]) is not Choices:
        return False
    message = choices[0].message
    return (
        type(message) is Message
        and message.content is None
        and message.tool_calls is None
        and message.function_call is None
    )


def _set_usage(response: ModelResponse, usage: Usage) -> None:
    """Give ``response`` the token counts, in LiteLLM's blank ``Usage`` when it has one.

    LiteLLM puts a fresh all-zero ``Usage()`` on the ``model_response`` it hands
    over; three attribute writes cost a fifth of validating a new one.
    """
    current = getattr(response, "usage", None)
    if not _is_blank_usage(current):
        response.usage = current = LiteLLMUsage()  # type: ignore[attr-defined]
    current.prompt_tokens = usage.input_tokens
    current.completion_tokens = usage.output_tokens
    current.total_tokens = usage.total_tokens


def _is_blank_usage(usage: object) -> TypeGuard[LiteLLMUsage]:
    if type(usage) is not LiteLLMUsage:
        return False
    blank = _BLANK_USAGE
    return (
        usage.__dict__ == blank.__dict__
        and usage.__pydantic_private__ == blank.__pydantic_private__
        and usage.__pydantic_extra__ == blank.__pydantic_extra__
    )


def _hashable(options: Mapping[str, Any]) -> dict[str, Any]:
    # Keep only JSON-friendly options in the id; clients and callbacks are not input.
    return {
        k: v
        for k, v in options.items()
        if isinstance(v, (str, int, float, bool, list, dict, type(None)))
    }


def _tools(raw: Any) -> tuple[dict[str, Any], ...]:
    if not raw:
        return ()
    if not isinstance(raw, (list, tuple)):
        raise InvalidInputError(
            f"tools must be a list of tool definitions, got {type(raw).__name__}"
        )
    return tuple(normalize_tool_schema(tool) for tool in raw)


def _embedding_texts(raw: Any) -> list[str]:
    if isinstance(raw, str):
        return [raw]
    if not isinstance(raw, (list, tuple)) or not raw:
        raise InvalidInputError("input must be a string or a non-empty list of strings")
    if all(isinstance(item, int) and not isinstance(item, bool) for item in raw):
        return [" ".join(map(str, raw))]  # one pre-tokenized input
    texts: list[str] = []
    for index, item in enumerate(raw):
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, list) and all(isinstance(token, int) for token in item):
            texts.append(" ".join(map(str, item)))
        else:
            raise InvalidInputError(f"input #{index} is a {type(item).__name__}, not a string")
    return texts


def _image_size(size: Any, where: str) -> tuple[int, int]:
    if size is None or size == "auto":
        return 256, 256
    if isinstance(size, str):
        width, _, height = size.partition("x")
        if width.isdigit() and height.isdigit():
            w, h = int(width), int(height)
            if 1 <= w <= _MAX_IMAGE_SIDE and 1 <= h <= _MAX_IMAGE_SIDE:
                return w, h
    raise FakesProviderError(
        400, f"{where}: size must be 'WIDTHxHEIGHT' (each 1-{_MAX_IMAGE_SIDE}), got {size!r}"
    )
