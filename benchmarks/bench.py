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
from collections.abc import Callable
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
    fake_median: float
    reference_median: float
    unit: str = "us"

    @property
    def ratio(self) -> float:
        return self.fake_median / self.reference_median

    def row(self) -> str:
        scale = 1e6 if self.unit == "us" else 1e3
        fake = f"{self.fake_median * scale:,.1f} {self.unit}"
        reference = f"{self.reference_median * scale:,.1f} {self.unit}"
        if self.budget is None:
            budget, verdict = "(floor)", "-"
        else:
            budget = f"<= {self.budget}"
            verdict = "ok" if self.ratio <= self.budget else "MISSED"
        return (
            f"| {self.name} | {self.reference} | {self.ratio:.3f} | {budget} | {verdict} "
            f"| {fake} | {reference} |"
        )


def compare(
    fake: Callable[[], Any], reference: Callable[[], Any], *, rounds: int, inner: int
) -> tuple[float, float]:
    """Median seconds per call of ``fake`` and ``reference``, measured alternately."""
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
    return statistics.median(fake_times), statistics.median(reference_times)


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
    f, r = compare(
        lambda: fake.invoke("hello there"),
        lambda: ref.invoke("hello there"),
        rounds=10 if quick else 30,
        inner=100 if quick else 300,
    )
    return Result("`ParrotChat.invoke`", "minimal `BaseChatModel` (constant)", 1.10, f, r)


def bench_parrot_stream_vs_seed(quick: bool) -> Result:
    from fakes.langchain import ParrotChat

    text = ("lorem ipsum " * 100)[:1000]
    fake, ref = ParrotChat(parrot_buffer_length=1000), seed_chat_parrot_link()
    f, r = compare(
        lambda: list(fake.stream(text)),
        lambda: list(ref.stream(text)),
        rounds=6 if quick else 16,
        inner=3 if quick else 6,
    )
    return Result(
        "`ParrotChat.stream`, 1,000 chars", "seed `ChatParrotLink.stream`", 1.05, f, r, unit="ms"
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
    f, r = compare(
        lambda: fake.invoke("hello there"),
        lambda: ref.invoke("hello there"),
        rounds=10 if quick else 30,
        inner=100 if quick else 300,
    )
    return Result("`ParrotChat.invoke`", "`GenericFakeChatModel.invoke`", 1.05, f, r)


def bench_seed_invoke_vs_minimal(quick: bool) -> Result:
    """Floor: what building a message with usage and metadata costs, no fake involved."""
    fake, ref = seed_chat_parrot_link(), minimal_chat_model()
    f, r = compare(
        lambda: fake.invoke("hello there"),
        lambda: ref.invoke("hello there"),
        rounds=10 if quick else 30,
        inner=100 if quick else 300,
    )
    return Result("seed `ChatParrotLink.invoke`", "minimal `BaseChatModel`", None, f, r)


def bench_parrot_invoke_vs_seed(quick: bool) -> Result:
    """The fake against the seed model that builds the same message, without a call log."""
    from fakes.langchain import ParrotChat

    fake, ref = ParrotChat(parrot_buffer_length=1000), seed_chat_parrot_link()
    f, r = compare(
        lambda: fake.invoke("hello there"),
        lambda: ref.invoke("hello there"),
        rounds=10 if quick else 30,
        inner=100 if quick else 300,
    )
    return Result("`ParrotChat.invoke`", "seed `ChatParrotLink.invoke`", None, f, r)


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
    f, r = compare(
        lambda: fake.invoke(prompt),
        lambda: ref.invoke(prompt),
        rounds=10 if quick else 30,
        inner=50 if quick else 150,
    )
    return Result("`ToolCallingChat` turn, 3 bound tools", "minimal `BaseChatModel`", 1.5, f, r)


def bench_litellm(quick: bool) -> Result:
    import litellm

    from fakes.litellm import register

    messages = [{"role": "user", "content": "hello there"}]
    with register():
        f, r = compare(
            lambda: litellm.completion(model="fakes/parrot", messages=messages),
            lambda: litellm.completion(
                model="gpt-4o-mini", messages=messages, mock_response="hello there"
            ),
            rounds=8 if quick else 20,
            inner=20 if quick else 60,
        )
    return Result(
        '`litellm.completion("fakes/parrot")`', "`litellm.completion(mock_response=...)`", 1.0, f, r
    )


def constant_litellm_handler() -> Any:
    """The floor of LiteLLM's custom-provider path: a handler returning a constant."""
    from litellm import ModelResponse
    from litellm.llms.custom_llm import CustomLLM

    class ConstantHandler(CustomLLM):
        def completion(self, *args: Any, **kwargs: Any) -> ModelResponse:
            return ModelResponse(
                model="constant",
                choices=[{"message": {"role": "assistant", "content": "hello there"}}],
            )

    return ConstantHandler()


def bench_litellm_floor(quick: bool) -> Result:
    """Floor: LiteLLM's custom-provider path itself, against the mock_response shortcut."""
    import litellm

    from fakes.litellm import register

    messages = [{"role": "user", "content": "hello there"}]
    with register(constant_litellm_handler(), provider="constant"):
        f, r = compare(
            lambda: litellm.completion(model="constant/x", messages=messages),
            lambda: litellm.completion(
                model="gpt-4o-mini", messages=messages, mock_response="hello there"
            ),
            rounds=8 if quick else 20,
            inner=20 if quick else 60,
        )
    return Result(
        "do-nothing `CustomLLM` handler",
        "`litellm.completion(mock_response=...)`",
        None,
        f,
        r,
    )


def bench_litellm_vs_floor(quick: bool) -> Result:
    """The fakes handler against a do-nothing handler on the same custom-provider path."""
    import litellm

    from fakes.litellm import register

    messages = [{"role": "user", "content": "hello there"}]
    with register(), register(constant_litellm_handler(), provider="constant"):
        f, r = compare(
            lambda: litellm.completion(model="fakes/parrot", messages=messages),
            lambda: litellm.completion(model="constant/x", messages=messages),
            rounds=8 if quick else 20,
            inner=20 if quick else 60,
        )
    return Result(
        '`litellm.completion("fakes/parrot")`', "do-nothing `CustomLLM` handler", None, f, r
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

        f, r = compare(run([]), run(["-p", "no:fakes"]), rounds=6 if quick else 20, inner=1)
    return Result(
        "plugin load: trivial test file", "same file with `-p no:fakes`", 1.05, f, r, unit="ms"
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
        f, r = compare(
            lambda: normalize(large), lambda: normalize(small), rounds=3 if quick else 7, inner=1
        )
    finally:
        gc.unfreeze()
    return Result("`normalize`, 100,000 events", "10,000 events", 11.0, f, r, unit="ms")


# The seven budgets of issue 9, then the framework-floor rows (budget None) that
# separate what the fake costs from what the framework costs any model.
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
