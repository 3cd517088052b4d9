"""ToolCallingChat through LangChain: binding, streaming, ids, structured output."""

from __future__ import annotations

import json
from typing import Annotated, Any

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.tools import tool
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, Field
from typing_extensions import TypedDict

from fakes.core import InvalidInputError
from fakes.langchain import ToolCallingChat


@tool
def magic_function(input: int) -> int:
    """Apply a magic function to an input."""
    return input + 2


@tool
def get_weather(city: str) -> str:
    """Get the weather in a city."""
    return f"Sunny in {city}"


class Add(BaseModel):
    """Add two integers."""

    a: int
    b: int


def multiply(a: int, b: int) -> int:
    """Multiply two integers.

    Args:
        a: first factor
        b: second factor
    """
    return a * b


SUBTRACT = {
    "type": "function",
    "function": {
        "name": "subtract",
        "description": "Subtract b from a.",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
        },
    },
}


def stream_sum(runnable, prompt) -> tuple[list[AIMessageChunk], AIMessageChunk]:
    chunks = list(runnable.stream(prompt))
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    return chunks, total


async def astream_sum(runnable, prompt) -> tuple[list[AIMessageChunk], AIMessageChunk]:
    chunks = [chunk async for chunk in runnable.astream(prompt)]
    total = chunks[0]
    for chunk in chunks[1:]:
        total = total + chunk
    return chunks, total


# -- binding -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tool_obj", "name"),
    [
        (Add, "Add"),
        (multiply, "multiply"),
        (magic_function, "magic_function"),
        (SUBTRACT, "subtract"),
    ],
)
def test_bind_tools_accepts_every_kind_of_tool(tool_obj, name):
    model = ToolCallingChat().bind_tools([tool_obj])
    message = model.invoke(
        f"please {name}(7, 5)" if name != "magic_function" else "magic_function(7)"
    )
    assert [call["name"] for call in message.tool_calls] == [name]
    expected = {"input": 7} if name == "magic_function" else {"a": 7, "b": 5}
    assert message.tool_calls[0]["args"] == expected


def test_bound_tools_reach_the_call_log_in_openai_form():
    chat = ToolCallingChat()
    chat.bind_tools([Add], tool_choice="any").invoke("hi")
    kwargs = chat.calls.last.kwargs
    assert kwargs["tool_choice"] == "any"
    assert kwargs["tools"][0]["type"] == "function"
    assert kwargs["tools"][0]["function"]["name"] == "Add"


def test_bad_tool_definitions_give_a_clear_error():
    with pytest.raises(
        InvalidInputError, match=r"tool #1 \(int: 42\) is not a valid tool definition"
    ):
        ToolCallingChat().bind_tools([Add, 42])
    with pytest.raises(InvalidInputError, match="tool name"):
        ToolCallingChat().bind_tools(
            [{"type": "function", "function": {"name": "", "parameters": {}}}]
        )
    with pytest.raises(InvalidInputError, match="list of tools"):
        ToolCallingChat().bind_tools(Add)  # type: ignore[arg-type]


def test_tool_choice_naming_an_unbound_tool_is_an_error_at_bind_time():
    with pytest.raises(InvalidInputError, match=r"'divide'.*not bound.*Add, multiply"):
        ToolCallingChat().bind_tools([Add, multiply], tool_choice="divide")
    with pytest.raises(InvalidInputError, match="not bound"):
        ToolCallingChat().bind_tools(
            [Add], tool_choice={"type": "function", "function": {"name": "nope"}}
        )


def test_tools_passed_straight_to_invoke_are_checked_too():
    chat = ToolCallingChat()
    message = chat.invoke("subtract(9, 4)", tools=[SUBTRACT])
    assert message.tool_calls[0]["args"] == {"a": 9, "b": 4}
    with pytest.raises(InvalidInputError, match="not bound"):
        chat.invoke("hi", tools=[SUBTRACT], tool_choice="add")


