"""Shopbot's tests: only pytest-fakes fixtures, no network, no API keys."""

from __future__ import annotations

import os

import litellm
import pytest

from shopbot.app import ask, blurb_chain, build_agent, receipt_line, summarize_review

# -- the prompt | model chain -----------------------------------------------------


def test_blurb_chain_sends_the_rendered_prompt(parrot_chat):
    # the parrot echoes the last message, so the output is the prompt the app built
    assert blurb_chain(parrot_chat).invoke({"product": "a kettle"}) == (
        "Describe a kettle in one line."
    )
    (call,) = parrot_chat.calls
    assert [turn.role for turn in call.turns] == ["system", "user"]


@pytest.mark.fakes(parrot_buffer_length=8)
async def test_blurb_chain_streams(parrot_chat):
    chunks = [chunk async for chunk in blurb_chain(parrot_chat).astream({"product": "a mug"})]
    assert "".join(chunks) == "Describe"
    assert len(chunks) > 1


# -- the agent with a tool ----------------------------------------------------------


def test_agent_calls_the_tool_named_in_the_question(tool_chat):
    answer = ask(build_agent(tool_chat), "Is it there? check_stock(sku='KETTLE-1')")
    assert answer == "check_stock: 3 in stock for KETTLE-1"


def test_blurb_chain_with_scripted_replies(scripted_chat):
    model = scripted_chat(["A kettle that sings when it is ready.", TimeoutError("slow model")])
    chain = blurb_chain(model)
    assert chain.invoke({"product": "a kettle"}) == "A kettle that sings when it is ready."
    with pytest.raises(TimeoutError, match="slow model"):
        chain.invoke({"product": "a kettle"})
    assert model.remaining == 0


# -- the LiteLLM call -----------------------------------------------------------------


def test_summarize_review_through_litellm(fake_litellm):
    summary = summarize_review("Great kettle, boils fast.", model="fakes/parrot")
    assert summary == "Great kettle, boils fast."
    (call,) = fake_litellm.calls
    assert [turn.role for turn in call.turns] == ["system", "user"]


def test_summarize_review_rate_limited(fake_litellm):
    with pytest.raises(litellm.RateLimitError):
        summarize_review("Too many requests.", model="fakes/fail-429")


def test_no_real_provider_is_reachable(monkeypatch):
    # the app's default model would need OPENAI_API_KEY and the network: both are gone.
    # Even with a key, the offline guard stops the request before it leaves the machine.
    assert "OPENAI_API_KEY" not in os.environ
    monkeypatch.setenv("OPENAI_API_KEY", "sk-not-a-real-key")
    with pytest.raises(litellm.InternalServerError) as caught:  # wrapped: the cause says why
        summarize_review("Nice mug.", model="gpt-4o-mini")
    chain, error = [], caught.value
    while error is not None:
        chain.append(f"{type(error).__name__}: {error}")
        error = error.__cause__ or error.__context__
    assert any("api.openai.com" in link and "Blocked" in link for link in chain), chain


# -- time ----------------------------------------------------------------------------


def test_receipt_line_at_a_fixed_time(unixtime_chat, frozen_clock):
    assert receipt_line(unixtime_chat, "A-1") == "order A-1 placed at 1704067200"
    frozen_clock.tick(60)
    assert receipt_line(unixtime_chat, "A-2") == "order A-2 placed at 1704067260"


# -- traces ----------------------------------------------------------------------------


@pytest.mark.fakes(parrot_buffer_length=4)
async def test_blurb_chain_events(parrot_chat, events_snapshot):
    chain = blurb_chain(parrot_chat)
    events = [e async for e in chain.astream_events({"product": "a mug"}, version="v2")]
    assert events == events_snapshot
