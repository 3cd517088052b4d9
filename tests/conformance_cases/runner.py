"""Run the conformance checks on one integration in an inner pytest session."""

from __future__ import annotations

import re

import pytest

_FAILED = re.compile(r"^FAILED test_case\.py::TestCase::(\w+)")


def run_case(
    pytester: pytest.Pytester, base: str, module: str, name: str, body: str = ""
) -> tuple[dict[str, int], set[str], str]:
    """Run the ``base`` checks on ``conformance_cases.<module>.<name>``.

    Returns the outcomes, the names of the failed checks and the output.
    """
    attr = "handler" if base == "LiteLLMHandlerConformance" else "model_class"
    value = f"{name}()" if attr == "handler" else name
    pytester.makeini("[pytest]\nasyncio_default_fixture_loop_scope = function\n")
    pytester.makepyfile(
        test_case=f"""
from conformance_cases.{module} import {name}
from fakes.conformance import {base}

class TestCase({base}):
    {attr} = {value}
{body}
"""
    )
    # pytest-socket is off in the inner session: the outer one already blocks
    # the network, and the inner one's teardown would lift that block.
    result = pytester.runpytest("-p", "no:socket", "-p", "no:cacheprovider", "-rfs", "-W", "always")
    output = result.stdout.str()
    failed = {m.group(1) for line in output.splitlines() if (m := _FAILED.match(line))}
    return result.parseoutcomes(), failed, output


_CHECK_TAG = {
    "test_stop_sequence_included": "[stop_included]",
    "test_stop_sequence_respected": "[stop_respected]",
    "test_on_llm_new_token_before_yield": "[callbacks]",
    "test_identifying_params_include_model_name": "[identifying_params]",
    "test_llm_type_is_str": "[llm_type]",
    "test_secrets_are_secret_str": "[secrets]",
    "test_stream": "[stream]",
    "test_astream": "[astream]",
    "test_ainvoke": "[ainvoke]",
    "test_abatch": "[abatch]",
    "test_batch": "[batch]",
    "test_invoke": "[invoke]",
    "test_astream_events": "[astream_events]",
    "test_final_chunk_is_last": "[chunk_position]",
    "test_usage_metadata_totals": "[usage_totals]",
    "test_streamed_usage_adds_up": "[usage_stream]",
    "test_tool_calling": "[tool_calling]",
    "test_completion_returns_model_response": "[completion]",
    "test_acompletion_returns_model_response": "[acompletion]",
    "test_streaming_yields_chunks": "[streaming]",
    "test_astreaming_is_async_generator": "[astreaming]",
    "test_astreaming_yields_chunks": "[astreaming_chunks]",
    "test_embedding_returns_embedding_response": "[embedding]",
    "test_aembedding_returns_embedding_response": "[aembedding]",
    "test_image_generation_returns_image_response": "[image_generation]",
    "test_aimage_generation_returns_image_response": "[aimage_generation]",
    "test_errors_are_custom_llm_error": "[errors]",
    "test_litellm_completion_end_to_end": "[e2e_completion]",
    "test_litellm_acompletion_end_to_end": "[e2e_acompletion]",
    "test_litellm_streaming_end_to_end": "[e2e_streaming]",
    "test_litellm_astreaming_end_to_end": "[e2e_astreaming]",
}


def assert_case(
    outcomes: dict[str, int], failed: set[str], output: str, expected: set[str]
) -> None:
    assert failed == expected, output
    assert outcomes.get("failed", 0) == len(expected), output
    assert outcomes.get("passed", 0) > 0, output
    for test in expected:
        # The message names the check and says how to fix it.
        assert f"{_CHECK_TAG[test]} " in output, output
    if expected:
        assert "How to fix:" in output, output
