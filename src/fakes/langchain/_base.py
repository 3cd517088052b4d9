"""The LangChain side of the pipeline: convert messages in, render the response out.

A fake answers in three steps, all of them in :func:`fakes.core.respond`: record
the call, ask a policy for a :class:`~fakes.core.Reply`, shape it into a
:class:`~fakes.core.Response`. This module only converts LangChain's input into
a :class:`~fakes.core.Request` and renders the response as a message (invoke)
or its stream plan as chunks (stream). Sync and async share the same pure
computation, so the async methods are native (no thread pool) and give
byte-for-byte the same output.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models import BaseChatModel, LangSmithParams
from langchain_core.language_models.llms import LLM
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult, GenerationChunk
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, SecretStr, field_validator
from typing_extensions import override

from fakes.core import (
    Call,
    CallLog,
    Chunking,
    FaultPlan,
    InvalidInputError,
    Latency,
    ReasoningSetting,
    Reply,
    Request,
    Response,
    ToolDef,
    Turn,
    check_max_tokens,
    check_reasoning,
    deliver,
    make_request,
    respond,
    split_text,
    stop_sequences,
)
from fakes.langchain._convert import to_turns
from fakes.langchain._percall import ls_params, option, stored_signature
from fakes.langchain._render import ai_message, chunk_renderer, logprobs_metadata

__all__ = ["BaseFakeChat", "BaseFakeLLM"]


def _stop_list(value: Any) -> list[str] | None:
    """Check default stop sequences as a call's are checked (one string is one sequence)."""
    sequences = stop_sequences(value)
    return None if sequences is None else list(sequences)


def _valid_chunking(value: Chunking) -> Chunking:
    """Reject a bad ``chunking`` at construction rather than in the middle of a stream."""
    split_text("", value)
    return value


# Not in the cache key: the name is there already, a secret never is, and the log's size,
# the client settings (as a provider's own models) and a latency shape no reply.
_NOT_KEYED = frozenset(
    {"model_name", "api_key", "call_log_limit", "timeout", "max_retries", "latency"}
)
# The standard parameters a call record shows when the model sets them (never api_key).
_LOGGED = ("temperature", "max_tokens", "timeout", "max_retries")


@lru_cache(maxsize=64)
def _reply_fields(cls: type[BaseModel]) -> tuple[str, ...]:
    """Name the fields a fake class adds to langchain-core's: what shapes its replies."""
    framework = {*BaseChatModel.model_fields, *LLM.model_fields}
    return tuple(
        name for name in cls.model_fields if name not in framework and name not in _NOT_KEYED
    )


