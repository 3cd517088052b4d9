"""Proof that each conformance check catches its bug: broken integrations, run with pytester.

Every case is a copy of a correct integration with one checklist bug. The
checks run on it in an inner pytest session; the case must fail exactly the
listed checks, each with a message naming the check, and pass the others.
"""

from __future__ import annotations

from typing import Any

import pytest

# Imported here so the inner sessions reuse the modules instead of importing
# them again (pytester drops modules first imported by an in-process run).
from conformance_cases import broken_chats, broken_llms  # noqa: F401
from conformance_cases.runner import assert_case, run_case

LLM_CASES = [
    ("GoodLLM", set()),
    ("StopDroppedLLM", {"test_stop_sequence_included"}),
    ("StopIgnoredLLM", {"test_stop_sequence_respected"}),
    ("CallbackAfterYieldLLM", {"test_on_llm_new_token_before_yield"}),
    ("NoCallbackLLM", {"test_on_llm_new_token_before_yield"}),
    ("NoModelNameLLM", {"test_identifying_params_include_model_name"}),
    ("LLMTypeNotStrLLM", {"test_llm_type_is_str"}),
    ("PlainStrKeyLLM", {"test_secrets_are_secret_str"}),
    ("StreamDropsLastPieceLLM", {"test_stream"}),
    ("AsyncStreamDuplicatesLLM", {"test_astream"}),
    ("AsyncDisagreesLLM", {"test_ainvoke", "test_abatch"}),
    ("BatchRepeatsFirstLLM", {"test_batch"}),
    ("EventsEndWrongLLM", {"test_astream_events"}),
    ("SyncOnlyLLM", set()),
]


@pytest.mark.parametrize(("name", "expected"), LLM_CASES, ids=[c[0] for c in LLM_CASES])
def test_broken_llm(pytester: pytest.Pytester, name: str, expected: set[str]) -> None:
    outcomes, failed, output = run_case(pytester, "LLMConformance", "broken_llms", name)
    assert_case(outcomes, failed, output, expected)


def test_sync_only_llm_gets_a_warning_not_a_failure(pytester: pytest.Pytester) -> None:
    outcomes, failed, output = run_case(pytester, "LLMConformance", "broken_llms", "SyncOnlyLLM")
    assert not failed, output
    assert outcomes.get("warnings") == 1, output
    assert (
        "ConformanceWarning: [native_async] SyncOnlyLLM has no native _acall / _astream" in output
    )


def test_good_llm_without_warnings(pytester: pytest.Pytester) -> None:
    outcomes, failed, output = run_case(pytester, "LLMConformance", "broken_llms", "GoodLLM")
    assert not failed, output
    assert "warnings" not in outcomes, output
    # The secrets check ran on its SecretStr api_key instead of skipping.
    assert "no field looks like a secret" not in output, output


CHAT_CASES = [
    ("GoodChat", set()),
    ("EveryChunkLastChat", {"test_final_chunk_is_last"}),
    ("UsageTotalWrongChat", {"test_usage_metadata_totals"}),
    ("StreamUsageRepeatedChat", {"test_streamed_usage_adds_up"}),
    ("NoUsageChat", {"test_usage_metadata_totals", "test_streamed_usage_adds_up"}),
    ("StopDroppedChat", {"test_stop_sequence_included"}),
    ("NoModelNameChat", {"test_identifying_params_include_model_name"}),
    # A ChatMessage carries no usage, so the usage checks are switched off for it.
    ("HumanReplyChat", {"test_invoke", "test_batch"}, "    returns_usage_metadata = False"),
    ("SyncOnlyChat", set()),
]


@pytest.mark.parametrize("case", CHAT_CASES, ids=[c[0] for c in CHAT_CASES])
def test_broken_chat(pytester: pytest.Pytester, case: tuple[Any, ...]) -> None:
    name, expected, body = (*case, "")[:3]
    outcomes, failed, output = run_case(
        pytester, "ChatModelConformance", "broken_chats", name, body
    )
    assert_case(outcomes, failed, output, expected)


def test_sync_only_chat_gets_a_warning(pytester: pytest.Pytester) -> None:
    outcomes, failed, output = run_case(
        pytester, "ChatModelConformance", "broken_chats", "SyncOnlyChat"
    )
    assert not failed, output
    assert outcomes.get("warnings") == 1, output
    assert "[native_async] SyncOnlyChat has no native _agenerate / _astream" in output
