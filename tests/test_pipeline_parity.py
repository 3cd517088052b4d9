"""One pipeline: the same request gives the same response through LangChain and LiteLLM.

Each case is one request (messages, tools, options), sent to ParrotChat and
``fakes/parrot``, and to ToolCallingChat and ``fakes/tools``. What comes back is
read back into neutral terms from each framework's own objects (the text, tool
calls, usage and finish reason of an ``AIMessage`` and of a LiteLLM
``ModelResponse``; the pieces of each stream) and compared.
"""

from __future__ import annotations

import json
from typing import Any

import litellm
import pytest
from langchain_core.messages import AIMessage, AIMessageChunk, convert_to_messages

import fakes.litellm as fl
from fakes.core import FaultPlan, InjectedFault
from fakes.langchain import ParrotChat, ToolCallingChat

ADD = {
    "type": "function",
    "function": {
        "name": "add",
        "description": "Add two integers.",
        "parameters": {
            "type": "object",
            "properties": {"a": {"type": "integer"}, "b": {"type": "integer"}},
            "required": ["a", "b"],
        },
    },
}
WEATHER = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}
CALLED = {
    "role": "assistant",
    "content": "",
    "tool_calls": [
        {
            "id": "call_0_0",
            "type": "function",
            "function": {"name": "add", "arguments": '{"a": 2, "b": 3}'},
        }
    ],
}
BLOCKS = [
    {"type": "text", "text": "look: "},
    {"type": "image_url", "image_url": {"url": "data:image/png;base64,AAAA"}},
    {"type": "text", "text": "a cat"},
]


def user(content: Any) -> dict[str, Any]:
    return {"role": "user", "content": content}


# name: (messages, tools, options)
CASES: dict[str, tuple[list[dict[str, Any]], list[dict[str, Any]], dict[str, Any]]] = {
    "text": ([user("hello world")], [], {}),
    "conversation": (
        [{"role": "system", "content": "be brief"}, user("hi"), CALLED, user("hello again")],
        [],
        {},
    ),
    "stop": ([user("hello world")], [], {"stop": ["o w"]}),
    "stop, one string": ([user("hello world")], [], {"stop": "l"}),
    "stop, two complete": ([user("hello world")], [], {"stop": ["wor", "ll"]}),
    "max_tokens": ([user("hello world")], [], {"max_tokens": 4}),
    "stop before max_tokens": ([user("hello world")], [], {"stop": ["e"], "max_tokens": 4}),
    "max_tokens before stop": ([user("hello world")], [], {"stop": ["o w"], "max_tokens": 3}),
    "content blocks": ([user(BLOCKS)], [], {}),
    "unicode": ([user("你好啊集团 «ok»")], [], {}),
    "empty reply": ([user("")], [], {}),
    "tool call": ([user("What is add(2, 3)?")], [ADD], {}),
    "parallel tool calls": (
        [user("Weather in 'Bergen'? Also add(2, 3).")],
        [WEATHER, ADD],
        {},
    ),
    "tool call, max_tokens": ([user("add(2, 3) please")], [ADD], {"max_tokens": 2}),
    "forced tool": ([user("Hello!")], [ADD, WEATHER], {"tool_choice": "any"}),
    "no tool named": ([user("Hello!")], [ADD], {}),
    "tool result": (
        [user("add(2, 3)"), CALLED, {"role": "tool", "content": "5", "tool_call_id": "call_0_0"}],
        [ADD],
        {},
    ),
    "tool_choice none": ([user("add(2, 3)")], [ADD], {"tool_choice": "none"}),
}

PAIRS = {"parrot": ParrotChat, "tools": ToolCallingChat}


def langchain_model(route: str, tools: list[dict[str, Any]], options: dict[str, Any]) -> Any:
    model = PAIRS[route]()
    bound: dict[str, Any] = {k: v for k, v in options.items() if k != "tool_choice"}
    if tools and route == "tools":
        return model.bind_tools(tools, tool_choice=options.get("tool_choice"), **bound)
    return model.bind(**bound) if bound else model


def litellm_options(route: str, tools: list[dict[str, Any]], options: dict[str, Any]) -> Any:
    if route == "tools" and tools:
        return {"tools": tools, **options}
    return {k: v for k, v in options.items() if k != "tool_choice"}


def from_langchain(message: AIMessage) -> dict[str, Any]:
    usage = message.usage_metadata or {}
    return {
        "text": message.content,
        "tool_calls": [(c["name"], c["args"], c["id"]) for c in message.tool_calls],
        "usage": (usage.get("input_tokens"), usage.get("output_tokens"), usage.get("total_tokens")),
    }


def from_litellm(response: Any) -> dict[str, Any]:
    message = response.choices[0].message
    calls = message.tool_calls or []
    return {
        "text": message.content or "",
        "tool_calls": [(c.function.name, json.loads(c.function.arguments), c.id) for c in calls],
        "usage": (
            response.usage.prompt_tokens,
            response.usage.completion_tokens,
            response.usage.total_tokens,
        ),
    }


