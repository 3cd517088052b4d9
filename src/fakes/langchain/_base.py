"""Shared machinery of the LangChain fakes: one flow for every calling style.

A fake answers in three steps: record the call, ask a policy for a
:class:`~fakes.core.Reply`, render the reply as a message (invoke) or as chunks
(stream). Sync and async share the same pure computation, so the async methods
are native (no thread pool) and give byte-for-byte the same output.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain_core.callbacks import (
    AsyncCallbackManagerForLLMRun,
    CallbackManagerForLLMRun,
)
from langchain_core.language_models import BaseChatModel, LangSmithParams
from langchain_core.language_models.llms import LLM
from langchain_core.messages import AIMessage, AIMessageChunk, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.messages.tool import tool_call_chunk
from langchain_core.outputs import ChatGeneration, ChatGenerationChunk, ChatResult, GenerationChunk
from pydantic import ConfigDict, Field, PrivateAttr, field_validator
from typing_extensions import override

from fakes.core import (
    Call,
    CallLog,
    Chunking,
    FaultPlan,
    InvalidInputError,
    Reply,
    Request,
    ToolCall,
    Turn,
    Usage,
    apply_stop,
    count_tokens,
    split_text,
)
from fakes.langchain._convert import to_turns
from fakes.langchain._percall import ls_params, option, stored_signature

__all__ = ["BaseFakeChat", "BaseFakeLLM", "Rendered"]


@dataclass
class Rendered:
    """A reply after stop sequences and usage accounting, ready to become a message."""

    text: str
    tool_calls: tuple[ToolCall, ...]
    usage: Usage
    finish_reason: str
    model_name: str = "fake"
    """The model that answered: the per-call ``model`` override or the model's own name."""
    message_id: str | None = None
    usage_override: UsageMetadata | None = None
    """Usage given verbatim by a script; used instead of the counted usage."""
    additional_kwargs: dict[str, Any] = field(default_factory=dict)

    @property
    def usage_metadata(self) -> UsageMetadata:
        """Usage in LangChain's shape."""
        if self.usage_override is not None:
            return self.usage_override
        return _usage(self.usage.input_tokens, self.usage.output_tokens)


def _valid_chunking(value: Chunking) -> Chunking:
    """Reject a bad ``chunking`` at construction rather than in the middle of a stream."""
    split_text("", value)
    return value


def _usage(input_tokens: int, output_tokens: int) -> UsageMetadata:
    # A literal, not UsageMetadata(...): calling the TypedDict is one more call.
    return {
        "input_tokens": input_tokens,
        "output_tokens": output_tokens,
        "total_tokens": input_tokens + output_tokens,
    }


