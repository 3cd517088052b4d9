"""Side-by-side benchmarks: each fake against its reference, as a ratio in one run.

Run with ``nox -s bench`` or ``python benchmarks/bench.py [--quick] [--only NAME]``.
Each comparison alternates the fake and its reference in rounds (A, B, A, B, ...)
so that machine noise hits both alike, and reports the ratio of the medians.
Nothing here asserts a time: the budgets are printed, and a missed budget is a
finding to look into, not a test failure.
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")


@dataclass
class Result:
    name: str
    reference: str
    budget: float | None
    """None for a framework-floor row: it shows a cost, it has no budget."""
    measured: Measured
    unit: str = "us"

    @property
    def ratio(self) -> float:
        return self.measured.ratio

    def row(self) -> str:
        scale = 1e6 if self.unit == "us" else 1e3
        fake = f"{self.measured.fake_median * scale:,.1f} {self.unit}"
        reference = f"{self.measured.reference_median * scale:,.1f} {self.unit}"
        if self.budget is None:
            budget, verdict = "(floor)", "-"
        else:
            budget = f"<= {self.budget}"
            verdict = "ok" if self.ratio <= self.budget else "MISSED"
        return (
            f"| {self.name} | {self.reference} | {self.ratio:.3f} | {budget} | {verdict} "
            f"| {fake} | {reference} |"
        )


@dataclass(frozen=True)
class Measured:
    """One comparison: the median per-round ratio and each side's median time per call."""

    ratio: float
    fake_median: float
    reference_median: float


