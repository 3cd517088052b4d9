"""``LiteLLMHandlerConformance``: the Custom Handler Spec of LiteLLM's guide, checked.

litellm is imported inside the checks, never when this module is imported:
``import fakes.conformance`` stays cheap for LangChain-only users.
"""

from __future__ import annotations

import copy
import datetime
import inspect
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any, ClassVar

import pytest

from fakes.conformance._base import calling
from fakes.conformance._common import fail
from fakes.conformance._common import import_litellm as _litellm
from fakes.conformance._litellm_media import MediaChecks

__all__ = ["LiteLLMHandlerConformance"]

_METHODS = (
    "completion",
    "acompletion",
    "streaming",
    "astreaming",
    "embedding",
    "aembedding",
    "image_generation",
    "aimage_generation",
)
# A stream longer than this is a runaway generator, not a reply.
_MAX_CHUNKS = 10_000


@contextmanager
def registered(handler: Any, provider: str) -> Iterator[None]:
    """Install ``handler`` as ``provider`` for the block, every LiteLLM global restored after.

    :func:`fakes.litellm.register` does the work (it sets LITELLM_LOCAL_MODEL_COST_MAP
    before litellm's first import).
    """
    from fakes.litellm import register

    with register(handler, provider=provider):
        yield


class LiteLLMHandlerConformance(MediaChecks):
    """Conformance checks for a LiteLLM ``CustomLLM`` handler; subclass it in your tests.

    Set ``handler`` to an instance of your handler. Which methods it
    implements is detected (the ones it overrides); set ``implements`` to
    check a different set. Every ``test_*`` method is one rule of LiteLLM's
    Custom Handler Spec; checks of methods the handler does not implement skip::

        from fakes.conformance import LiteLLMHandlerConformance

        class TestMyHandler(LiteLLMHandlerConformance):
            handler = MyCustomLLM()
            implements = {"completion", "acompletion", "streaming", "astreaming"}

    The error check calls the handler with ``error_call`` (default: an empty
    ``messages`` list) and expects ``CustomLLMError`` with an HTTP status
    code; it skips when the handler accepts that input.
    """

    handler: ClassVar[Any] = None
    """The ``CustomLLM`` instance under test (required)."""
    implements: ClassVar[set[str] | frozenset[str] | None] = None
    """Names of the implemented methods (None: every method the handler overrides)."""
    model: ClassVar[str] = "conformance-model"
    """Model name passed to the handler (the part after ``provider/``)."""
    provider: ClassVar[str] = "conformance-check"
    """Provider name the end-to-end checks register the handler under."""
    messages: ClassVar[list[dict[str, Any]]] = [
        {"role": "user", "content": "Hello conformance world, please reply"}
    ]
    """Messages of the completion checks."""
    error_call: ClassVar[dict[str, Any]] = {"messages": []}
    """Arguments (over the defaults) of a completion call that must fail."""
    deterministic: ClassVar[bool] = True
    """Whether the same input gives the same output (the end-to-end stream check compares)."""

    # -- helpers ---------------------------------------------------------------

    def get_handler(self) -> Any:
        """Return the handler under test; override to build a fresh one per test."""
        litellm = _litellm()
        handler = self.handler
        if not isinstance(handler, litellm.CustomLLM):
            fail(
                "setup",
                f"{type(self).__name__}.handler is {handler!r}, not a litellm CustomLLM",
                "set `handler = MyCustomLLM()` on the test class",
            )
        return handler

    def implemented(self, handler: Any) -> set[str]:
        """Return the names of the methods this handler implements."""
        if self.implements is not None:
            return set(self.implements)
        from litellm.llms.custom_llm import CustomLLM

        return {
            name
            for name in _METHODS
            if getattr(type(handler), name, None) is not getattr(CustomLLM, name)
        }

    def _require(self, handler: Any, name: str) -> None:
        if name not in self.implemented(handler):
            pytest.skip(f"the handler does not implement {name}")

    def completion_kwargs(self, *, stream: bool, is_async: bool) -> dict[str, Any]:
        """Build the keyword arguments LiteLLM passes to completion/streaming handlers."""
        litellm = _litellm()
        from litellm.litellm_core_utils.litellm_logging import Logging

        logging_obj = Logging(
            model=self.model,
            messages=self.messages,
            stream=stream,
            call_type="acompletion" if is_async else "completion",
            start_time=datetime.datetime.now(),
            litellm_call_id="conformance",
            function_id="conformance",
        )
        return {
            "model": self.model,
            "messages": copy.deepcopy(self.messages),
            "api_base": None,
            "custom_prompt_dict": {},
            "model_response": litellm.ModelResponse(),
            "print_verbose": lambda *args, **kwargs: None,
            "encoding": None,
            "api_key": None,
            "logging_obj": logging_obj,
            "optional_params": {},
            "acompletion": is_async,
            "litellm_params": {},
            "logger_fn": None,
            "headers": {},
            "timeout": 600.0,
            "client": None,
        }

    def _check_chunks(self, check: str, chunks: list[Any]) -> str:
        if not chunks:
            fail(check, "the stream yielded no chunks", "yield at least one GenericStreamingChunk")
        fix = (
            "yield GenericStreamingChunk dicts: {'text': str, 'is_finished': bool, "
            "'finish_reason': str, 'usage': {...} or None, 'index': 0, 'tool_use': None}; "
            "the last one with is_finished=True and a finish_reason"
        )
        for number, chunk in enumerate(chunks, 1):
            if not isinstance(chunk, Mapping):
                fail(
                    check,
                    f"chunk #{number} is a {type(chunk).__name__} ({chunk!r}), not a "
                    "GenericStreamingChunk dict",
                    fix,
                )
            missing = [
                k for k in ("text", "is_finished", "finish_reason", "usage") if k not in chunk
            ]
            if missing:
                fail(check, f"chunk #{number} lacks {missing}: {dict(chunk)!r}", fix)
            if not isinstance(chunk["text"], str):
                fail(check, f"chunk #{number} text is {type(chunk['text']).__name__}", fix)
            usage = chunk["usage"]
            if usage is not None:
                try:
                    total = usage["prompt_tokens"] + usage["completion_tokens"]
                    ok = usage["total_tokens"] == total
                except (KeyError, TypeError):
                    ok = False
                if not ok:
                    fail(
                        check,
                        f"chunk #{number} usage {usage!r} is not "
                        "{prompt_tokens, completion_tokens, total_tokens = their sum}",
                        fix,
                    )
            if chunk["is_finished"] and number != len(chunks):
                fail(check, f"chunk #{number} of {len(chunks)} says is_finished=True", fix)
        last = chunks[-1]
        if last["is_finished"] is not True or not last["finish_reason"]:
            fail(check, f"the last chunk is not finished: {dict(last)!r}", fix)
        return "".join(chunk["text"] for chunk in chunks)

    # -- direct calls: the documented return types --------------------------------

    def test_completion_returns_model_response(self) -> None:
        """``completion`` returns a ``ModelResponse``."""
        handler = self.get_handler()
        self._require(handler, "completion")
        litellm = _litellm()
        with calling("completion", "handler.completion()"):
            result = handler.completion(**self.completion_kwargs(stream=False, is_async=False))
        self._check_model_response("completion", result, litellm)

    @pytest.mark.asyncio
    async def test_acompletion_returns_model_response(self) -> None:
        """``acompletion`` is a coroutine function returning a ``ModelResponse``."""
        handler = self.get_handler()
        self._require(handler, "acompletion")
        litellm = _litellm()
        if not inspect.iscoroutinefunction(handler.acompletion):
            fail(
                "acompletion",
                "acompletion is not `async def`",
                "define `async def acompletion(self, *args, **kwargs) -> ModelResponse`",
            )
        with calling("acompletion", "handler.acompletion()"):
            result = await handler.acompletion(
                **self.completion_kwargs(stream=False, is_async=True)
            )
        self._check_model_response("acompletion", result, litellm)

    def _check_model_response(self, check: str, result: Any, litellm: Any) -> None:
        if not isinstance(result, litellm.ModelResponse):
            fail(
                check,
                f"{check}() returned {type(result).__name__}, not ModelResponse",
                "return a litellm.ModelResponse (fill the model_response argument and return it)",
            )
        if not result.choices or not isinstance(
            result.choices[0].message.content, (str, type(None))
        ):
            fail(
                check,
                f"{check}() returned a ModelResponse without a message choice: {result}",
                "set model_response.choices[0].message.content to the reply text",
            )

    def test_streaming_yields_chunks(self) -> None:
        """``streaming`` returns an iterator of well-formed ``GenericStreamingChunk``."""
        handler = self.get_handler()
        self._require(handler, "streaming")
        with calling("streaming", "handler.streaming()"):
            result = handler.streaming(**self.completion_kwargs(stream=True, is_async=False))
        if isinstance(result, Mapping) or not hasattr(result, "__iter__"):
            fail(
                "streaming",
                f"streaming() returned a {type(result).__name__} ({result!r}), not an iterator "
                "of chunks; LiteLLM iterates over it",
                "`yield` the GenericStreamingChunk dicts instead of `return`ing one",
            )
        chunks: list[Any] = []
        with calling("streaming", "iterating handler.streaming()"):
            for chunk in result:
                chunks.append(chunk)
                if len(chunks) > _MAX_CHUNKS:
                    fail("streaming", f"more than {_MAX_CHUNKS} chunks", "end the stream")
        self._check_chunks("streaming", chunks)

    @pytest.mark.asyncio
    async def test_astreaming_is_async_generator(self) -> None:
        """``astreaming`` is an async generator (not a coroutine returning one chunk)."""
        handler = self.get_handler()
        self._require(handler, "astreaming")
        fix = (
            "write `async def astreaming(...)` with `yield chunk` inside (an async "
            "generator); `return chunk` makes it a coroutine"
        )
        with calling("astreaming", "handler.astreaming()"):
            result = handler.astreaming(**self.completion_kwargs(stream=True, is_async=True))
        if inspect.iscoroutine(result):
            with calling("astreaming", "awaiting handler.astreaming()"):
                await result  # awaited so Python does not warn "never awaited"
            fail(
                "astreaming",
                "astreaming() returns a coroutine, not an async iterator; LiteLLM fails with "
                "\"'coroutine' object is not an iterator\"",
                fix,
            )
        if not hasattr(result, "__anext__"):
            fail(
                "astreaming",
                f"astreaming() returned {type(result).__name__}, not an async iterator",
                fix,
            )
        # A plain function returning an async iterator is fine too: LiteLLM only
        # needs `async for` to work on what astreaming() returns.
        if hasattr(result, "aclose"):
            await result.aclose()

    @pytest.mark.asyncio
    async def test_astreaming_yields_chunks(self) -> None:
        """``astreaming`` yields well-formed ``GenericStreamingChunk`` dicts."""
        handler = self.get_handler()
        self._require(handler, "astreaming")
        with calling("astreaming_chunks", "handler.astreaming()"):
            result = handler.astreaming(**self.completion_kwargs(stream=True, is_async=True))
        if not hasattr(result, "__anext__"):
            if inspect.iscoroutine(result):
                result.close()
            pytest.skip("astreaming is not an async iterator (test_astreaming_is_async_generator)")
        chunks: list[Any] = []
        with calling("astreaming_chunks", "iterating handler.astreaming()"):
            async for chunk in result:
                chunks.append(chunk)
                if len(chunks) > _MAX_CHUNKS:
                    fail("astreaming_chunks", f"more than {_MAX_CHUNKS} chunks", "end the stream")
        self._check_chunks("astreaming_chunks", chunks)

    # -- errors ------------------------------------------------------------------

    @pytest.mark.asyncio
    async def test_errors_are_custom_llm_error(self) -> None:
        """A failing call raises ``CustomLLMError`` (or a litellm error) with an HTTP status."""
        handler = self.get_handler()
        implemented = self.implemented(handler)
        from litellm.llms.custom_llm import CustomLLMError

        is_async = "completion" not in implemented
        if is_async and "acompletion" not in implemented:
            pytest.skip("the handler implements neither completion nor acompletion")
        kwargs = {**self.completion_kwargs(stream=False, is_async=is_async), **self.error_call}
        shown = {k: v for k, v in self.error_call.items()}
        try:
            if is_async:
                await handler.acompletion(**kwargs)
            else:
                handler.completion(**kwargs)
        except Exception as error:
            status = getattr(error, "status_code", None)
            litellm_error = type(error).__module__.startswith(("litellm.", "openai."))
            if not isinstance(error, CustomLLMError) and not litellm_error:
                fail(
                    "errors",
                    f"a bad call ({shown}) raised {type(error).__name__}: {error}",
                    "validate the input and raise litellm.CustomLLMError(status_code=400, "
                    "message=...) so LiteLLM and the proxy map it to an HTTP status",
                )
            if not isinstance(status, int) or not 400 <= status <= 599:
                fail(
                    "errors",
                    f"{type(error).__name__} has status_code={status!r}",
                    "give CustomLLMError an HTTP status code (400-599)",
                )
            return
        pytest.skip(
            f"the handler accepted the bad call {shown}; set `error_call` on the test class "
            "to arguments it must reject"
        )

    # -- end to end through litellm ------------------------------------------------

    def _e2e_messages(self) -> list[dict[str, Any]]:
        return copy.deepcopy(self.messages)

    def test_litellm_completion_end_to_end(self) -> None:
        """Registered in ``custom_provider_map``, ``litellm.completion`` works."""
        handler = self.get_handler()
        self._require(handler, "completion")
        litellm = _litellm()
        with registered(handler, self.provider), calling("e2e_completion", "litellm.completion()"):
            result = litellm.completion(
                model=f"{self.provider}/{self.model}", messages=self._e2e_messages()
            )
        self._check_model_response("e2e_completion", result, litellm)

    @pytest.mark.asyncio
    async def test_litellm_acompletion_end_to_end(self) -> None:
        """Registered in ``custom_provider_map``, ``litellm.acompletion`` works."""
        handler = self.get_handler()
        self._require(handler, "acompletion")
        litellm = _litellm()
        with (
            registered(handler, self.provider),
            calling("e2e_acompletion", "litellm.acompletion()"),
        ):
            result = await litellm.acompletion(
                model=f"{self.provider}/{self.model}", messages=self._e2e_messages()
            )
        self._check_model_response("e2e_acompletion", result, litellm)

    def _stream_text(self, check: str, chunks: list[Any]) -> str:
        if not chunks:
            fail(check, "the stream gave no chunks", "yield at least one chunk")
        if not any(c.choices and c.choices[0].finish_reason for c in chunks):
            fail(
                check,
                "no streamed chunk has a finish_reason",
                "set finish_reason on the last GenericStreamingChunk",
            )
        return "".join((c.choices[0].delta.content or "") for c in chunks if c.choices)

    def _direct_stream_text(self, handler: Any) -> str | None:
        try:
            result = handler.streaming(**self.completion_kwargs(stream=True, is_async=False))
            return "".join(chunk["text"] for chunk in result)
        except Exception:
            return None  # test_streaming_yields_chunks reports this

    def test_litellm_streaming_end_to_end(self) -> None:
        """Registered, ``litellm.completion(stream=True)`` streams the handler's chunks."""
        handler = self.get_handler()
        self._require(handler, "streaming")
        litellm = _litellm()
        with (
            registered(handler, self.provider),
            calling("e2e_streaming", "litellm.completion(stream=True)"),
        ):
            chunks = list(
                litellm.completion(
                    model=f"{self.provider}/{self.model}",
                    messages=self._e2e_messages(),
                    stream=True,
                )
            )
        text = self._stream_text("e2e_streaming", chunks)
        direct = self._direct_stream_text(handler) if self.deterministic else None
        if direct is not None and text != direct:
            fail(
                "e2e_streaming",
                f"litellm streamed {text!r}, the handler's chunks say {direct!r}",
                "put each piece of text in exactly one chunk's 'text'",
            )

    @pytest.mark.asyncio
    async def test_litellm_astreaming_end_to_end(self) -> None:
        """Registered, ``litellm.acompletion(stream=True)`` streams the handler's chunks."""
        handler = self.get_handler()
        self._require(handler, "astreaming")
        litellm = _litellm()
        with (
            registered(handler, self.provider),
            calling("e2e_astreaming", "litellm.acompletion(stream=True)"),
        ):
            response = await litellm.acompletion(
                model=f"{self.provider}/{self.model}",
                messages=self._e2e_messages(),
                stream=True,
            )
            chunks = [chunk async for chunk in response]
        self._stream_text("e2e_astreaming", chunks)