@pytest.mark.parametrize(
    ("tool_choice", "expected"),
    [
        (None, []),
        ("auto", []),
        ("none", []),
        ("any", ["Add"]),
        ("required", ["Add"]),
        ("multiply", ["multiply"]),
        ({"type": "function", "function": {"name": "multiply"}}, ["multiply"]),
    ],
)
def test_tool_choice(tool_choice, expected):
    model = ToolCallingChat().bind_tools([Add, multiply], tool_choice=tool_choice)
    message = model.invoke("Hello!")
    assert [call["name"] for call in message.tool_calls] == expected
    assert message.content == ("" if expected else "Hello!")


def test_without_tools_it_is_a_parrot():
    assert ToolCallingChat().invoke("Hello, world").content == "Hello, world"


def test_parallel_calls_in_order_of_appearance():
    model = ToolCallingChat().bind_tools([Add, get_weather, magic_function])
    message = model.invoke('magic_function(1), the weather in "Oslo", then Add(2, 3)')
    assert [(c["name"], c["args"], c["id"]) for c in message.tool_calls] == [
        ("magic_function", {"input": 1}, "call_0_0"),
        ("get_weather", {"city": "Oslo"}, "call_0_1"),
        ("Add", {"a": 2, "b": 3}, "call_0_2"),
    ]
    assert message.response_metadata["finish_reason"] == "tool_calls"


def test_parallel_tool_calls_false_keeps_one_call():
    model = ToolCallingChat().bind_tools([Add, magic_function], parallel_tool_calls=False)
    message = model.invoke("magic_function(1) then Add(2, 3)")
    assert [c["name"] for c in message.tool_calls] == ["magic_function"]


# -- the loop: results, answers, ids -------------------------------------------------


def test_tool_results_give_a_text_answer_and_ids_stay_unique():
    model = ToolCallingChat().bind_tools([get_weather, magic_function])
    history: list[Any] = [HumanMessage('weather in "Paris" and magic_function(3)')]
    first = model.invoke(history)
    assert first.id == "fake-msg-0"
    history += [
        first,
        *(
            (get_weather if call["name"] == "get_weather" else magic_function).invoke(call)
            for call in first.tool_calls
        ),
    ]
    answer = model.invoke(history)
    assert answer.content == "get_weather: Sunny in Paris\nmagic_function: 5"
    assert answer.tool_calls == []
    assert answer.id == "fake-msg-1"
    history += [answer, HumanMessage("now magic_function(10)")]
    second = model.invoke(history)
    assert second.id == "fake-msg-2"
    assert [c["id"] for c in second.tool_calls] == ["call_2_0"]
    ids = [c["id"] for m in [first, second] for c in m.tool_calls]
    assert len(ids) == len(set(ids)) == 3


def test_a_stop_sequence_cuts_the_text_answer():
    model = ToolCallingChat().bind_tools([magic_function])
    history = [
        HumanMessage("magic_function(3)"),
        AIMessage("", tool_calls=[{"name": "magic_function", "args": {"input": 3}, "id": "c1"}]),
        ToolMessage("5 apples", tool_call_id="c1"),
    ]
    assert model.invoke(history, stop=["5"]).content == "magic_function: 5"


# -- streaming ------------------------------------------------------------------------


def test_streamed_tool_calls_are_chunks_that_add_up_to_invoke():
    model = ToolCallingChat().bind_tools([get_weather, magic_function])
    prompt = 'the weather in "東京" and magic_function(3)'
    invoked = model.invoke(prompt)
    chunks, total = stream_sum(model, prompt)

    tool_chunks = [c for c in chunks if c.tool_call_chunks]
    # Name first (with the id and empty arguments), then the JSON arguments in pieces.
    first = tool_chunks[0].tool_call_chunks[0]
    assert (first["name"], first["id"], first["args"], first["index"]) == (
        "get_weather",
        "call_0_0",
        "",
        0,
    )
    argument_pieces = [
        c.tool_call_chunks[0]["args"]
        for c in tool_chunks[1:]
        if c.tool_call_chunks[0]["index"] == 0
    ]
    assert len(argument_pieces) > 3
    assert "".join(argument_pieces) == json.dumps({"city": "東京"}, ensure_ascii=False)
    assert all(
        c.tool_call_chunks[0]["name"] is None
        for c in tool_chunks[1:]
        if c.tool_call_chunks[0]["index"] == 0
    )

    assert total.tool_calls == invoked.tool_calls
    assert total.content == invoked.content
    assert total.id == invoked.id == "fake-msg-0"
    assert total.usage_metadata == invoked.usage_metadata
    assert chunks[-1].chunk_position == "last"
    assert total.response_metadata["finish_reason"] == "tool_calls"