def compare(
    fake: Callable[[], Any], reference: Callable[[], Any], *, rounds: int, inner: int
) -> Measured:
    """Time ``fake`` and ``reference`` in alternating rounds; see benchmarks/README.md."""
    for _ in range(max(3, inner // 10)):  # warm caches and lazy imports
        fake()
        reference()
    fake_times: list[float] = []
    reference_times: list[float] = []
    for index in range(rounds):
        order = (fake, reference) if index % 2 == 0 else (reference, fake)
        for func in order:
            # Start each round from a clean heap, so that garbage one side left
            # behind is not collected on the other side's clock (a 1,000-chunk
            # stream leaves thousands of objects; its row swung 0.6-1.1 without this).
            gc.collect()
            start = time.perf_counter()
            for _ in range(inner):
                func()
            elapsed = (time.perf_counter() - start) / inner
            (fake_times if func is fake else reference_times).append(elapsed)
    # The ratio is taken round by round, between two back-to-back measurements,
    # and its median reported: on a shared machine the speed drifts by tens of
    # percent over seconds, which a ratio of two overall medians takes in.
    ratios = [f / r for f, r in zip(fake_times, reference_times, strict=True)]
    return Measured(
        statistics.median(ratios),
        statistics.median(fake_times),
        statistics.median(reference_times),
    )


# -- references -------------------------------------------------------------------


def minimal_chat_model() -> Any:
    from langchain_core.language_models import BaseChatModel
    from langchain_core.messages import AIMessage
    from langchain_core.outputs import ChatGeneration, ChatResult

    class ConstantChat(BaseChatModel):
        def _generate(
            self, messages: Any, stop: Any = None, run_manager: Any = None, **kwargs: Any
        ) -> ChatResult:
            return ChatResult(generations=[ChatGeneration(message=AIMessage(content="constant"))])

        @property
        def _llm_type(self) -> str:
            return "constant"

    return ConstantChat()


def seed_chat_parrot_link() -> Any:
    """The seed guide's ChatParrotLink: the verbatim copy our conformance tests check."""
    tests = str(Path(__file__).resolve().parent.parent / "tests")
    if tests not in sys.path:
        sys.path.insert(0, tests)
    from conformance_cases.seed_examples import ChatParrotLink

    return ChatParrotLink(parrot_buffer_length=1000, model="seed")


# -- the comparisons ----------------------------------------------------------------


def bench_parrot_invoke_vs_minimal(quick: bool) -> Result:
    from fakes.langchain import ParrotChat

    fake, ref = ParrotChat(), minimal_chat_model()
    measured = compare(
        lambda: fake.invoke("hello there"),
        lambda: ref.invoke("hello there"),
        rounds=40 if quick else 180,
        inner=25 if quick else 50,
    )
    return Result("`ParrotChat.invoke`", "minimal `BaseChatModel` (constant)", 1.10, measured)


def bench_parrot_stream_vs_seed(quick: bool) -> Result:
    from fakes.langchain import ParrotChat

    text = ("lorem ipsum " * 100)[:1000]
    fake, ref = ParrotChat(parrot_buffer_length=1000), seed_chat_parrot_link()
    measured = compare(
        lambda: list(fake.stream(text)),
        lambda: list(ref.stream(text)),
        rounds=12 if quick else 48,
        inner=1 if quick else 2,
    )
    return Result(
        "`ParrotChat.stream`, 1,000 chars",
        "seed `ChatParrotLink.stream`",
        1.05,
        measured,
        unit="ms",
    )


def bench_parrot_vs_generic_fake(quick: bool) -> Result:
    import itertools

    from langchain_core.language_models import GenericFakeChatModel
    from langchain_core.messages import AIMessage

    from fakes.langchain import ParrotChat

    fake = ParrotChat()
    ref = GenericFakeChatModel(
        messages=(AIMessage(content="hello there") for _ in itertools.count())
    )
    measured = compare(
        lambda: fake.invoke("hello there"),
        lambda: ref.invoke("hello there"),
        rounds=40 if quick else 180,
        inner=25 if quick else 50,
    )
    return Result("`ParrotChat.invoke`", "`GenericFakeChatModel.invoke`", 1.05, measured)


def bench_seed_invoke_vs_minimal(quick: bool) -> Result:
    """Floor: what building a message with usage and metadata costs, no fake involved."""
    fake, ref = seed_chat_parrot_link(), minimal_chat_model()
    measured = compare(
        lambda: fake.invoke("hello there"),
        lambda: ref.invoke("hello there"),
        rounds=40 if quick else 180,
        inner=25 if quick else 50,
    )
    return Result("seed `ChatParrotLink.invoke`", "minimal `BaseChatModel`", None, measured)


def bench_parrot_invoke_vs_seed(quick: bool) -> Result:
    """The fake against the seed model that builds the same message, without a call log."""
    from fakes.langchain import ParrotChat

    fake, ref = ParrotChat(parrot_buffer_length=1000), seed_chat_parrot_link()
    measured = compare(
        lambda: fake.invoke("hello there"),
        lambda: ref.invoke("hello there"),
        rounds=40 if quick else 180,
        inner=25 if quick else 50,
    )
    return Result("`ParrotChat.invoke`", "seed `ChatParrotLink.invoke`", None, measured)


def bench_tool_turn(quick: bool) -> Result:
    from langchain_core.tools import tool

    from fakes.langchain import ToolCallingChat

    @tool
    def get_weather(city: str) -> str:
        """Weather in a city."""
        return "sunny"

    @tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    @tool
    def search(query: str, limit: int = 5) -> str:
        """Search the web."""
        return query

    fake = ToolCallingChat().bind_tools([get_weather, add, search])
    ref = minimal_chat_model()
    prompt = 'call get_weather(city="Paris") and add(2, 3)'
    measured = compare(
        lambda: fake.invoke(prompt),
        lambda: ref.invoke(prompt),
        rounds=40 if quick else 180,
        inner=12 if quick else 25,
    )
    return Result("`ToolCallingChat` turn, 3 bound tools", "minimal `BaseChatModel`", 1.5, measured)


def bench_litellm(quick: bool) -> Result:
    import litellm

    from fakes.litellm import register

    messages = [{"role": "user", "content": "hello there"}]
    with register():
        measured = compare(
            lambda: litellm.completion(model="fakes/parrot", messages=messages),
            lambda: litellm.completion(
                model="gpt-4o-mini", messages=messages, mock_response="hello there"
            ),
            rounds=24 if quick else 120,
            inner=6 if quick else 10,
        )
    return Result(
        '`litellm.completion("fakes/parrot")`',
        "`litellm.completion(mock_response=...)`",
        1.0,
        measured,
    )


def constant_litellm_handler() -> Any:
    """The floor of LiteLLM's custom-provider path: a handler returning a constant.

    Like the fakes handler it reports usage (else LiteLLM counts tokens itself) under
    a model name that is priced (see :func:`priced_at_zero`), so the two compare like
    with like: what is left is LiteLLM's path for any custom provider.
    """
    from litellm import ModelResponse
    from litellm.llms.custom_llm import CustomLLM

    class ConstantHandler(CustomLLM):
        def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
            return ModelResponse(
                model="x",
                choices=[{"message": {"role": "assistant", "content": "hello there"}}],
                usage={"prompt_tokens": 11, "completion_tokens": 11, "total_tokens": 22},
            )

    return ConstantHandler()


@contextmanager
def priced_at_zero(model: str) -> Iterator[None]:
    """Give ``provider/model`` a zero price in LiteLLM's cost map for the block.

    ``fakes.litellm.register()`` does this for the fakes model names; an unpriced
    model sends every call down LiteLLM's failing cost lookups instead.
    """
    import litellm

    from fakes.litellm._registrations import _invalidate_model_cost_caches

    provider = model.split("/", 1)[0]
    litellm.model_cost[model] = {
        "litellm_provider": provider,
        "mode": "chat",
        "input_cost_per_token": 0.0,
        "output_cost_per_token": 0.0,
    }
    _invalidate_model_cost_caches()
    try:
        yield
    finally:
        litellm.model_cost.pop(model, None)
        _invalidate_model_cost_caches()


def bench_litellm_floor(quick: bool) -> Result:
    """Floor: LiteLLM's custom-provider path itself, against the mock_response shortcut."""
    import litellm

    from fakes.litellm import register

    messages = [{"role": "user", "content": "hello there"}]
    with register(constant_litellm_handler(), provider="constant"), priced_at_zero("constant/x"):
        measured = compare(
            lambda: litellm.completion(model="constant/x", messages=messages),
            lambda: litellm.completion(
                model="gpt-4o-mini", messages=messages, mock_response="hello there"
            ),
            rounds=24 if quick else 120,
            inner=6 if quick else 10,
        )
    return Result(
        "do-nothing `CustomLLM` handler",
        "`litellm.completion(mock_response=...)`",
        None,
        measured,
    )


def bench_litellm_vs_floor(quick: bool) -> Result:
    """The fakes handler against a do-nothing handler on the same custom-provider path."""
    import litellm

    from fakes.litellm import register

    messages = [{"role": "user", "content": "hello there"}]
    with (
        register(),
        register(constant_litellm_handler(), provider="constant"),
        priced_at_zero("constant/x"),
    ):
        measured = compare(
            lambda: litellm.completion(model="fakes/parrot", messages=messages),
            lambda: litellm.completion(model="constant/x", messages=messages),
            rounds=24 if quick else 120,
            inner=6 if quick else 10,
        )
    return Result(
        '`litellm.completion("fakes/parrot")`', "do-nothing `CustomLLM` handler", None, measured
    )


def bench_plugin_load(quick: bool) -> Result:
    with tempfile.TemporaryDirectory() as tmp:
        test_file = os.path.join(tmp, "test_trivial.py")
        with open(test_file, "w") as handle:
            handle.write("def test_trivial():\n    assert 1 + 1 == 2\n")
        base = [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-c",
            os.devnull,
            "--rootdir",
            tmp,
            test_file,
        ]

        def run(extra: list[str]) -> Callable[[], None]:
            def go() -> None:
                subprocess.run(base + extra, check=True, capture_output=True, cwd=tmp)

            return go

        measured = compare(run([]), run(["-p", "no:fakes"]), rounds=6 if quick else 20, inner=1)
    return Result(
        "plugin load: trivial test file", "same file with `-p no:fakes`", 1.05, measured, unit="ms"
    )


def _events(count: int) -> list[dict[str, Any]]:
    import uuid

    from langchain_core.messages import AIMessageChunk

    root = str(uuid.uuid4())
    events: list[dict[str, Any]] = []
    for index in range(count):
        run_id = str(uuid.uuid4()) if index % 10 == 0 else events[-1]["run_id"]
        events.append(
            {
                "event": "on_chat_model_stream",
                "name": "ParrotChat",
                "run_id": run_id,
                "parent_ids": [root],
                "tags": ["seq:step:2"],
                "metadata": {"lc_versions": {"langchain-core": "1.7.2"}, "ls_provider": "fakes"},
                "data": {"chunk": AIMessageChunk(content="x", id=f"lc_run--{run_id}")},
            }
        )
    return events


def bench_normalize(quick: bool) -> Result:
    from fakes.traces import normalize

    small, large = _events(10_000), _events(100_000)
    # The 110,000 input events (1.2 million GC-tracked objects) live through every
    # round, and each full collection of the cyclic GC walks all of them. The
    # 100,000-event run triggers full collections, the 10,000-event run mostly
    # none, so the benchmark's own data (a few hundred ms) was charged to the
    # large run only. Freezing the inputs takes them out of collection; what
    # normalize allocates is still collected.
    gc.collect()
    gc.freeze()
    try:
        measured = compare(
            lambda: normalize(large), lambda: normalize(small), rounds=3 if quick else 7, inner=1
        )
    finally:
        gc.unfreeze()
    return Result("`normalize`, 100,000 events", "10,000 events", 11.0, measured, unit="ms")


# The seven budgets of issue 9, then the framework-floor rows (budget None) that
# separate what the fake costs from what the framework costs any model.
# -- fake_providers (in-process HTTP) ----------------------------------------------

_FIRST_ANSWER = """
import os, time
os.environ["OPENAI_API_KEY"] = "sk-x"
import openai
from fakes.providers import FakeProviders
start = time.perf_counter()
with FakeProviders():
    reply = openai.OpenAI().chat.completions.create(
        model="gpt-4o-mini", messages=[{"role": "user", "content": "hi"}]
    )
assert reply.choices[0].message.content == "hi"
print(time.perf_counter() - start)
"""


def bench_first_answer(quick: bool) -> Result:
    """From start to the first chat answer: fake_providers in-process vs the LiteLLM proxy."""
    import openai

    from fakes.server import start_proxy

    def in_process() -> float:
        # A fresh interpreter each time, with openai imported (the app imports it
        # anyway): what fake_providers adds is its own import, start and answer.
        out = subprocess.run(
            [sys.executable, "-c", _FIRST_ANSWER], capture_output=True, text=True, check=True
        )
        return float(out.stdout.strip())

    def proxied() -> float:
        start = time.perf_counter()
        proxy = start_proxy()
        try:
            client = openai.OpenAI(base_url=proxy.base_url, api_key=proxy.api_key)
            client.chat.completions.create(
                model="parrot", messages=[{"role": "user", "content": "hi"}]
            )
            return time.perf_counter() - start
        finally:
            proxy.stop()

    fake = statistics.median(in_process() for _ in range(3 if quick else 7))
    reference = proxied()  # one start: it takes ~27 s
    measured = Measured(fake / reference, fake, reference)
    return Result(
        "fake_providers: start to first answer (target < 0.5 s)",
        "`fake_openai_server` (LiteLLM's proxy): start to first answer",
        None,
        measured,
        unit="ms",
    )


_CANNED = {
    "id": "chatcmpl-canned",
    "object": "chat.completion",
    "created": 0,
    "model": "gpt-4o-mini",
    "choices": [
        {
            "index": 0,
            "message": {"role": "assistant", "content": "hello there"},
            "finish_reason": "stop",
            "logprobs": None,
        }
    ],
    "usage": {"prompt_tokens": 2, "completion_tokens": 11, "total_tokens": 13},
}


def bench_intercept_invoke(quick: bool) -> Result:
    """ChatOpenAI.invoke answered by fake_providers vs by a canned mock transport (the floor)."""
    import httpx2
    from langchain_openai import ChatOpenAI

    from fakes.providers import FakeProviders

    canned = httpx2.Client(
        transport=httpx2.MockTransport(lambda _: httpx2.Response(200, json=_CANNED))
    )
    floor = ChatOpenAI(model="gpt-4o-mini", api_key="sk-x", http_client=canned)  # type: ignore[arg-type]
    with FakeProviders():
        faked = ChatOpenAI(model="gpt-4o-mini")
        measured = compare(
            lambda: faked.invoke("hello there"),
            lambda: floor.invoke("hello there"),
            rounds=24 if quick else 120,
            inner=6 if quick else 10,
        )
    return Result(
        "`ChatOpenAI.invoke` under `fake_providers`",
        "the same, answered by a canned `MockTransport`",
        1.2,
        measured,
    )


def bench_stream_10k(quick: bool) -> Result:
    """A 10k-character reply streamed through litellm.completion(stream=True)."""
    import litellm

    from fakes.litellm import FakesHandler, register

    words = " ".join(f"word{index % 97}" for index in range(2000))[:10_000]
    messages = [{"role": "user", "content": words}]

    def drain(stream: Any) -> None:
        for _ in stream:
            pass

    with register(FakesHandler()):
        measured = compare(
            lambda: drain(litellm.completion(model="fakes/parrot", messages=messages, stream=True)),
            lambda: drain(
                litellm.completion(
                    model="gpt-4o-mini", messages=messages, mock_response=words, stream=True
                )
            ),
            rounds=6 if quick else 20,
            inner=1,
        )
    return Result(
        "10k-character `litellm.completion(stream=True)` from `fakes/parrot`",
        "the same text from `mock_response` (stream=True)",
        2.0,
        measured,
        unit="ms",
    )


BENCHES: dict[str, Callable[[bool], Result]] = {
    "parrot-invoke": bench_parrot_invoke_vs_minimal,
    "parrot-stream": bench_parrot_stream_vs_seed,
    "parrot-vs-generic": bench_parrot_vs_generic_fake,
    "tool-turn": bench_tool_turn,
    "litellm": bench_litellm,
    "plugin-load": bench_plugin_load,
    "normalize": bench_normalize,
    "floor-seed-invoke": bench_seed_invoke_vs_minimal,
    "floor-parrot-vs-seed": bench_parrot_invoke_vs_seed,
    "floor-litellm": bench_litellm_floor,
    "floor-litellm-fake": bench_litellm_vs_floor,
    "first-answer": bench_first_answer,
    "intercept-invoke": bench_intercept_invoke,
    "stream-10k": bench_stream_10k,
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--only", action="append", choices=sorted(BENCHES), help="run only these")
    args = parser.parse_args(argv)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    print("| what | reference | ratio | budget | verdict | fake median | reference median |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for name in args.only or list(BENCHES):
        try:
            print(BENCHES[name](args.quick).row(), flush=True)
        except ImportError as error:
            print(f"| {name} | not run: {error} | | | | | |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
