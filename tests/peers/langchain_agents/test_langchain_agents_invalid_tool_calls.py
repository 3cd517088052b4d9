"""langchain v1's tests of invalid tool calls in create_agent, on ScriptedChat: 0 of 8 pass.

Ported from langchain 1.5.2 (sdist), tests/unit_tests/agents/test_invalid_tool_calls.py.
Only the fake is swapped: upstream's ``FakeToolCallingModel(...)`` (its
tests/unit_tests/agents/model.py) becomes ``fake_tool_calling_model(...)`` with the same
arguments, a ScriptedChat with one callable reply and ``cycle=True`` that gives the
messages upstream's fake gives (see _langchain_agents_fake_model.py). Every assertion is
upstream's, unchanged.

Here upstream's fakes are two subclasses of FakeToolCallingModel, ``InvalidToolCallingModel``
and ``MixedToolCallingModel``, which override ``_generate``; they become the module's
``invalid_tool_calling_model(invalid_tool_call_id=...)`` and ``mixed_tool_calling_model()``,
ScriptedChats whose callable reply returns the same AIMessages.

All 8 fail, and only because they read or set the upstream fakes' own attributes, which
ScriptedChat has not (strict xfails, one cause each):

* ``FAKE_INDEX`` (2 tests): ``assert model.index == N``, upstream's count of ``_generate``
  calls (ScriptedChat: ``len(model.calls)``);
* ``FAKE_SET_ID`` (2 tests): ``model.invalid_tool_call_id = None`` between two turns, to
  change the next reply (ScriptedChat is a pydantic model without that field: ValueError);
* ``FAKE_RECEIVED`` (4 tests): ``model.received_messages``, the messages of the last call
  (ScriptedChat: ``model.calls.last.raw``).

Rewritten on the call log (``len(model.calls)``, ``model.calls.last.raw``, and a reply
reading a mutable id), all 8 pass: ScriptedChat returns the invalid tool calls as scripted.
"""

from typing import TYPE_CHECKING

import pytest
from langchain.agents import create_agent
from langchain.agents.structured_output import ToolStrategy
from langchain.tools import tool
from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import BaseModel

from fakes import Call
from fakes.langchain import ScriptedChat

# Why each test fails (strict xfails: a test that starts passing is reported).
FAKE_INDEX = (
    "reads upstream's fake internals: model.index, FakeToolCallingModel's count of "
    "_generate calls (ScriptedChat has no index; its count is len(model.calls))"
)
FAKE_SET_ID = (
    "sets upstream's fake internals: model.invalid_tool_call_id = None to change the next "
    "reply (ScriptedChat has no such field: pydantic raises ValueError)"
)
FAKE_RECEIVED = (
    "reads upstream's fake internals: model.received_messages, the last call's messages "
    "(ScriptedChat has no such attribute; they are model.calls.last.raw)"
)

if TYPE_CHECKING:
    from langchain_core.runnables import RunnableConfig


def invalid_tool_calling_model(invalid_tool_call_id: str | None = "call_1") -> ScriptedChat:
    """Upstream's InvalidToolCallingModel on ScriptedChat: one invalid tool call per reply."""

    def reply(call: Call) -> AIMessage:
        return AIMessage(
            content="",
            invalid_tool_calls=[
                {
                    "name": "get_weather",
                    "args": '{"city":',
                    "id": invalid_tool_call_id,
                    "error": "Invalid JSON",
                }
            ],
        )

    return ScriptedChat(replies=[reply], cycle=True)


@tool
def get_weather(city: str = "Paris") -> str:
    """Get the weather for a city."""
    return city


class WeatherResponse(BaseModel):
    city: str


def mixed_tool_calling_model() -> ScriptedChat:
    """Upstream's MixedToolCallingModel on ScriptedChat: valid and invalid calls, then an answer."""

    def reply(call: Call) -> AIMessage:
        if call.number == 1:  # upstream: self.index == 0
            return AIMessage(
                content="",
                tool_calls=[{"name": "get_weather", "args": {}, "id": "weather"}],
                invalid_tool_calls=[
                    {
                        "name": "WeatherResponse",
                        "args": '{"city":',
                        "id": "structured",
                        "error": "Invalid JSON",
                    }
                ],
            )
        return AIMessage(
            content="",
            tool_calls=[
                {
                    "name": "WeatherResponse",
                    "args": {"city": "Paris"},
                    "id": "response",
                }
            ],
        )

    return ScriptedChat(replies=[reply], cycle=True)


@pytest.mark.xfail(strict=True, reason=FAKE_INDEX)
def test_create_agent_does_not_patch_model_output() -> None:
    model = invalid_tool_calling_model()
    agent = create_agent(model, [get_weather])

    result = agent.invoke({"messages": [HumanMessage("Weather?")]})

    assert model.index == 1
    assert len(result["messages"]) == 2
    assert isinstance(result["messages"][-1], AIMessage)


