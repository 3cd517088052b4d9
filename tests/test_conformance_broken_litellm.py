"""Proof for LiteLLMHandlerConformance: broken handlers fail exactly their check."""

from __future__ import annotations

import pytest

# Imports litellm once for the outer session, so the inner sessions reuse it.
from conformance_cases import broken_handlers  # noqa: F401
from conformance_cases.runner import assert_case, run_case

HANDLER_CASES = [
    ("GoodHandler", set()),
    (
        "AstreamingCoroutineHandler",
        {"test_astreaming_is_async_generator", "test_litellm_astreaming_end_to_end"},
    ),
    (
        "StreamingReturnsDictHandler",
        {"test_streaming_yields_chunks", "test_litellm_streaming_end_to_end"},
    ),
    ("UnfinishedStreamHandler", {"test_streaming_yields_chunks"}),
    # LiteLLM itself needs 'usage' in every chunk (KeyError: 'usage'), so the
    # end-to-end check fails too: the direct check says why.
    (
        "ChunkWithoutUsageHandler",
        {"test_astreaming_yields_chunks", "test_litellm_astreaming_end_to_end"},
    ),
    ("ValueErrorHandler", {"test_errors_are_custom_llm_error"}),
    (
        "CompletionReturnsDictHandler",
        {"test_completion_returns_model_response", "test_litellm_completion_end_to_end"},
    ),
    ("EmbeddingCountWrongHandler", {"test_aembedding_returns_embedding_response"}),
    ("AcceptsAnythingHandler", set()),
]


@pytest.mark.parametrize(("name", "expected"), HANDLER_CASES, ids=[c[0] for c in HANDLER_CASES])
def test_broken_handler(pytester: pytest.Pytester, name: str, expected: set[str]) -> None:
    outcomes, failed, output = run_case(
        pytester, "LiteLLMHandlerConformance", "broken_handlers", name
    )
    assert_case(outcomes, failed, output, expected)


def test_coroutine_astreaming_message_names_litellms_error(pytester: pytest.Pytester) -> None:
    _, _, output = run_case(
        pytester, "LiteLLMHandlerConformance", "broken_handlers", "AstreamingCoroutineHandler"
    )
    assert "'coroutine' object is not an iterator" in output


def test_handler_that_cannot_fail_skips_the_error_check(pytester: pytest.Pytester) -> None:
    outcomes, failed, output = run_case(
        pytester, "LiteLLMHandlerConformance", "broken_handlers", "AcceptsAnythingHandler"
    )
    assert not failed
    assert outcomes.get("skipped") == 1, output
    assert "the handler accepted the bad call {'messages': []}; set `error_call`" in output


def test_litellm_globals_are_restored(pytester: pytest.Pytester) -> None:
    import litellm

    before = (
        list(litellm.custom_provider_map),
        list(litellm.provider_list),
        list(litellm._custom_providers),
    )
    run_case(pytester, "LiteLLMHandlerConformance", "broken_handlers", "GoodHandler")
    after = (
        list(litellm.custom_provider_map),
        list(litellm.provider_list),
        list(litellm._custom_providers),
    )
    assert after == before
    assert "conformance-check" not in litellm.provider_list
