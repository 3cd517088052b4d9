"""The ``fakes`` provider: one LiteLLM ``CustomLLM`` handler, routed by model name."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping, Sequence
from typing import Any, NamedTuple, NoReturn, TypeVar

import litellm
from litellm.llms.custom_llm import CustomLLM
from litellm.types.utils import (
    EmbeddingResponse,
    GenericStreamingChunk,
    ImageObject,
    ImageResponse,
    ModelResponse,
)

from fakes.core import (
    Call,
    CallLog,
    Chunking,
    FaultPlan,
    InvalidInputError,
    Latency,
    Policy,
    ReasoningSetting,
    Replies,
    Reply,
    Request,
    Response,
    RouteError,
    ScriptExhaustedError,
    Turn,
    check_reasoning,
    count_tokens,
    deliver,
    make_request,
    normalize_tools,
    respond,
    split_text,
)
from fakes.core._latency import time_is_frozen
from fakes.core._media import embedding_vector
from fakes.litellm._errors import FakesProviderError
from fakes.litellm._faults import FaultSchedule
from fakes.litellm._render import model_response, streaming_chunks
from fakes.routes import Kind, Route, Unscripted, resolve
from fakes.wire._openai_images import edit_sources, image_data
from fakes.wire._openai_messages import response_id, to_turns
from fakes.wire._openai_script import scripted_replies, scripted_reply

__all__ = ["FakesHandler", "FaultSchedule"]

T = TypeVar("T")


class FakesHandler(CustomLLM):
    """LiteLLM handler for provider ``fakes``, routed by model name.

    The model names (``fakes/parrot``, ``fakes/embed-<n>``, ``fakes/fail-<status>``,
    ...) and what each does are the route table, :data:`fakes.routes.ROUTES`;
    ``fakes routes`` prints it. A chat route answers with the route's policy.

    Every call is recorded in :attr:`calls`. ``fail_schedule`` (a
    :class:`FaultSchedule`, also set by :meth:`fail_first`) fails the first calls
    with an HTTP status; ``fault`` (a :class:`~fakes.core.FaultPlan`, as on the
    LangChain fakes) fails a given call or a given chunk of a stream. ``latency`` and
    ``reasoning`` work as on the LangChain fakes. Install it with
    :func:`fakes.litellm.register`.
    """

    def __init__(
        self,
        *,
        embedding_dimensions: int = 16,
        chunking: Chunking = "word",
        fail_schedule: FaultSchedule | None = None,
        fault: FaultPlan | None = None,
        provider: str = "fakes",
        latency: Latency | None = None,
        reasoning: ReasoningSetting = None,
        call_log_limit: int | None = None,
    ) -> None:
        super().__init__()
        if isinstance(embedding_dimensions, bool) or embedding_dimensions < 1:
            raise InvalidInputError(
                f"embedding_dimensions must be a positive int, got {embedding_dimensions!r}"
            )
        split_text("", chunking)  # validates chunking now rather than on the first stream
        if latency is not None and not isinstance(latency, Latency):
            raise InvalidInputError(f"latency must be a fakes.core.Latency, got {latency!r}")
        self.embedding_dimensions = embedding_dimensions
        """Length of ``fakes/embed`` vectors unless a call passes ``dimensions=``."""
        self.chunking: Chunking = chunking
        """How streamed text and tool arguments are cut: "word" (default: a long reply
        streams in reasonable time through LiteLLM, ~1-2 ms per chunk), "char" or a size."""
        self.fail_schedule = fail_schedule
        """Fail the first calls with an HTTP status (retries, Router fallbacks)."""
        self.fault = fault
        """Fail a given call, or a given chunk of a stream."""
        self.provider = provider
        """Provider name used in messages when LiteLLM does not pass one."""
        self.latency = latency
        """Take time before the first chunk and between chunks (a frozen clock moves instead)."""
        self.reasoning = check_reasoning(reasoning)
        """What chat replies think first (``message.reasoning_content``); a call's
        ``reasoning_effort`` turns it on for that call."""
        self.calls = CallLog(limit=call_log_limit)
        """Every call this handler received, in order; only the last ``call_log_limit``
        when set (each record holds the call's input, about 1.3 KB for a short prompt)."""
        self.scripted: Replies | None = None
        """The replies of ``fakes/script``, set by :meth:`script`."""

    # -- configuration --------------------------------------------------------

    def fail_first(
        self, count: int, status: int = 429, message: str | None = None
    ) -> FaultSchedule:
        """Make the next ``count`` calls fail with ``status``; returns the schedule."""
        self.fail_schedule = FaultSchedule(count, status, message)
        return self.fail_schedule

    def script(self, replies: Sequence[Any], *, cycle: bool = False) -> Replies:
        """Make calls to ``fakes/script`` answer from ``replies``, in order, one per call.

        A reply is a ``str``, an OpenAI-style assistant message dict (``content``,
        ``tool_calls`` with JSON ``arguments``, ``reasoning_content``), an exception
        instance, which that call raises (a :class:`FakesProviderError` with a status
        becomes LiteLLM's exception for it, e.g. 429 ``RateLimitError``), or a
        callable that receives the call record (:class:`fakes.Call`) and returns
        one of those. A call past the end is a 400 naming the call number;
        ``cycle=True`` repeats the script instead. Replaces any earlier script.
        """
        self.scripted = scripted_replies(replies, cycle=cycle)
        return self.scripted

    def reset(self) -> None:
        """Forget recorded calls, scheduled faults and the script."""
        self.calls.clear()
        self.fail_schedule = None
        self.fault = None
        self.scripted = None

    # -- the shared flow ----------------------------------------------------------

    def _provider(self, kwargs: Mapping[str, Any]) -> str:
        params = kwargs.get("litellm_params")
        if isinstance(params, Mapping):
            provider = params.get("custom_llm_provider")
            if isinstance(provider, str) and provider:
                return provider
        return self.provider

    def _policy(self, route: Route) -> Policy:
        """Pick the reply policy of a chat route (the table's); subclasses may route differently.

        A fail route has none and needs none: :meth:`_gate` raises before any reply.
        """
        return route.policy or _NoReply(route.name)

    def _decide(self, route: Route) -> Callable[[Request, Call], Reply]:
        """Return what answers a chat call: the script for ``fakes/script``, else the policy."""
        if isinstance(route.policy, Unscripted) and self.scripted is not None:
            replies = self.scripted
            return lambda request, call: scripted_reply(replies, request, call)
        policy = self._policy(route)
        return lambda request, call: policy.reply(request)

    def _route(self, kwargs: Mapping[str, Any], kind: Kind) -> tuple[Route, str]:
        """Resolve the call's model in the route table; unknown is a 404, wrong kind a 400."""
        provider = self._provider(kwargs)
        model = kwargs.get("model")
        if not isinstance(model, str):
            raise FakesProviderError(400, f"model must be a string, got {type(model).__name__}")
        try:
            route = resolve(model, provider)
            route.check_kind(kind, provider)
        except RouteError as error:
            raise FakesProviderError(error.status, str(error)) from error
        return route, provider

    def _gate(self, route: Route, provider: str, call: Call) -> None:
        """Scheduled failures, then fail routes: the provider's own errors."""
        if self.fail_schedule is not None:
            self.fail_schedule.check(f"{provider}/{route.name} call #{call.number}")
        if route.status is not None:
            # No call number here: through a shared proxy it would depend on test order.
            raise FakesProviderError(
                route.status, f"{provider}/{route.name} always fails with HTTP {route.status}"
            )

    def _admit(self, route: Route, provider: str, call: Call) -> None:
        """Gate, then the injected fault: for the calls outside the chat pipeline."""
        self._gate(route, provider, call)
        if self.fault is not None:
            self.fault.check_call(call.number)

    def _chat(self, kwargs: Mapping[str, Any], *, streamed: bool) -> _Chat:
        """Run one chat call through the core pipeline; bad input is a 400."""
        route, provider = self._route(kwargs, "chat")
        where = f"{provider}/{route.name}"
        optional: dict[str, Any] = dict(kwargs.get("optional_params") or {})
        optional.pop("stream", None)
        optional.pop("stream_options", None)
        stop = optional.pop("stop", None)  # the call record keeps it apart, as Call.stop
        effort = _reasoning_effort(kwargs)
        if effort is not None:
            optional.setdefault("reasoning_effort", effort)
        messages = kwargs.get("messages")
        decide = self._decide(route)
        try:
            request = make_request(
                to_turns(messages),
                optional,
                tools=normalize_tools(optional.get("tools")),
                stop=stop,
            )
            call, response = respond(
                request,
                decide,
                log=self.calls,
                model=route.name,
                name="the model",  # the 400 below names the route
                streamed=streamed,
                kwargs={"model": where, **optional},
                raw=messages,
                fault=self.fault,
                gate=lambda call: self._gate(route, provider, call),
                reasoning=self.reasoning,
            )
        except (InvalidInputError, ScriptExhaustedError) as error:
            raise FakesProviderError(400, f"{where}: {error}") from error
        created = int(time.time())
        chat_id = response_id(
            "chatcmpl-", created, route.name, call.turns, request.stop, _hashable(optional)
        )
        return _Chat(call, response, chat_id, created)

    def _chunks(self, chat: _Chat) -> Iterator[GenericStreamingChunk]:
        pieces = deliver(chat.call, chat.response, self.chunking, self.fault)
        return streaming_chunks(pieces, chat.response, response_id=chat.id)

    # -- chat ---------------------------------------------------------------------

    def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        """Answer a chat completion (``litellm.completion``)."""
        chat = self._chat(kwargs, streamed=False)
        if self.latency is not None:
            self.latency.wait_reply(chat.response, self.chunking)
        return chat.model_response(kwargs.get("model_response"))

    # The pipeline of an async call runs in a worker thread: through `fakes serve`
    # a heavy prompt then holds a thread, not the proxy's event loop, and the proxy
    # keeps answering others. The hop costs tens of microseconds next to LiteLLM's
    # own milliseconds per call (the sync methods, benchmarked, stay as they are).
    # astreaming needs no hop: LiteLLM calls it in its own thread pool.
    async def acompletion(self, *args: Any, **kwargs: Any) -> ModelResponse:
        """Answer a chat completion (``litellm.acompletion``)."""
        chat = await _off_loop(self._chat, kwargs, streamed=False)
        if self.latency is not None:
            await self.latency.await_reply(chat.response, self.chunking)
        return chat.model_response(kwargs.get("model_response"))

    def streaming(self, *args: Any, **kwargs: Any) -> Iterator[GenericStreamingChunk]:
        """Stream a chat completion as ``GenericStreamingChunk`` dicts.

        The call is checked and recorded before the first chunk is asked for, so
        errors (fail routes, faults, bad input) reach the caller at call time,
        where Router fallbacks and retries see them.
        """
        chunks = self._chunks(self._chat(kwargs, streamed=True))
        return chunks if self.latency is None else self.latency.pace(chunks)

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
        chunks = self._chunks(self._chat(kwargs, streamed=True))
        return _aiterate(chunks) if self.latency is None else self.latency.apace(chunks)

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
        self._admit(route, provider, call)
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
        return await _off_loop(self._embed, kwargs)

    # -- images -------------------------------------------------------------------

    def _image_call(self, kwargs: Mapping[str, Any], prompt: Any, raw: Any) -> tuple[str, str]:
        """Route, check and record an image call; return where it went and its prompt."""
        route, provider = self._route(kwargs, "image")
        where = f"{provider}/{route.name}"
        if not isinstance(prompt, str):
            raise FakesProviderError(
                400, f"{where}: prompt must be a string, got {type(prompt).__name__}"
            )
        # An edit's optional_params are all its call's arguments, LiteLLM's own included.
        optional = _hashable(kwargs.get("optional_params") or {})
        optional = {k: v for k, v in optional.items() if not k.startswith("litellm_")}
        call = self.calls.record(
            (Turn(role="user", text=prompt),), kwargs={"model": where, **optional}, raw=raw
        )
        self._admit(route, provider, call)
        return where, prompt

    def _image(self, kwargs: Mapping[str, Any]) -> ImageResponse:
        prompt = kwargs.get("prompt")
        where, prompt = self._image_call(kwargs, prompt, prompt)
        return _bad_input_is_400(
            lambda: _images(image_data(prompt, kwargs.get("optional_params") or {}, where))
        )

    def _image_edit(self, kwargs: Mapping[str, Any]) -> ImageResponse:
        # LiteLLM passes an edit's own call options as optional_params, the image apart.
        optional = kwargs.get("optional_params") or {}
        where, prompt = self._image_call(kwargs, kwargs.get("prompt"), kwargs.get("image"))

        def edit() -> ImageResponse:
            source, size = edit_sources(kwargs.get("image"), where)
            return _images(image_data(prompt, optional, where, source=source, size=size))

        return _bad_input_is_400(edit)

    def image_generation(self, *args: Any, **kwargs: Any) -> ImageResponse:
        """Generate images (``litellm.image_generation``)."""
        return self._image(kwargs)

    async def aimage_generation(self, *args: Any, **kwargs: Any) -> ImageResponse:
        """Generate images (``litellm.aimage_generation``)."""
        return await _off_loop(self._image, kwargs)

    def image_edit(self, *args: Any, **kwargs: Any) -> ImageResponse:
        """Edit images (``litellm.image_edit``): a PNG derived from the image bytes and prompt.

        The size is the call's ``size``, else the input PNG's own, else 256x256.
        """
        return self._image_edit(kwargs)

    async def aimage_edit(self, *args: Any, **kwargs: Any) -> ImageResponse:
        """Edit images (``litellm.aimage_edit``), as :meth:`image_edit`."""
        return await _off_loop(self._image_edit, kwargs)


async def _off_loop(function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Run ``function`` in a worker thread, so a heavy input never blocks the event loop.

    Not while freezegun has frozen time: freezegun gives code called from a thread the
    real clock, so ``created`` and ``fakes/unixtime`` would stop following the frozen one.
    """
    if time_is_frozen():
        return function(*args, **kwargs)
    return await asyncio.to_thread(function, *args, **kwargs)


# Chunks between two suspensions of _aiterate. Nothing between the handler and
# the socket suspends on its own (LiteLLM's stream wrapper, the proxy's SSE
# generator, uvicorn's send while the socket takes the bytes), so without this a
# stream holds the event loop to its end: the proxy neither sees a client that
# went away nor answers anyone else. 8 chunks cost about 3 ms through the proxy.
_CHUNKS_PER_SUSPENSION = 8


async def _aiterate(
    chunks: Iterator[GenericStreamingChunk],
) -> AsyncIterator[GenericStreamingChunk]:
    # Each chunk is made when asked for, so a cancelled stream (the proxy cancels
    # it at the next suspension when its client disconnects) leaves nothing to do.
    for index, chunk in enumerate(chunks, 1):
        yield chunk
        if index % _CHUNKS_PER_SUSPENSION == 0:
            await asyncio.sleep(0)


def _images(data: list[dict[str, str]]) -> ImageResponse:
    return ImageResponse(created=int(time.time()), data=[ImageObject(**item) for item in data])


def _bad_input_is_400(answer: Callable[[], T]) -> T:
    try:
        return answer()
    except InvalidInputError as error:
        raise FakesProviderError(400, str(error)) from error


class _Chat(NamedTuple):
    """One answered chat call: its record, the neutral response, and its id and time."""

    call: Call
    response: Response
    id: str
    created: int

    def model_response(self, into: object = None) -> ModelResponse:
        """Render the completion, into LiteLLM's ``model_response`` when given."""
        return model_response(self.response, response_id=self.id, created=self.created, into=into)


def _reasoning_effort(kwargs: Mapping[str, Any]) -> Any:
    """Return the call's ``reasoning_effort``, which LiteLLM keeps out of ``optional_params``.

    LiteLLM maps a custom provider's options as an OpenAI-like API's, which takes no
    ``reasoning_effort`` (``register()`` only stops it from refusing the call), so the
    value is read where LiteLLM keeps the call's own arguments: its logging object.
    """
    logging_obj = kwargs.get("logging_obj")
    details = getattr(logging_obj, "model_call_details", None)
    return details.get("reasoning_effort") if isinstance(details, Mapping) else None


def _hashable(options: Mapping[str, Any]) -> dict[str, Any]:
    # Keep only JSON-friendly options in the id; clients and callbacks are not input.
    return {
        k: v
        for k, v in options.items()
        if isinstance(v, (str, int, float, bool, list, dict, type(None)))
    }


class _NoReply(NamedTuple):
    """The policy of a route that has no reply (a fail route fails before asking)."""

    route: str

    def reply(self, request: Request) -> NoReturn:
        """Refuse: this route answers no chat completion."""
        raise InvalidInputError(f"{self.route} gives no chat reply")


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
