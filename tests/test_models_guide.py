"""The seed models guide's tool-calling and structured-output examples, on ToolCallingChat."""

from __future__ import annotations

import pytest
from langchain_core.messages import AIMessageChunk, ToolMessage
from langchain_core.tools import tool
from pydantic import BaseModel, Field

from fakes.langchain import ToolCallingChat


@tool
def get_weather(location: str) -> str:
    """Get the weather at a location."""
    return f"It's sunny in {location}."


@tool
def get_time(location: str) -> str:
    """Get the time at a location."""
    return f"It's noon in {location}."


class Movie(BaseModel):
    """A movie with details."""

    title: str = Field(..., description="The title of the movie")
    year: int = Field(..., description="The year the movie was released")
    director: str = Field(..., description="The director of the movie")
    rating: float = Field(..., description="The movie's rating out of 10")


def _calls(message) -> list[tuple[str, dict]]:
    return [(call["name"], call["args"]) for call in message.tool_calls]


def test_binding_user_tools():
    response = (
        ToolCallingChat().bind_tools([get_weather]).invoke("What's the weather like in Boston?")
    )
    assert _calls(response) == [("get_weather", {"location": "Boston"})]


def test_tool_execution_loop():
    model_with_tools = ToolCallingChat().bind_tools([get_weather])
    messages: list = [{"role": "user", "content": "What's the weather in Boston?"}]
    ai_msg = model_with_tools.invoke(messages)
    messages.append(ai_msg)
    for tool_call in ai_msg.tool_calls:
        messages.append(get_weather.invoke(tool_call))
    assert isinstance(messages[-1], ToolMessage)
    assert messages[-1].tool_call_id == ai_msg.tool_calls[0]["id"]
    assert model_with_tools.invoke(messages).text == "get_weather: It's sunny in Boston."


def test_parallel_tool_calls():
    response = (
        ToolCallingChat()
        .bind_tools([get_weather])
        .invoke("What's the weather in Boston and Tokyo?")
    )
    assert _calls(response) == [
        ("get_weather", {"location": "Boston"}),
        ("get_weather", {"location": "Tokyo"}),
    ]
    assert [call["id"] for call in response.tool_calls] == ["call_0_0", "call_0_1"]


def test_two_tools_take_one_quoted_value_each():
    response = (
        ToolCallingChat()
        .bind_tools([get_weather, get_time])
        .invoke("What's the weather in 'Boston' and the time in 'Tokyo'?")
    )
    assert _calls(response) == [
        ("get_weather", {"location": "Boston"}),
        ("get_time", {"location": "Tokyo"}),
    ]


def test_streamed_tool_calls_add_up_to_the_invoked_ones():
    model_with_tools = ToolCallingChat().bind_tools([get_weather])
    prompt = "What's the weather in Boston and Tokyo?"
    gathered: AIMessageChunk | None = None
    for chunk in model_with_tools.stream(prompt):
        assert isinstance(chunk, AIMessageChunk)
        gathered = chunk if gathered is None else gathered + chunk
    assert gathered is not None
    assert gathered.tool_calls == model_with_tools.invoke(prompt).tool_calls
    assert [block["type"] for block in gathered.content_blocks] == ["tool_call", "tool_call"]


@pytest.mark.parametrize("method", ["function_calling", "json_schema", "json_mode"])
def test_structured_output_takes_the_title_from_the_prompt(method):
    model_with_structure = ToolCallingChat().with_structured_output(Movie, method=method)
    response = model_with_structure.invoke("Provide details about the movie Inception")
    assert isinstance(response, Movie)
    # The one name of the prompt fills the first string field; the rest are placeholders.
    assert response == Movie(title="Inception", year=0, director="director", rating=0.0)


def test_structured_output_include_raw():
    model_with_structure = ToolCallingChat().with_structured_output(Movie, include_raw=True)
    response = model_with_structure.invoke("Provide details about the movie Inception")
    assert set(response) == {"raw", "parsed", "parsing_error"}
    assert response["parsing_error"] is None
    assert response["parsed"].title == "Inception"
    assert response["raw"].tool_calls[0]["args"]["title"] == "Inception"
