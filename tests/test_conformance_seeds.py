"""The seed guides' own example classes, run through the conformance checks.

What they fail follows from the seed code itself (see notes/readme-conformance.md):
- CustomLLM (seed 000) raises ValueError on any ``stop``: both stop checks fail; it
  has no _acall/_astream: native-async warning.
- ChatParrotLink (seed 001) ignores ``stop``: stop_respected fails (the stop
  sequence is still in its uncut output, so stop_included passes); no
  _agenerate/_astream: native-async warning.
- MyCustomLLM (seed 002, proxy handler) passes; it cannot be made to fail, so the
  error check skips.
- UnixTimeLLM (seed 002) calls ``completion(model="test/unixtime", mock_response=...)``,
  which litellm 1.106 rejects ("LLM Provider NOT provided"), and its ``streaming``
  returns one dict instead of yielding it.
"""

from __future__ import annotations

import re

import pytest

# Imports litellm once for the outer session, so the inner session reuses it.
from conformance_cases import seed_examples  # noqa: F401

_FAILED = re.compile(r"^FAILED test_seeds\.py::(\w+)::(\w+)")

EXPECTED = {
    "TestSeedCustomLLM": {"test_stop_sequence_respected", "test_stop_sequence_included"},
    "TestSeedChatParrotLink": {"test_stop_sequence_respected"},
    "TestSeedMyCustomLLM": set(),
    "TestSeedUnixTimeLLM": {
        "test_completion_returns_model_response",
        "test_acompletion_returns_model_response",
        "test_streaming_yields_chunks",
        "test_litellm_completion_end_to_end",
        "test_litellm_acompletion_end_to_end",
        "test_litellm_streaming_end_to_end",
    },
}

SEED_TESTS = """
from conformance_cases.seed_examples import ChatParrotLink, CustomLLM, MyCustomLLM, UnixTimeLLM
from fakes.conformance import ChatModelConformance, LiteLLMHandlerConformance, LLMConformance


class TestSeedCustomLLM(LLMConformance):
    model_class = CustomLLM
    model_params = {"n": 50}


class TestSeedChatParrotLink(ChatModelConformance):
    model_class = ChatParrotLink
    model_params = {"parrot_buffer_length": 50, "model": "bird-brain-001"}


class TestSeedMyCustomLLM(LiteLLMHandlerConformance):
    handler = MyCustomLLM()


class TestSeedUnixTimeLLM(LiteLLMHandlerConformance):
    handler = UnixTimeLLM()
"""


def test_seed_examples_report(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(test_seeds=SEED_TESTS)
    result = pytester.runpytest("-p", "no:socket", "-p", "no:cacheprovider", "-rfs", "-W", "always")
    output = result.stdout.str()
    failed: dict[str, set[str]] = {name: set() for name in EXPECTED}
    for line in output.splitlines():
        if match := _FAILED.match(line):
            failed[match.group(1)].add(match.group(2))
    assert failed == EXPECTED, output
    # The failures say what is wrong in the seed's own terms. Each line on its own:
    # the failures are reported in run order, and the inner run may be shuffled too.
    for line in (
        "*[[]stop_respected[]] invoke(stop=[[]*[]]) raised ValueError: stop kwargs are not*",
        "*[[]stop_respected[]] invoke(stop=[[]*[]]) returned 'Hello*'; the reply without*",
        "*[[]streaming[]] streaming() returned a dict (*), not an iterator of chunks*",
    ):
        result.stdout.fnmatch_lines([line])
    assert "[native_async] CustomLLM has no native _acall / _astream" in output
    assert "[native_async] ChatParrotLink has no native _agenerate / _astream" in output
    assert "the handler accepted the bad call {'messages': []}" in output
