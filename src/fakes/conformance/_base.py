"""Checks shared by the text-LLM and chat-model conformance classes.

A subclass supplies how to read text out of the framework's outputs; the
checks themselves (calling styles agree, callbacks before yields, stop
sequences, identifying params, secrets, astream_events, native async) are
written once here.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any, ClassVar, NamedTuple

import pytest
from langchain_core.language_models import BaseLanguageModel

from fakes.conformance._common import (
    fail,
    overrides,
    pick_stop,
    secret_fields,
    secret_problem,
    warn,
)
from fakes.conformance._recorder import OrderRecorder, order_problem

__all__ = ["LanguageModelChecks", "calling"]


@contextlib.contextmanager
def calling(check: str, what: str) -> Iterator[None]:
    """Turn an exception raised by the model into a failure naming the call."""
    try:
        yield
    except pytest.fail.Exception:
        raise
    except Exception as error:  # the model's own bug is what we report
        text = str(error)
        if len(text) > 300:  # some libraries put pages of help into the message
            text = text[:300] + " ..."
        fail(
            check,
            f"{what} raised {type(error).__name__}: {text}",
            f"make {what} work for the inputs this check uses (see the traceback with "
            "`pytest --full-trace`), or mark the feature as unsupported on your test class",
        )


def warn_thread_pool(cls: type, missing: list[str]) -> None:
    """Warn that the ``missing`` async methods make ainvoke/astream run in a thread pool."""
    if missing:
        warn(
            "native_async",
            f"{cls.__name__} has no native {' / '.join(missing)}; ainvoke/astream run "
            "the sync code in a thread pool.",
            f"implement `async def {missing[0]}(...)` with an async client.",
        )


class Framework(NamedTuple):
    """The langchain-core interface a conformance class checks, and how to meet it."""

    base: type
    """The class the model under test extends (BaseChatModel, BaseLLM)."""
    output_type: type
    """What invoke returns."""
    output_hint: str
    """How to return it, for failure messages."""
    chunk_type: type
    """What stream yields."""
    chunk_hint: str
    """How to yield it, for failure messages."""


class LanguageModelChecks:
    """Checks every LangChain language model must pass; see the public subclasses."""

    model_class: ClassVar[type[Any]]
    """The class under test (required)."""
    model_params: ClassVar[dict[str, Any]] = {}
    """Keyword arguments to build the model with."""
    prompt: ClassVar[str] = "Hello conformance world, please reply"
    """Input of most checks; the model's reply to it should be at least 4 characters."""
    other_prompt: ClassVar[str] = "Another prompt for batch calls"
    """Second input of the batch checks."""
    deterministic: ClassVar[bool] = True
    """Whether the same input gives the same output; the agreement checks need it."""
    supports_stop: ClassVar[bool] = True
    """Set False if the model cannot honour stop sequences (the stop checks skip)."""

    # -- hooks for the subclasses ------------------------------------------------

    def make_model(self) -> Any:
        """Build a fresh model; override for models that need more than params."""
        model_class = getattr(self, "model_class", None)
        if model_class is None:
            fail(
                "setup",
                f"{type(self).__name__} does not say which model to check",
                "set `model_class = YourModel` (and `model_params = {...}`) on the test class",
            )
        return model_class(**self.model_params)

    @pytest.fixture
    def model(self) -> Any:
        """Build a fresh instance of the model under test."""
        return self.make_model()

    def text_of(self, output: Any) -> str:
        """Return the text of an invoke result or stream chunk."""
        raise NotImplementedError

    def accumulate(self, chunks: list[Any]) -> Any:
        """Add streamed chunks up the way the framework does."""
        raise NotImplementedError

    def same(self, first: Any, second: Any) -> str | None:
        """Describe how two results differ, or None when they agree."""
        a, b = self.text_of(first), self.text_of(second)
        return None if a == b else f"text {a!r} != {b!r}"

    framework: ClassVar[Framework] = Framework(BaseLanguageModel, object, "", object, "")
    """What the model under test extends, returns and yields."""

    def streams_natively(self, model: Any, *, is_async: bool) -> bool:
        """Whether stream()/astream() reach the model's own streaming code."""
        cls, base = type(model), self.framework.base
        if is_async and overrides(cls, base, "_astream"):
            return True
        return overrides(cls, base, "_stream")

    def check_chunk_type(self, check: str, chunk: Any) -> None:
        """Fail when a streamed chunk is not the framework's chunk type."""
        if not isinstance(chunk, self.framework.chunk_type):
            name = self.framework.chunk_type.__name__
            hint = self.framework.chunk_hint
            fail(check, f"{check}() yielded {type(chunk).__name__}, not {name}", hint)

    def check_output_type(self, check: str, output: Any) -> None:
        """Fail when an invoke result is not the framework's output type."""
        if not isinstance(output, self.framework.output_type):
            name = self.framework.output_type.__name__
            hint = self.framework.output_hint
            fail(check, f"{check}() returned {type(output).__name__}, not {name}", hint)

    event_prefix: ClassVar[str] = "on_llm"

    # -- helpers ---------------------------------------------------------------

    def _agree(self, check: str, what: str, got: Any, want: Any, fix: str) -> None:
        if not self.deterministic:
            return
        difference = self.same(got, want)
        if difference is not None:
            fail(check, f"{what} disagrees with invoke(): {difference}", fix)

    def _stop_case(self, model: Any, check: str) -> tuple[str, str, Any]:
        if not self.supports_stop:
            pytest.skip("supports_stop = False on the test class")
        if not self.deterministic:
            pytest.skip("deterministic = False: the stop sequence is chosen from a first reply")
        with calling(check, "invoke() without stop"):
            baseline = model.invoke(self.prompt)
        case = pick_stop(self.text_of(baseline))
        if case is None:
            pytest.skip(
                f"the reply {self.text_of(baseline)!r} is too short to cut with a stop "
                "sequence; set `prompt` to an input that gives at least 4 characters"
            )
        stop, expected = case
        return stop, expected, baseline

    # -- the checks --------------------------------------------------------------

    def test_llm_type_is_str(self, model: Any) -> None:
        """``_llm_type`` is a non-empty string (used for logging and tracing)."""
        with calling("llm_type", "_llm_type"):
            value = model._llm_type
        if not isinstance(value, str) or not value:
            fail(
                "llm_type",
                f"_llm_type is {value!r}, not a non-empty str",
                "define `@property def _llm_type(self) -> str: return 'my-provider'`",
            )

    def test_identifying_params_include_model_name(self, model: Any) -> None:
        """``_identifying_params`` includes a non-empty ``model_name``."""
        with calling("identifying_params", "_identifying_params"):
            params = dict(model._identifying_params)
        name = params.get("model_name")
        if not isinstance(name, str) or not name:
            fail(
                "identifying_params",
                f"_identifying_params has no model_name (got {sorted(params)})",
                "return {'model_name': self.model_name, ...} from the _identifying_params "
                "property; tracing tools price and group runs by it",
            )

    def test_secrets_are_secret_str(self, model: Any) -> None:
        """Fields that hold secrets are ``SecretStr`` and never shown by repr/str."""
        if not secret_fields(model):
            pytest.skip("no field looks like a secret (api_key, secret, token, password)")
        problem = secret_problem(model)
        if problem is not None:
            fail(
                "secrets",
                problem,
                "declare secrets as `api_key: SecretStr` (pydantic) and read them with "
                ".get_secret_value() only where the request is made",
            )

    def test_invoke(self, model: Any) -> None:
        """``invoke`` returns the right type."""
        with calling("invoke", "invoke()"):
            output = model.invoke(self.prompt)
        self.check_output_type("invoke", output)

    @pytest.mark.asyncio
    async def test_ainvoke(self, model: Any) -> None:
        """``ainvoke`` returns what ``invoke`` returns."""
        with calling("ainvoke", "ainvoke()"):
            got = await model.ainvoke(self.prompt)
        self.check_output_type("ainvoke", got)
        with calling("ainvoke", "invoke()"):
            want = model.invoke(self.prompt)
        self._agree(
            "ainvoke", "ainvoke()", got, want, "make the async path compute what the sync one does"
        )

    def test_batch(self, model: Any) -> None:
        """``batch`` returns one result per input, in order, as ``invoke`` would."""
        prompts = [self.prompt, self.other_prompt]
        with calling("batch", "batch()"):
            got = model.batch(prompts)
        self._check_batch("batch", got, [model.invoke(p) for p in prompts])

    @pytest.mark.asyncio
    async def test_abatch(self, model: Any) -> None:
        """``abatch`` returns one result per input, in order, as ``invoke`` would."""
        prompts = [self.prompt, self.other_prompt]
        with calling("abatch", "abatch()"):
            got = await model.abatch(prompts)
        self._check_batch("abatch", got, [model.invoke(p) for p in prompts])

    def _check_batch(self, check: str, got: list[Any], want: list[Any]) -> None:
        if len(got) != len(want):
            fail(
                check,
                f"{check}() of {len(want)} inputs returned {len(got)} results",
                "return exactly one result per input",
            )
        for index, (one, other) in enumerate(zip(got, want, strict=True)):
            self.check_output_type(check, one)
            self._agree(
                check,
                f"{check}() result #{index + 1}",
                one,
                other,
                "keep batch inputs independent and in order",
            )

    def test_stream(self, model: Any) -> None:
        """``stream`` yields chunks that add up to the ``invoke`` result (with stop too)."""
        for stop in self._stream_stops(model):
            with calling("stream", f"stream(stop={stop!r})"):
                chunks = list(model.stream(self.prompt, stop=stop))
            self._check_stream("stream", model, chunks, stop)

    @pytest.mark.asyncio
    async def test_astream(self, model: Any) -> None:
        """``astream`` yields chunks that add up to the ``invoke`` result."""
        for stop in self._stream_stops(model):
            with calling("astream", f"astream(stop={stop!r})"):
                chunks = [chunk async for chunk in model.astream(self.prompt, stop=stop)]
            self._check_stream("astream", model, chunks, stop)

    def _stream_stops(self, model: Any) -> list[list[str] | None]:
        """Stream without stop, then with the stop sequence the stop checks use."""
        if not (self.supports_stop and self.deterministic):
            return [None]
        with calling("stream", "invoke()"):
            case = pick_stop(self.text_of(model.invoke(self.prompt)))
        if case is None:
            return [None]
        try:
            model.invoke(self.prompt, stop=[case[0]])
        except Exception:  # test_stop_sequence_* report a model that rejects stop
            return [None]
        return [None, [case[0]]]

    def _check_stream(
        self, check: str, model: Any, chunks: list[Any], stop: list[str] | None
    ) -> None:
        if not chunks:
            fail(check, f"{check}(stop={stop!r}) yielded no chunks", "yield at least one chunk")
        for chunk in chunks:
            self.check_chunk_type(check, chunk)
        with calling(check, f"invoke(stop={stop!r})"):
            want = model.invoke(self.prompt, stop=stop)
        self._agree(
            check,
            f"the {len(chunks)} chunks of {check}(stop={stop!r}) added up",
            self.accumulate(chunks),
            want,
            "yield every piece of the reply exactly once, in order; the sum of the "
            "chunks must equal what invoke() returns",
        )

    @pytest.mark.asyncio
    async def test_on_llm_new_token_before_yield(self, model: Any) -> None:
        """``on_llm_new_token`` fires once per chunk, BEFORE the chunk is yielded."""
        checked = []
        fix = (
            "in _stream/_astream call `run_manager.on_llm_new_token(chunk.text, chunk=chunk)` "
            "(await it in _astream) right before `yield chunk`, once per chunk"
        )
        if self.streams_natively(model, is_async=False):
            recorder = OrderRecorder()
            with calling("callbacks", "stream()"):
                for chunk in model.stream(self.prompt, config={"callbacks": [recorder]}):
                    recorder.received(self.text_of(chunk))
            problem = order_problem(recorder.timeline)
            if problem is not None:
                fail("callbacks", f"stream(): {problem}", fix)
            checked.append("stream")
        if self.streams_natively(model, is_async=True):
            recorder = OrderRecorder()
            with calling("callbacks", "astream()"):
                async for chunk in model.astream(self.prompt, config={"callbacks": [recorder]}):
                    recorder.received(self.text_of(chunk))
            problem = order_problem(recorder.timeline)
            if problem is not None:
                fail("callbacks", f"astream(): {problem}", fix)
            checked.append("astream")
        if not checked:
            pytest.skip("the model does not stream (no _stream/_astream): nothing to order")

    def test_stop_sequence_respected(self, model: Any) -> None:
        """With ``stop``, invoke's output ends at the first stop sequence.

        (Streaming with ``stop`` is held to the same output by test_stream/test_astream.)
        """
        stop, expected, baseline = self._stop_case(model, "stop_respected")
        with calling("stop_respected", f"invoke(stop=[{stop!r}])"):
            text = self.text_of(model.invoke(self.prompt, stop=[stop]))
        if not expected.startswith(text):
            fail(
                "stop_respected",
                f"invoke(stop=[{stop!r}]) returned {text!r}; the reply without stop is "
                f"{self.text_of(baseline)!r}, so it must end at {expected!r}",
                "cut the output at the first occurrence of any stop sequence "
                "(send `stop` to the provider, or cut the text yourself)",
            )

    def test_stop_sequence_included(self, model: Any) -> None:
        """The stop sequence itself is INCLUDED in the output."""
        stop, expected, _ = self._stop_case(model, "stop_included")
        with calling("stop_included", f"invoke(stop=[{stop!r}])"):
            text = self.text_of(model.invoke(self.prompt, stop=[stop]))
        if stop not in text:
            fail(
                "stop_included",
                f"invoke(stop=[{stop!r}]) returned {text!r}, which drops the stop "
                f"sequence (expected {expected!r})",
                "keep the stop sequence at the end of the output: cut at "
                "index + len(stop), not at index",
            )

    @pytest.mark.asyncio
    async def test_astream_events(self, model: Any) -> None:
        """astream_events: a start, one stream event per chunk, an end equal to the chunks."""
        check = "astream_events"
        with calling(check, "astream()"):
            chunk_count = len([c async for c in model.astream(self.prompt)])
        with calling(check, "astream_events(version='v2')"):
            events = [e async for e in model.astream_events(self.prompt, version="v2")]
        names = [e["event"] for e in events]
        start, stream, end = (f"{self.event_prefix}_{k}" for k in ("start", "stream", "end"))
        fix = (
            "do not override stream/astream/astream_events themselves; implement "
            "_stream/_astream and yield chunk objects whose + concatenates them"
        )
        if not names or names[0] != start or names[-1] != end:
            fail(check, f"expected {start} ... {end}, got {names}", fix)
        pieces = [self.text_of(e["data"]["chunk"]) for e in events if e["event"] == stream]
        if self.deterministic and len(pieces) != chunk_count:
            fail(
                check,
                f"{len(pieces)} {stream} events for {chunk_count} chunks yielded by astream()",
                fix,
            )
        output = self.text_of(events[-1]["data"].get("output"))
        if output != "".join(pieces):
            fail(
                check,
                f"{end} output {output!r} != the {len(pieces)} streamed chunks added up "
                f"{''.join(pieces)!r}",
                fix,
            )

    def test_native_async(self, model: Any) -> None:
        """Native async is implemented (a warning, not a failure, when missing)."""
        raise NotImplementedError


def is_language_model(value: Any) -> bool:
    """Whether ``value`` is a LangChain language model instance."""
    return isinstance(value, BaseLanguageModel)