@pytest.mark.xfail(strict=True, reason=FAKE_SET_ID)
def test_create_agent_answers_invalid_tool_calls_on_next_turn() -> None:
    model = invalid_tool_calling_model()
    agent = create_agent(model, [get_weather], checkpointer=InMemorySaver())
    config: RunnableConfig = {"configurable": {"thread_id": "1"}}

    agent.invoke({"messages": [HumanMessage("Weather?")]}, config)
    model.invalid_tool_call_id = None
    result = agent.invoke({"messages": [HumanMessage("Try again")]}, config)

    tool_message = model.received_messages[2]
    assert isinstance(tool_message, ToolMessage)
    assert tool_message.tool_call_id == "call_1"
    assert tool_message.name == "get_weather"
    assert tool_message.status == "error"
    assert "malformed or truncated" in tool_message.text
    assert [type(message) for message in result["messages"]] == [
        HumanMessage,
        AIMessage,
        ToolMessage,
        HumanMessage,
        AIMessage,
    ]


@pytest.mark.xfail(strict=True, reason=FAKE_SET_ID)
async def test_create_agent_answers_invalid_tool_calls_async() -> None:
    model = invalid_tool_calling_model()
    agent = create_agent(model, [get_weather], checkpointer=InMemorySaver())
    config: RunnableConfig = {"configurable": {"thread_id": "1"}}

    await agent.ainvoke({"messages": [HumanMessage("Weather?")]}, config)
    model.invalid_tool_call_id = None
    result = await agent.ainvoke({"messages": [HumanMessage("Try again")]}, config)

    tool_message = model.received_messages[2]
    assert isinstance(tool_message, ToolMessage)
    assert tool_message.tool_call_id == "call_1"
    assert tool_message.status == "error"
    assert isinstance(result["messages"][2], ToolMessage)


@pytest.mark.xfail(strict=True, reason=FAKE_RECEIVED)
def test_create_agent_answers_historical_invalid_tool_calls() -> None:
    model = invalid_tool_calling_model(invalid_tool_call_id=None)
    agent = create_agent(model, [get_weather])
    invalid_message = AIMessage(
        content="",
        invalid_tool_calls=[
            {
                "name": "get_weather",
                "args": '{"city":',
                "id": "historical_call",
                "error": "Invalid JSON",
            }
        ],
    )

    result = agent.invoke({"messages": [HumanMessage("Weather?"), invalid_message]})

    historical_result = model.received_messages[-1]
    assert isinstance(historical_result, ToolMessage)
    assert historical_result.tool_call_id == "historical_call"
    assert (
        sum(
            isinstance(message, ToolMessage) and message.tool_call_id == "historical_call"
            for message in result["messages"]
        )
        == 1
    )


@pytest.mark.xfail(strict=True, reason=FAKE_RECEIVED)
def test_create_agent_does_not_duplicate_historical_tool_messages() -> None:
    model = invalid_tool_calling_model(invalid_tool_call_id=None)
    agent = create_agent(model, [get_weather])
    invalid_message = AIMessage(
        content="",
        invalid_tool_calls=[
            {
                "name": "get_weather",
                "args": '{"city":',
                "id": "answered_call",
                "error": "Invalid JSON",
            }
        ],
    )
    existing_result = ToolMessage(
        content="Already answered",
        tool_call_id="answered_call",
        status="error",
    )

    result = agent.invoke(
        {"messages": [HumanMessage("Weather?"), invalid_message, existing_result]}
    )

    assert model.received_messages[-1] is existing_result
    assert (
        sum(
            isinstance(message, ToolMessage) and message.tool_call_id == "answered_call"
            for message in result["messages"]
        )
        == 1
    )


@pytest.mark.xfail(strict=True, reason=FAKE_INDEX)
def test_invalid_structured_tool_call_does_not_end_agent() -> None:
    model = mixed_tool_calling_model()
    agent = create_agent(
        model,
        [get_weather],
        response_format=ToolStrategy(WeatherResponse),
    )

    result = agent.invoke({"messages": [HumanMessage("Weather?")]})

    assert model.index == 2
    assert result["structured_response"] == WeatherResponse(city="Paris")
    answered = {
        message.tool_call_id: message.status
        for message in model.received_messages
        if isinstance(message, ToolMessage)
    }
    assert answered == {"structured": "error", "weather": "success"}


@pytest.mark.parametrize(("tool_call_id", "patched"), [(None, False), ("", True)])
@pytest.mark.xfail(strict=True, reason=FAKE_RECEIVED)
def test_create_agent_patches_only_invalid_tool_calls_with_ids(
    tool_call_id: str | None, *, patched: bool
) -> None:
    model = invalid_tool_calling_model(invalid_tool_call_id=None)
    agent = create_agent(model, [get_weather])
    invalid_message = AIMessage(
        content="",
        invalid_tool_calls=[
            {
                "name": "get_weather",
                "args": '{"city":',
                "id": tool_call_id,
                "error": "Invalid JSON",
            }
        ],
    )

    agent.invoke({"messages": [HumanMessage("Weather?"), invalid_message]})

    assert isinstance(model.received_messages[-1], ToolMessage) is patched