class BaseFakeChat(BaseChatModel):
    """Base class of the fake chat models; subclass it to build your own fake.

    A subclass implements :meth:`_reply`. Everything else (stop sequences, usage,
    streaming with ``tool_call_chunks``, faults, the call log, sync and native
    async) comes from here.
    """

    model_config = ConfigDict(populate_by_name=True, protected_namespaces=())

    model_name: str = Field(default="fake", alias="model")
    """Model name reported in identifying params and response metadata."""
    stop: list[str] | None = None
    """Default stop sequences, used when a call passes none."""
    chunking: Chunking = "char"
    """How streamed text is cut: "char", "word" or a chunk size in characters."""

    _check_chunking = field_validator("chunking")(_valid_chunking)

    fault: FaultPlan | None = None
    """Fail on a given call, or at a given chunk of a stream."""

    _calls: CallLog = PrivateAttr(default_factory=CallLog)

    @property
    def calls(self) -> CallLog:
        """Every call this model received, in order."""
        return self._calls

    # -- hooks for subclasses -------------------------------------------------

    def _reply(self, request: Request, call: Call) -> Reply:
        """Decide the reply to one call."""
        raise NotImplementedError

    def _message_id(self, call: Call) -> str | None:
        """Id of the reply message (None lets LangChain assign its run id)."""
        return None

    def _response_metadata(self, rendered: Rendered, *, streamed: bool) -> dict[str, Any]:
        """Response metadata of the reply (on the final chunk when streamed)."""
        return {"model_name": rendered.model_name, "finish_reason": rendered.finish_reason}

    # -- the shared flow ------------------------------------------------------

    def _start(
        self,
        messages: Sequence[BaseMessage],
        stop: list[str] | None,
        kwargs: dict[str, Any],
        *,
        streamed: bool,
    ) -> tuple[Call, Rendered]:
        turns = to_turns(messages)
        if not turns:
            raise InvalidInputError(
                f"{type(self).__name__} was called with an empty list of messages"
            )
        effective_stop = stop if stop is not None else self.stop
        # Pydantic serves private attributes through a Python-level __getattr__;
        # reading its private dict directly is ~20x cheaper on invoke's hot path.
        log: CallLog = self.__pydantic_private__["_calls"]  # type: ignore[index]
        call = log.record(
            turns, stop=effective_stop, streamed=streamed, kwargs=kwargs, raw=messages
        )
        if self.fault is not None:
            self.fault.check_call(call.number)
        if kwargs:
            request = Request(
                turns=turns,
                tools=tuple(kwargs.get("tools") or ()),
                tool_choice=kwargs.get("tool_choice"),
                options={k: v for k, v in kwargs.items() if k not in ("tools", "tool_choice")},
            )
        else:  # the common case, kept cheap: invoke() is on every test's hot path
            request = Request(turns)
        reply = self._reply(request, call)
        model_name = self._model_for_call(kwargs) if kwargs else self.model_name
        return call, self._render(turns, reply, effective_stop, call, model_name)

    def _model_for_call(self, kwargs: dict[str, Any]) -> str:
        # Standard per-call override: model.invoke(..., model="other-model").
        override = kwargs.get("model")
        return override if isinstance(override, str) and override else self.model_name

    def _render(
        self,
        turns: tuple[Turn, ...],
        reply: Reply,
        stop: list[str] | None,
        call: Call,
        model_name: str,
    ) -> Rendered:
        text = apply_stop(reply.text, stop)[0] if stop else reply.text
        tool_calls = reply.tool_calls
        rendered = Rendered(
            text,
            tool_calls,
            Usage.of(turns, text, reply),
            "tool_calls" if tool_calls else "stop",
            model_name,
        )
        message = reply.extra.get("message") if reply.extra else None
        if isinstance(message, AIMessage):  # a scripted AIMessage keeps its usage, id and kwargs
            rendered.usage_override = message.usage_metadata
            rendered.message_id = message.id or None
            rendered.additional_kwargs = dict(message.additional_kwargs)
        if rendered.message_id is None:
            rendered.message_id = self._message_id(call)
        return rendered

    def _message(self, rendered: Rendered) -> AIMessage:
        # Optional fields are passed only when set: AIMessage validates every
        # argument it is given, and on invoke's hot path the empty tool_calls,
        # additional_kwargs and id cost about a fifth of building the message.
        optional: dict[str, Any] = {}
        if rendered.tool_calls:
            optional["tool_calls"] = [
                {"name": c.name, "args": c.args, "id": c.id, "type": "tool_call"}
                for c in rendered.tool_calls
            ]
        if rendered.additional_kwargs:
            optional["additional_kwargs"] = rendered.additional_kwargs
        if rendered.message_id is not None:
            optional["id"] = rendered.message_id
        return AIMessage(
            content=rendered.text,
            response_metadata=self._response_metadata(rendered, streamed=False),
            usage_metadata=rendered.usage_metadata,
            **optional,
        )

    def _chunks(self, call: Call, rendered: Rendered) -> Iterator[ChatGenerationChunk]:
        """Render the reply as chunks: text, then each tool call, then a final chunk.

        Input tokens ride on the first chunk only and each chunk counts its own
        output, so the chunks' usage adds up to the invoke usage.
        """
        fault = self.fault
        message_id = rendered.message_id
        counted = rendered.usage_override is None
        pending_input = rendered.usage.input_tokens
        index = 0

        def usage(output_tokens: int) -> UsageMetadata | None:
            nonlocal pending_input
            if not counted:
                return None
            metadata = _usage(pending_input, output_tokens)
            pending_input = 0
            return metadata

        # Text first. This loop runs once per character by default, so it stays
        # flat: no helper call per chunk, and no ``id=None`` for pydantic to
        # validate when the message has no id of its own.
        for piece in split_text(rendered.text, self.chunking):
            if fault is not None:
                fault.check_chunk(call.number, index)
            index += 1
            piece_usage: UsageMetadata | None = None
            if counted:
                output_tokens = count_tokens(piece)
                piece_usage = {
                    "input_tokens": pending_input,
                    "output_tokens": output_tokens,
                    "total_tokens": pending_input + output_tokens,
                }
                pending_input = 0
            if message_id is None:
                message = AIMessageChunk(content=piece, usage_metadata=piece_usage)
            else:
                message = AIMessageChunk(content=piece, usage_metadata=piece_usage, id=message_id)
            yield ChatGenerationChunk(message=message)

        for position, tool in enumerate(rendered.tool_calls):
            arguments = json.dumps(tool.args, ensure_ascii=False)
            pieces: list[tuple[str | None, str | None, str]] = [(tool.name, tool.id, "")]
            pieces += [(None, None, piece) for piece in split_text(arguments, self.chunking)]
            for name, call_id, piece in pieces:
                if fault is not None:
                    fault.check_chunk(call.number, index)
                index += 1
                yield ChatGenerationChunk(
                    message=AIMessageChunk(
                        content="",
                        usage_metadata=usage(count_tokens(name or piece)),
                        id=message_id,
                        tool_call_chunks=[
                            tool_call_chunk(name=name, args=piece, id=call_id, index=position)
                        ],
                    )
                )

        if fault is not None:
            fault.check_chunk(call.number, index)
        final_usage: UsageMetadata | None = None
        if not counted:
            final_usage = rendered.usage_metadata
        elif index == 0:
            final_usage = _usage(pending_input, 0)
        yield ChatGenerationChunk(
            message=AIMessageChunk(
                content="",
                additional_kwargs=rendered.additional_kwargs,
                response_metadata=self._response_metadata(rendered, streamed=True),
                usage_metadata=final_usage,
                id=message_id,
                chunk_position="last",
            )
        )

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
        _, rendered = self._start(messages, stop, kwargs, streamed=False)
        return ChatResult(generations=[ChatGeneration(message=self._message(rendered))])

    @override
    @stored_signature
    async def _agenerate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        _, rendered = self._start(messages, stop, kwargs, streamed=False)
        return ChatResult(generations=[ChatGeneration(message=self._message(rendered))])

    @override
    def _stream(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[ChatGenerationChunk]:
        call, rendered = self._start(messages, stop, kwargs, streamed=True)
        if run_manager is None:  # langchain-core >= 1.0 fires on_llm_new_token itself
            yield from self._chunks(call, rendered)
            return
        # Older callers pass a run manager and expect us to fire the callback
        # before the chunk is yielded.
        for chunk in self._chunks(call, rendered):
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
        call, rendered = self._start(messages, stop, kwargs, streamed=True)
        for chunk in self._chunks(call, rendered):
            if run_manager is not None:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    @property
    @override
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

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


class BaseFakeLLM(LLM):
    """Base class of the fake text LLMs; subclass it and implement :meth:`_reply`."""

    model_config = ConfigDict(protected_namespaces=())

    model_name: str = "fake"
    """Model name reported in identifying params."""
    stop: list[str] | None = None
    """Default stop sequences, used when a call passes none."""
    chunking: Chunking = "char"
    """How streamed text is cut: "char", "word" or a chunk size in characters."""

    _check_chunking = field_validator("chunking")(_valid_chunking)

    fault: FaultPlan | None = None
    """Fail on a given call, or at a given chunk of a stream."""

    _calls: CallLog = PrivateAttr(default_factory=CallLog)

    @property
    def calls(self) -> CallLog:
        """Every call this model received, in order."""
        return self._calls

    def _reply(self, request: Request, call: Call) -> Reply:
        """Decide the reply to one call."""
        raise NotImplementedError

    def _start(
        self, prompt: str, stop: list[str] | None, kwargs: dict[str, Any], *, streamed: bool
    ) -> tuple[Call, str]:
        if not isinstance(prompt, str):
            raise InvalidInputError(f"prompt must be a string, got {type(prompt).__name__}")
        if stop is None:
            stop = self.stop
        turns = (Turn(role="user", text=prompt),)
        log: CallLog = self.__pydantic_private__["_calls"]  # type: ignore[index]  # see BaseFakeChat._start
        call = log.record(turns, stop=stop, streamed=streamed, kwargs=kwargs, raw=prompt)
        if self.fault is not None:
            self.fault.check_call(call.number)
        text, _ = apply_stop(self._reply(Request(turns=turns, options=kwargs), call).text, stop)
        return call, text

    def _pieces(self, call: Call, text: str) -> Iterator[GenerationChunk]:
        for index, piece in enumerate(split_text(text, self.chunking)):
            if self.fault is not None:
                self.fault.check_chunk(call.number, index)
            yield GenerationChunk(text=piece)

    @override
    @stored_signature
    def _call(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        return self._start(prompt, stop, kwargs, streamed=False)[1]

    @override
    @stored_signature
    async def _acall(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        return self._start(prompt, stop, kwargs, streamed=False)[1]

    @override
    def _stream(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> Iterator[GenerationChunk]:
        call, text = self._start(prompt, stop, kwargs, streamed=True)
        for chunk in self._pieces(call, text):
            # The seed checklist: on_llm_new_token fires BEFORE the chunk is yielded.
            if run_manager is not None:
                run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    @override
    async def _astream(
        self,
        prompt: str,
        stop: list[str] | None = None,
        run_manager: AsyncCallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> AsyncIterator[GenerationChunk]:
        call, text = self._start(prompt, stop, kwargs, streamed=True)
        for chunk in self._pieces(call, text):
            if run_manager is not None:
                await run_manager.on_llm_new_token(chunk.text, chunk=chunk)
            yield chunk

    @property
    @override
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name}

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
