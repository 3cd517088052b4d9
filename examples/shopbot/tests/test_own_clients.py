"""Shopbot's self-built clients, answered by ``fake_providers`` with no change to the app."""

from __future__ import annotations

import openai
import pytest

from shopbot.own_clients import similar, stock_answer, stream_words, tagline, translate


def test_tagline_chain_builds_its_own_chat_openai(fake_providers):
    assert tagline("a kettle") == "A tagline for a kettle."  # parrot: the prompt it built
    (call,) = fake_providers.calls
    assert call.kwargs["model"] == "gpt-4o-mini"


def test_litellm_with_a_real_name(fake_providers):
    assert translate("bonjour") == "bonjour"
    assert fake_providers.calls[0].kwargs["provider"] == "openai"


def test_the_sdk_streams_and_embeds(fake_providers):
    assert stream_words("one two three") == ["one ", "two ", "three"]
    assert similar("kettle", "kettle")
    assert not similar("kettle", "toaster")


@pytest.mark.fakes(providers={"gpt-4.1*": "tools"})
def test_the_agent_calls_its_tool():
    # The marker alone starts fake_providers: gpt-4.1-mini calls the tool by the
    # tool-calling rules, then answers from its result.
    answer = stock_answer("Is KETTLE-1 in stock? Use check_stock(sku='KETTLE-1').")
    assert answer == "check_stock: 3 in stock for KETTLE-1"  # the tool's real result


def test_a_provider_outage(fake_providers):
    fake_providers.route("gpt-4o-mini", "fail-429")
    with pytest.raises(openai.RateLimitError):
        tagline("a kettle")