async def _assert_async_stream_matches(model, prompt):
    invoked = await model.ainvoke(prompt)
    chunks, total = await astream_sum(model, prompt)
    assert total.tool_calls == invoked.tool_calls
    assert total.content == invoked.content
    assert total.usage_metadata == invoked.usage_metadata
    assert chunks[-1].chunk_position == "last"
    return invoked


@pytest.mark.asyncio
async def test_async_stream_matches_async_invoke():
    model = ToolCallingChat().bind_tools([Add])
    invoked = await _assert_async_stream_matches(model, "Add(20, 22)")
    assert invoked.tool_calls[0]["args"] == {"a": 20, "b": 22}
    text = await _assert_async_stream_matches(model, "no tool here")
    assert text.content == "no tool here"


def test_word_chunking_still_splits_arguments():
    model = ToolCallingChat(chunking="word").bind_tools([Add])
    chunks, total = stream_sum(model, "Add(1, 2)")
    pieces = [
        c.tool_call_chunks[0]["args"]
        for c in chunks
        if c.tool_call_chunks and c.tool_call_chunks[0]["args"]
    ]
    assert len(pieces) >= 2
    assert total.tool_calls[0]["args"] == {"a": 1, "b": 2}


class _Recorder(BaseCallbackHandler):
    def __init__(self) -> None:
        self.tokens: list[Any] = []

    def on_llm_new_token(self, token: str, **kwargs: Any) -> None:
        self.tokens.append(kwargs.get("chunk"))


def test_callbacks_see_every_chunk_before_it_is_yielded():
    recorder = _Recorder()
    model = ToolCallingChat().bind_tools([Add])
    seen = []
    for chunk in model.stream("Add(1, 2)", config={"callbacks": [recorder]}):
        seen.append(chunk)
        assert len(recorder.tokens) == len(seen)
    assert len(seen) > 3


# -- structured output ------------------------------------------------------------------


class Joke(BaseModel):
    """Joke to tell user."""

    setup: str = Field(description="question to set up a joke")
    punchline: str | None = Field(default=None, description="answer to resolve the joke")
    rating: int | None = None


class JokeDict(TypedDict):
    """Joke to tell user."""

    setup: Annotated[str, ..., "question to set up a joke"]
    punchline: Annotated[str, ..., "answer to resolve the joke"]


PROMPT = 'Joke: "Why did the cat sit on the computer?" "To keep an eye on the mouse." 9/10'
METHODS = ["function_calling", "json_schema", "json_mode"]


@pytest.mark.parametrize("method", METHODS)
def test_structured_output_pydantic(method):
    chat = ToolCallingChat().with_structured_output(Joke, method=method)
    expected = Joke(
        setup="Why did the cat sit on the computer?",
        punchline="To keep an eye on the mouse.",
        rating=9,
    )
    assert chat.invoke(PROMPT) == expected
    assert list(chat.stream(PROMPT))[-1] == expected


@pytest.mark.parametrize("method", METHODS)
def test_structured_output_typeddict_and_json_schema(method):
    expected = {
        "setup": "Why did the cat sit on the computer?",
        "punchline": "To keep an eye on the mouse.",
    }
    assert (
        ToolCallingChat().with_structured_output(JokeDict, method=method).invoke(PROMPT) == expected
    )
    schema = Joke.model_json_schema()
    result = ToolCallingChat().with_structured_output(schema, method=method).invoke("no quotes")
    assert result == {"setup": "setup"}