class _FakeModel(BaseModel):
    """What every fake has, text or chat: the pipeline's settings and the call log."""

    # As langchain-core's models: a FaultPlan's error is any exception.
    model_config = ConfigDict(arbitrary_types_allowed=True)

    stop: list[str] | None = None
    """Default stop sequences, used when a call passes none."""
    max_tokens: int | None = None
    """Default most output tokens (characters) of the reply text; a call's own wins."""
    chunking: Chunking = "char"
    """How streamed text is cut: "char", "word" or a chunk size in characters."""
    fault: FaultPlan | None = None
    """Fail on a given call, or at a given chunk of a stream."""
    latency: Latency | None = None
    """Take time: before the first chunk and between chunks (``invoke`` waits as long as
    its stream would). Advances a frozen clock (``frozen_clock``) instead of sleeping."""
    temperature: float | None = None
    """Accepted as by any provider's model, and reported in the LangSmith params; no effect."""
    timeout: float | None = None
    """Accepted as by any provider's model; no effect (use ``latency`` to make a fake wait)."""
    max_retries: int | None = None
    """Accepted as by any provider's model; no effect (a fake does not retry)."""
    api_key: SecretStr | None = None
    """Accepted as by any provider's model, kept secret in ``repr``; never used."""
    call_log_limit: int | None = Field(default=None, strict=True)
    """Keep the last this many calls in :attr:`calls` (None: all; about 1.3 KB a call)."""

    _check_chunking = field_validator("chunking")(_valid_chunking)
    _check_max_tokens = field_validator("max_tokens", mode="before")(check_max_tokens)
    _check_stop = field_validator("stop", mode="before")(_stop_list)

    _calls: CallLog = PrivateAttr(default_factory=CallLog)
    # Whether a stream ends with a final metadata chunk (a text LLM's does not).
    _final_chunk: ClassVar[bool] = True

    @override
    def model_post_init(self, context: Any, /) -> None:
        super().model_post_init(context)
        self._calls = CallLog(limit=self.call_log_limit)  # checks it, as a ValidationError

    @property
    def calls(self) -> CallLog:
        """Every call this model received, in order (the last ``call_log_limit`` if set)."""
        return self._calls

    model_name: str
    """Model name reported in identifying params (each fake sets its own default)."""

    if TYPE_CHECKING:  # given by langchain-core's BaseChatModel or LLM, the other base

        @property
        def _llm_type(self) -> str: ...

    def _reply(self, request: Request, call: Call) -> Reply:
        """Decide the reply to one call; a subclass implements it."""
        raise NotImplementedError

    def _tool_defs(self, tools: Any) -> tuple[ToolDef, ...]:
        """Read a call's ``tools`` for the policy; a fake whose replies use tools overrides it.

        By default tools are not read (only recorded in the call log), so a fake
        that ignores them also accepts tools it could not use, such as a
        provider's built-in ``{"type": "web_search_preview"}``.
        """
        return ()

    def _logged_options(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        """Return the options the call log records: the standard parameters set, then the call's."""
        if (
            self.temperature is None
            and self.max_tokens is None
            and self.timeout is None
            and self.max_retries is None
        ):
            return kwargs  # bench tool-turn: the usual case, no dict built
        standard = [(name, getattr(self, name)) for name in _LOGGED]
        return {**{name: value for name, value in standard if value is not None}, **kwargs}

    def _request(self, turns: tuple[Turn, ...], stop: Any, kwargs: dict[str, Any]) -> Request:
        """Build the neutral request of one call; the call's own stop and limits win."""
        return make_request(
            turns,
            kwargs,
            tools=self._tool_defs(kwargs.get("tools")),
            stop=self.stop if stop is None else stop,
            max_tokens=self.max_tokens,
        )

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

    def asdict(self) -> dict[str, Any]:
        """Return the identifying params, the type and every field that shapes a reply.

        langchain-core builds its cache key (and the callbacks' invocation params)
        from this, so two fakes configured differently never share cached replies.
        ``_identifying_params`` stays the model name, as the seed's ``print(llm)`` shows.
        """
        params = {**self._identifying_params, "_type": self._llm_type}
        for name in _reply_fields(type(self)):
            params[name] = getattr(self, name)
        return params

    # bench tool-turn: langchain-core >= 1.8 calls this on every call to read dict() with
    # its deprecation warning suppressed (16k instructions); our dict() warns of nothing.
    def _dict_for_compat(self) -> dict[str, Any]:
        return self.asdict()

    def dict(self, **kwargs: Any) -> dict[str, Any]:
        """Return :meth:`asdict`: langchain-core before 1.4.2 calls this, not ``asdict``.

        Overridden, not inherited: langchain-core's own ``dict`` is deprecated, and a
        call to it from outside langchain-core goes through the warning machinery.
        """
        return self.asdict()


C = TypeVar("C", ChatGenerationChunk, GenerationChunk)


async def _awith_new_token(
    chunks: Iterator[C],
    run_manager: AsyncCallbackManagerForLLMRun | None,
    latency: Latency | None,
) -> AsyncIterator[C]:
    """Fire ``on_llm_new_token`` BEFORE each chunk is yielded (the seed checklist).

    With a latency, each chunk waits its turn with ``asyncio.sleep`` first.
    """
    delay = None if latency is None else latency.first_chunk
    for chunk in chunks:
        if latency is not None and delay is not None:
            await latency.await_(delay)
            delay = latency.per_chunk
        if run_manager is not None:
            await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
        yield chunk


class BaseFakeChat(_FakeModel, BaseChatModel):
    """Base class of the fake chat models; subclass it to build your own fake.

    A subclass implements :meth:`_reply`. Everything else (stop sequences,
    ``max_tokens``, usage, streaming with ``tool_call_chunks``, faults, the call
    log, sync and native async) comes from the core pipeline.
    """

    # extra="forbid": an unknown argument is an error naming it, not silently dropped
    # (set here, as BaseChatModel's own config would win over a mixin's).
    model_config = ConfigDict(populate_by_name=True, protected_namespaces=(), extra="forbid")

    model_name: str = Field(default="fake", alias="model")
    """Model name reported in identifying params and response metadata."""
    streaming: bool = False
    """As in a provider's chat model: True makes ``invoke`` stream internally."""
    reasoning: ReasoningSetting = None
    """What the fake thinks before it answers: None (nothing, unless a call passes
    ``reasoning_effort``), True (derived from the prompt), a text, or a callable of the
    call record. The reply then begins with a reasoning content block."""

    _check_reasoning = field_validator("reasoning", mode="before")(check_reasoning)

    # -- hooks for subclasses -------------------------------------------------

    def _message_id(self, call: Call) -> str | None:
        """Id of a reply that brings none (None lets LangChain assign its run id)."""
        return None

    def _response_metadata(self, response: Response, *, streamed: bool) -> dict[str, Any]:
        """Response metadata of the reply (on the final chunk when streamed); as given if given."""
        if response.metadata is not None:
            return dict(response.metadata)
        return {"model_name": response.model, "finish_reason": response.finish_reason}

    # -- the pipeline ---------------------------------------------------------

    def _respond(
        self,
        messages: Sequence[BaseMessage],
        stop: list[str] | None,
        kwargs: dict[str, Any],
        *,
        streamed: bool,
    ) -> tuple[Call, Response]:
        request = self._request(to_turns(messages), stop, kwargs)
        return respond(
            request,
            self._reply,
            log=self._calls,
            model=self._model_for_call(kwargs),
            name=type(self).__name__,
            streamed=streamed,
            kwargs=self._logged_options(kwargs),
            raw=messages,
            fault=self.fault,
            message_id=self._message_id,
            reasoning=self.reasoning,
        )

    def _model_for_call(self, kwargs: dict[str, Any]) -> str:
        # Standard per-call override: model.invoke(..., model="other-model").
        override = kwargs.get("model")
        return override if isinstance(override, str) and override else self.model_name

    def _result(self, response: Response) -> ChatResult:
        metadata = self._response_metadata(response, streamed=False)
        if response.logprobs is not None and response.metadata is None:
            metadata.update(logprobs_metadata(response.text, response.logprobs))
        message = ai_message(response, metadata)
        return ChatResult(generations=[ChatGeneration(message=message)])

    # -- LangChain's interface ----------------------------------------------

    @override
    @stored_signature
    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        response = self._respond(messages, stop, kwargs, streamed=False)[1]
        if self.latency is not None:
            self.latency.wait_reply(response, self.chunking, final=self._final_chunk)
        return self._result(response)

    @override
    @stored_signature
    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        response = self._respond(messages, stop, kwargs, streamed=False)[1]
        if self.latency is not None:
            await self.latency.await_reply(response, self.chunking, final=self._final_chunk)
        return self._result(response)

    @override
    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        # The seed's shape, one loop that renders, fires on_llm_new_token BEFORE
        # yielding (the seed checklist) and yields, not a loop over _chunks: one
        # generator step less per chunk (benchmarks: parrot-stream <= 1.05).
        call, response = self._respond(messages, stop, kwargs, streamed=True)
        metadata = self._response_metadata(response, streamed=True)
        render = chunk_renderer(response)
        pieces = deliver(call, response, self.chunking, self.fault)
        for piece in pieces if self.latency is None else self.latency.pace(pieces):
            chunk = ChatGenerationChunk(message=render(piece, response, metadata))
            if run_manager is not None:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    @override
    async def _astream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[ChatGenerationChunk]:
        chunks = self._chunks(messages, stop, kwargs)
        async for chunk in _awith_new_token(chunks, run_manager, self.latency):
            yield chunk

    def _chunks(
        self, messages: list[BaseMessage], stop: list[str] | None, kwargs: dict[str, Any]
    ) -> Iterator[ChatGenerationChunk]:
        call, response = self._respond(messages, stop, kwargs, streamed=True)
        metadata = self._response_metadata(response, streamed=True)
        render = chunk_renderer(response)
        for piece in deliver(call, response, self.chunking, self.fault):
            yield ChatGenerationChunk(message=render(piece, response, metadata))

    @override
    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        return ls_params(
            self,
            provider="fakes",
            model_type="chat",
            model_name=self._model_for_call(kwargs),
            stop=stop,
            kwargs=kwargs,
        )


class BaseFakeLLM(_FakeModel, LLM):
    """Base class of the fake text LLMs; subclass it and implement :meth:`_reply`."""

    model_config = ConfigDict(protected_namespaces=(), extra="forbid")  # as BaseFakeChat

    model_name: str = "fake"
    """Model name reported in identifying params."""
    _final_chunk: ClassVar[bool] = False

    def _respond(
        self, prompt: str, stop: list[str] | None, kwargs: dict[str, Any], *, streamed: bool
    ) -> tuple[Call, Response]:
        if not isinstance(prompt, str):
            raise InvalidInputError(f"prompt must be a string, got {type(prompt).__name__}")
        request = self._request((Turn(role="user", text=prompt),), stop, kwargs)
        return respond(
            request,
            self._reply,
            log=self._calls,
            model=self.model_name,
            name=type(self).__name__,
            streamed=streamed,
            kwargs=self._logged_options(kwargs),
            raw=prompt,
            fault=self.fault,
        )

    @override
    @stored_signature
    def _call(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        response = self._respond(prompt, stop, kwargs, streamed=False)[1]
        if self.latency is not None:
            self.latency.wait_reply(response, self.chunking, final=self._final_chunk)
        return response.text

    @override
    def _stream(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[GenerationChunk]:
        call, response = self._respond(prompt, stop, kwargs, streamed=True)
        # A text LLM's stream is its text alone: no final metadata chunk.
        pieces = deliver(call, response, self.chunking, self.fault, final=False)
        for piece in pieces if self.latency is None else self.latency.pace(pieces):
            chunk = GenerationChunk(text=piece.text)
            if run_manager is not None:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    @override
    @stored_signature
    async def _acall(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        response = self._respond(prompt, stop, kwargs, streamed=False)[1]
        if self.latency is not None:
            await self.latency.await_reply(response, self.chunking, final=self._final_chunk)
        return response.text

    @override
    async def _astream(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[GenerationChunk]:
        chunks = self._pieces(prompt, stop, kwargs)
        async for chunk in _awith_new_token(chunks, run_manager, self.latency):
            yield chunk

    def _pieces(
        self, prompt: str, stop: list[str] | None, kwargs: dict[str, Any]
    ) -> Iterator[GenerationChunk]:
        call, response = self._respond(prompt, stop, kwargs, streamed=True)
        for piece in deliver(call, response, self.chunking, self.fault, final=False):
            yield GenerationChunk(text=piece.text)

    @override
    def _get_ls_params(self, stop: list[str] | None = None, **kwargs: Any) -> LangSmithParams:
        # langchain-core's defaults for an LLM: the provider is the class name
        # without "LLM"; the model name is the per-call one, else ``model``, else
        # ``model_name``.
        model = option(self, kwargs, "model", (str,))
        return ls_params(
            self,
            provider=type(self).__name__.removesuffix("LLM").lower(),
            model_type="llm",
            model_name=self.model_name if model is None else model,
            stop=stop,
            kwargs=kwargs,
        )

    @property
    @override
    def _llm_type(self) -> str:
        return "fakes-llm"