def langchain_pieces(chunks: list[AIMessageChunk]) -> list[tuple[Any, ...]]:
    pieces = []
    for chunk in chunks:
        tool = None
        if chunk.tool_call_chunks:
            (c,) = chunk.tool_call_chunks
            tool = (c["index"], c["id"], c["name"], c["args"])
        pieces.append((chunk.content, tool, chunk.chunk_position == "last"))
    return pieces


def litellm_pieces(chunks: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    pieces = []
    for chunk in chunks:
        tool = None
        if chunk["tool_use"] is not None:
            use = chunk["tool_use"]
            tool = (use["index"], use["id"], use["function"]["name"], use["function"]["arguments"])
        pieces.append((chunk["text"], tool, chunk["is_finished"]))
    return pieces


@pytest.fixture
def handler() -> Any:
    handler = fl.FakesHandler(chunking="char")
    with fl.register(handler):
        yield handler


@pytest.mark.parametrize("route", PAIRS)
@pytest.mark.parametrize("case", CASES)
def test_invoke_gives_the_same_response(case: str, route: str, handler: Any) -> None:
    messages, tools, options = CASES[case]
    lc = langchain_model(route, tools, options).invoke(convert_to_messages(messages))
    ll = litellm.completion(
        model=f"fakes/{route}", messages=messages, **litellm_options(route, tools, options)
    )
    assert from_langchain(lc) == from_litellm(ll)
    if route == "tools":  # ParrotChat reports the seed's metadata, which has no finish reason
        assert lc.response_metadata["finish_reason"] == ll.choices[0].finish_reason


@pytest.mark.parametrize("route", PAIRS)
@pytest.mark.parametrize("case", CASES)
def test_streams_give_the_same_pieces(case: str, route: str, handler: Any) -> None:
    messages, tools, options = CASES[case]
    model = langchain_model(route, tools, options)
    lc_chunks = list(model.stream(convert_to_messages(messages)))
    ll_chunks = list(
        handler.streaming(
            model=route,
            messages=messages,
            optional_params=litellm_options(route, tools, options),
        )
    )
    assert langchain_pieces(lc_chunks) == litellm_pieces(ll_chunks)
    # Usage: LangChain spreads it over the chunks, LiteLLM sends it whole at the end.
    total = {"input_tokens": 0, "output_tokens": 0, "total_tokens": 0}
    for chunk in lc_chunks:
        for key in total:
            total[key] += (chunk.usage_metadata or {}).get(key, 0)  # type: ignore[misc]
    final = ll_chunks[-1]["usage"]
    assert tuple(total.values()) == (
        final["prompt_tokens"],
        final["completion_tokens"],
        final["total_tokens"],
    )
    # And the stream adds up to the invoke reply on both sides.
    invoked = model.invoke(convert_to_messages(messages))
    assert "".join(str(c.content) for c in lc_chunks) == invoked.content
    streamed = litellm.completion(
        model=f"fakes/{route}",
        messages=messages,
        stream=True,
        **litellm_options(route, tools, options),
    )
    assert "".join(c.choices[0].delta.content or "" for c in streamed) == invoked.content


@pytest.mark.parametrize("route", PAIRS)
def test_a_call_fault_fails_both(route: str) -> None:
    plan = FaultPlan(on_call=1, error=TimeoutError("slow"))
    with pytest.raises(TimeoutError, match="slow"):
        PAIRS[route](fault=plan).invoke("hello")
    with pytest.raises(TimeoutError, match="slow"):
        fl.FakesHandler(fault=plan, chunking="char").completion(
            model=route, messages=[user("hello")], optional_params={}
        )


@pytest.mark.parametrize("route", PAIRS)
def test_a_chunk_fault_fails_both_after_the_same_pieces(route: str) -> None:
    plan = FaultPlan(at_chunk=3)
    delivered: list[list[Any]] = [[], []]
    with pytest.raises(InjectedFault):
        for chunk in PAIRS[route](fault=plan).stream("hello"):
            delivered[0].append(chunk.content)
    with pytest.raises(InjectedFault):
        stream = fl.FakesHandler(fault=plan, chunking="char").streaming(
            model=route, messages=[user("hello")], optional_params={}
        )
        for piece in stream:
            delivered[1].append(piece["text"])
    assert delivered == [["h", "e", "l"], ["h", "e", "l"]]


@pytest.mark.parametrize("route", PAIRS)
def test_bad_input_is_rejected_by_both(route: str) -> None:
    from fakes.core import InvalidInputError

    with pytest.raises(InvalidInputError, match="max_tokens must be a positive int"):
        PAIRS[route]().invoke("hello", max_tokens=-1)
    with pytest.raises(fl.FakesProviderError, match="max_tokens must be a positive int"):
        fl.FakesHandler().completion(
            model=route, messages=[user("hello")], optional_params={"max_tokens": -1}
        )
    with pytest.raises(InvalidInputError, match="empty list of messages"):
        PAIRS[route]().invoke([])
    with pytest.raises(fl.FakesProviderError, match="empty list of messages"):
        fl.FakesHandler().completion(model=route, messages=[], optional_params={})