@pytest.mark.asyncio
@pytest.mark.parametrize("method", METHODS)
async def test_structured_output_async(method):
    chat = ToolCallingChat().with_structured_output(Joke, method=method)
    assert (await chat.ainvoke('"Knock knock"')).setup == "Knock knock"


@pytest.mark.parametrize("method", METHODS)
def test_structured_output_include_raw(method):
    chat = ToolCallingChat().with_structured_output(Joke, method=method, include_raw=True)
    result = chat.invoke('"Knock knock"')
    assert set(result) == {"raw", "parsed", "parsing_error"}
    assert isinstance(result["raw"], AIMessage)
    assert result["parsed"] == Joke(setup="Knock knock")
    assert result["parsing_error"] is None
    if method == "function_calling":
        assert result["raw"].tool_calls[0]["name"] == "Joke"
    else:
        assert json.loads(result["raw"].content) == {"setup": "Knock knock"}


def test_structured_output_errors():
    chat = ToolCallingChat()
    with pytest.raises(InvalidInputError, match="method must be one of"):
        chat.with_structured_output(Joke, method="xml")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match="needs a schema"):
        chat.with_structured_output(None)
    with pytest.raises(InvalidInputError, match="unsupported arguments"):
        chat.with_structured_output(Joke, temperature=0)
    with pytest.raises(InvalidInputError, match="not a valid tool definition"):
        chat.with_structured_output(42)  # type: ignore[arg-type]


def test_two_identical_conversations_give_identical_messages():
    def run() -> list[AIMessage]:
        model = ToolCallingChat().bind_tools([Add, get_weather])
        first = model.invoke('Add(1, 2) and the weather in "Rome"')
        return [
            first,
            model.invoke([HumanMessage("x"), first, ToolMessage("3", tool_call_id="call_0_0")]),
        ]

    assert run() == run()


def test_a_bound_schema_changed_between_turns_is_honoured():
    # Tools are normalized on every call, so an edit to what was bound shows next turn.
    @tool
    def get_weather(city: str, days: int) -> str:
        """Weather in a city."""
        return "sunny"

    model = ToolCallingChat().bind_tools([get_weather])
    prompt = 'weather for "Paris" over 3 days'
    assert model.invoke(prompt).tool_calls[0]["args"] == {"city": "Paris", "days": 3}
    bound = model.kwargs["tools"][0]["function"]["parameters"]  # type: ignore[attr-defined]
    bound["properties"]["days"]["type"] = "string"
    assert model.invoke(prompt).tool_calls[0]["args"] == {"city": "Paris", "days": "days"}


def test_bind_tools_reads_the_tools_once_and_a_name_bound_twice_fails_the_call():
    @tool
    def add(a: int, b: int) -> int:
        """Add two numbers."""
        return a + b

    # langchain-tests binds one tool in two forms; as with OpenAI, the call fails
    twice = ToolCallingChat().bind_tools([add, add])
    errors = []
    for _ in range(2):
        with pytest.raises(InvalidInputError, match="tools bound twice under the same name: add"):
            twice.invoke("add(2, 3)")
    # checked once, at bind time; each call raises an error of its own (no growing traceback)
    for _ in range(2):
        try:
            twice.invoke("add(2, 3)")
        except InvalidInputError as error:
            errors.append(error)
    assert errors[0] is not errors[1]

    bound = ToolCallingChat().bind_tools([add])
    tools = bound.kwargs["tools"]  # type: ignore[attr-defined]
    # what LangGraph and LangSmith read: the plain OpenAI dicts
    assert tools == [convert_to_openai_tool(add)]
    assert json.loads(json.dumps(tools)) == tools
    # each call reuses the definitions read at bind time
    from fakes.langchain._tooldefs import tool_defs

    assert tool_defs(tools)[0] is tools.defs[0]
    assert [d.name for d in tools.defs] == ["add"]
    assert bound.invoke("add(2, 3)").tool_calls[0]["args"] == {"a": 2, "b": 3}
