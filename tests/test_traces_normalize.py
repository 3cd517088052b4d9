"""fakes.traces.normalize / collect / render_events on hand-written event lists."""

from __future__ import annotations

import copy
import enum
import uuid
from pathlib import Path

import pytest
from langchain_core.documents import Document
from langchain_core.messages import AIMessage, AIMessageChunk, HumanMessage, ToolMessage
from langchain_core.outputs import GenerationChunk
from langchain_core.prompt_values import ChatPromptValue

from fakes.traces import collect, normalize, render_events, snapshots_dir

ROOT = "0199a3b1-1111-7aaa-8bbb-000000000001"
PROMPT = "0199a3b1-2222-7aaa-8bbb-000000000002"
MODEL = "0199a3b1-3333-7aaa-8bbb-000000000003"
LEFT = "0199a3b1-4444-7aaa-8bbb-000000000004"
RIGHT = "0199a3b1-5555-7aaa-8bbb-000000000005"
LC_VERSIONS = {"langchain-core": "1.7.2", "langchain": "1.4.7"}


def event(name, event_name, run_id, parents=(), tags=(), metadata=None, **data):
    return {
        "event": event_name,
        "run_id": run_id,
        "name": name,
        "tags": list(tags),
        "metadata": dict(metadata or {}),
        "data": data,
        "parent_ids": list(parents),
    }


def test_nested_runs_are_renamed_in_order_and_keep_their_parents():
    events = [
        event("RunnableSequence", "on_chain_start", ROOT, input={"input": "hi"}),
        event("Prompt", "on_prompt_start", PROMPT, [ROOT], ["seq:step:1"], input={"input": "hi"}),
        event("Prompt", "on_prompt_end", PROMPT, [ROOT], ["seq:step:1"], output="hi"),
        event(
            "ParrotLLM",
            "on_llm_start",
            MODEL,
            [ROOT],
            ["seq:step:2"],
            {"lc_versions": LC_VERSIONS, "ls_provider": "fakes"},
            input={"prompts": ["hi"]},
        ),
        event("RunnableSequence", "on_chain_end", ROOT, output="hi"),
    ]

    assert normalize(events) == [
        {
            "event": "on_chain_start",
            "name": "RunnableSequence",
            "run_id": "run-1",
            "parent_ids": [],
            "tags": [],
            "metadata": {},
            "data": {"input": {"input": "hi"}},
        },
        {
            "event": "on_prompt_start",
            "name": "Prompt",
            "run_id": "run-2",
            "parent_ids": ["run-1"],
            "tags": ["seq:step:1"],
            "metadata": {},
            "data": {"input": {"input": "hi"}},
        },
        {
            "event": "on_prompt_end",
            "name": "Prompt",
            "run_id": "run-2",
            "parent_ids": ["run-1"],
            "tags": ["seq:step:1"],
            "metadata": {},
            "data": {"output": "hi"},
        },
        {
            "event": "on_llm_start",
            "name": "ParrotLLM",
            "run_id": "run-3",
            "parent_ids": ["run-1"],
            "tags": ["seq:step:2"],
            "metadata": {"ls_provider": "fakes"},
            "data": {"input": {"prompts": ["hi"]}},
        },
        {
            "event": "on_chain_end",
            "name": "RunnableSequence",
            "run_id": "run-1",
            "parent_ids": [],
            "tags": [],
            "metadata": {},
            "data": {"output": "hi"},
        },
    ]


def test_parents_are_numbered_before_the_run_when_their_own_events_were_filtered():
    # include_names=... drops the parents' own events; the tree must still read top-down.
    events = [event("ParrotChat", "on_chat_model_start", MODEL, [ROOT, PROMPT], input="x")]

    [only] = normalize(events)

    assert only["parent_ids"] == ["run-1", "run-2"]
    assert only["run_id"] == "run-3"


def test_parallel_branches_with_interleaved_chunks():
    def chunk(run_id, text):
        return AIMessageChunk(content=text, id=f"lc_run--{run_id}")

    events = [
        event("RunnableParallel<left,right>", "on_chain_start", ROOT, input="ab"),
        event("left", "on_chat_model_start", LEFT, [ROOT], ["map:key:left"], input="a"),
        event("right", "on_chat_model_start", RIGHT, [ROOT], ["map:key:right"], input="b"),
        event(
            "right",
            "on_chat_model_stream",
            RIGHT,
            [ROOT],
            ["map:key:right"],
            chunk=chunk(RIGHT, "b"),
        ),
        event(
            "left", "on_chat_model_stream", LEFT, [ROOT], ["map:key:left"], chunk=chunk(LEFT, "a")
        ),
        event(
            "RunnableParallel<left,right>",
            "on_chain_stream",
            ROOT,
            chunk={
                "left": AIMessage("a", id=f"lc_run--{LEFT}"),
                "right": AIMessage("b", id=f"run-{RIGHT}"),
            },
        ),
    ]

    normalized = normalize(events)

    assert [(e["name"], e["run_id"], e["parent_ids"]) for e in normalized] == [
        ("RunnableParallel<left,right>", "run-1", []),
        ("left", "run-2", ["run-1"]),
        ("right", "run-3", ["run-1"]),
        ("right", "run-3", ["run-1"]),
        ("left", "run-2", ["run-1"]),
        ("RunnableParallel<left,right>", "run-1", []),
    ]
    assert normalized[3]["data"] == {
        "chunk": {"_class": "AIMessageChunk", "content": "b", "id": "run-3"}
    }
    assert normalized[4]["data"] == {
        "chunk": {"_class": "AIMessageChunk", "content": "a", "id": "run-2"}
    }
    # Both spellings of a run-derived message id (lc_run--, and the older run-) name the run.
    assert normalized[5]["data"] == {
        "chunk": {
            "left": {"_class": "AIMessage", "content": "a", "id": "run-2"},
            "right": {"_class": "AIMessage", "content": "b", "id": "run-3"},
        }
    }


def test_chunks_with_tool_calls_rename_random_tool_call_ids_and_keep_deterministic_ones():
    random_id = "call_Zx81kQ02mBv7PqLw3RtY9aHc"
    events = [
        event(
            "Chat",
            "on_chat_model_stream",
            MODEL,
            chunk=AIMessageChunk(
                content="",
                id=f"lc_run--{MODEL}",
                tool_call_chunks=[
                    {
                        "name": "add",
                        "args": '{"a": 1',
                        "id": random_id,
                        "index": 0,
                        "type": "tool_call_chunk",
                    },
                    {
                        "name": "mul",
                        "args": "{}",
                        "id": "call_1_1",
                        "index": 1,
                        "type": "tool_call_chunk",
                    },
                ],
            ),
        ),
        event(
            "add",
            "on_tool_end",
            LEFT,
            output=ToolMessage(content="3", tool_call_id=random_id, name="add"),
        ),
    ]

    chunk_event, tool_event = normalize(events)

    assert chunk_event["data"] == {
        "chunk": {
            "_class": "AIMessageChunk",
            "content": "",
            "id": "run-1",
            # langchain-core parses the partial JSON of the chunks into tool_calls
            "tool_calls": [
                {"name": "add", "args": {"a": 1}, "id": "call-1", "type": "tool_call"},
                {"name": "mul", "args": {}, "id": "call_1_1", "type": "tool_call"},
            ],
            "tool_call_chunks": [
                {
                    "name": "add",
                    "args": '{"a": 1',
                    "id": "call-1",
                    "index": 0,
                    "type": "tool_call_chunk",
                },
                {
                    "name": "mul",
                    "args": "{}",
                    "id": "call_1_1",
                    "index": 1,
                    "type": "tool_call_chunk",
                },
            ],
        }
    }
    # The ToolMessage answering the random id gets the same new name: the link survives.
    assert tool_event["data"] == {
        "output": {"_class": "ToolMessage", "content": "3", "name": "add", "tool_call_id": "call-1"}
    }


def test_errors_mid_stream_keep_the_events_before_and_render_the_error():
    events = [
        event("Chat", "on_chat_model_start", MODEL, input="boom"),
        event(
            "Chat",
            "on_chat_model_stream",
            MODEL,
            chunk=AIMessageChunk(content="b", id=f"lc_run--{MODEL}"),
        ),
        {"event": "raised", "data": {"error": ValueError(f"run {MODEL} failed at chunk 1")}},
    ]

    assert normalize(events)[1:] == [
        {
            "event": "on_chat_model_stream",
            "name": "Chat",
            "run_id": "run-1",
            "parent_ids": [],
            "tags": [],
            "metadata": {},
            "data": {"chunk": {"_class": "AIMessageChunk", "content": "b", "id": "run-1"}},
        },
        {
            "event": "raised",
            "data": {"error": {"_class": "ValueError", "message": "run run-1 failed at chunk 1"}},
        },
    ]


async def test_collect_records_an_error_raised_mid_stream():
    async def stream():
        yield {"event": "on_chain_start", "run_id": ROOT, "data": {}}
        raise RuntimeError("connection reset")

    events = await collect(stream(), errors="record")

    assert normalize(events) == [
        {"event": "on_chain_start", "run_id": "run-1", "data": {}},
        {
            "event": "raised",
            "data": {"error": {"_class": "RuntimeError", "message": "connection reset"}},
        },
    ]
    with pytest.raises(RuntimeError, match="connection reset"):
        await collect(stream())


async def test_collect_awaits_a_v3_style_awaitable_and_rejects_non_streams():
    async def stream():
        yield {"event": "message-start", "id": f"lc_run--{MODEL}", "role": "ai"}

    async def v3():
        return stream()

    assert await collect(v3()) == [
        {"event": "message-start", "id": f"lc_run--{MODEL}", "role": "ai"}
    ]
    with pytest.raises(TypeError, match="async iterable"):
        await collect([{"event": "x"}])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match='errors must be "raise" or "record"'):
        await collect(stream(), errors="ignore")  # type: ignore[arg-type]


def test_v3_protocol_events():
    events = [
        {"event": "message-start", "id": f"lc_run--{MODEL}", "role": "ai"},
        {"event": "content-block-delta", "index": 0, "delta": {"type": "text-delta", "text": "c"}},
        {
            "event": "message-finish",
            "usage": {"input_tokens": 3},
            "metadata": {"model_name": "parrot"},
        },
    ]

    assert normalize(events) == [
        {"event": "message-start", "id": "run-1", "role": "ai"},
        {"event": "content-block-delta", "index": 0, "delta": {"type": "text-delta", "text": "c"}},
        {
            "event": "message-finish",
            "metadata": {"model_name": "parrot"},
            "usage": {"input_tokens": 3},
        },
    ]


def test_other_uuids_become_ids_in_order_of_first_appearance():
    human_id = str(uuid.UUID(int=7))
    task = "10266687-43ec-1af6-8ce9-93885b2889d1"
    events = [
        event(
            "model",
            "on_chain_start",
            ROOT,
            metadata={
                "langgraph_checkpoint_ns": f"model:{task}",
                "langgraph_path": ("__pregel_pull", "model"),
            },
            input={"messages": [HumanMessage("hi", id=human_id)]},
        ),
        event(
            "model",
            "on_chain_end",
            ROOT,
            output={"id": uuid.UUID(human_id), "response": f"chatcmpl-{task}"},
        ),
    ]

    start, end = normalize(events)

    assert start["metadata"] == {
        "langgraph_checkpoint_ns": "model:id-1",
        "langgraph_path": ["__pregel_pull", "model"],
    }
    assert start["data"] == {
        "input": {"messages": [{"_class": "HumanMessage", "content": "hi", "id": "id-2"}]}
    }
    assert end["data"] == {"output": {"id": "id-2", "response": "chatcmpl-id-1"}}


def test_version_stamps_are_removed_and_look_alikes_kept():
    metadata = {
        "lc_versions": LC_VERSIONS,
        "langgraph_version": "1.0.3",
        "litellm_versions": {"litellm": "1.106.2"},
        "api_version": "2024-10-21",  # a date: an API parameter, not an installed version
        "schema_version": 2,
        "ls_integration": "langchain_chat_model",  # only newer langchain-core adds it
        "ls_model_name": "parrot",
    }

    [only] = normalize([event("Chat", "on_chat_model_start", MODEL, metadata=metadata, input="x")])

    assert only["metadata"] == {
        "api_version": "2024-10-21",
        "schema_version": 2,
        "ls_model_name": "parrot",
    }


def test_version_like_keys_in_data_are_kept():
    data_input = {"api_version": "2024.06", "sdk_version": "1.2.3", "query": "x"}

    [only] = normalize([event("Tool", "on_tool_start", MODEL, input=data_input)])

    assert only["data"] == {"input": data_input}


def test_pydantic_objects_become_plain_data_without_default_fields():
    events = [
        event(
            "Retriever",
            "on_retriever_end",
            MODEL,
            output=[Document(page_content="doc", metadata={"source": "a.txt"})],
            prompt=ChatPromptValue(messages=[HumanMessage("hi")]),
            chunk=GenerationChunk(text="S"),
            message=AIMessage("ok", response_metadata={"finish_reason": "stop"}),
        )
    ]

    [only] = normalize(events)

    assert only["data"] == {
        "output": [{"_class": "Document", "page_content": "doc", "metadata": {"source": "a.txt"}}],
        "prompt": {
            "_class": "ChatPromptValue",
            "messages": [{"_class": "HumanMessage", "content": "hi"}],
        },
        "chunk": {"_class": "GenerationChunk", "text": "S"},
        "message": {
            "_class": "AIMessage",
            "content": "ok",
            "response_metadata": {"finish_reason": "stop"},
        },
    }


def test_normalize_is_pure_and_idempotent():
    events = [
        event(
            "Chat",
            "on_chat_model_end",
            MODEL,
            [ROOT],
            metadata={"lc_versions": LC_VERSIONS},
            output=AIMessage("x", id=f"lc_run--{MODEL}"),
        )
    ]
    before = copy.deepcopy(events)

    once = normalize(events)

    assert events == before
    assert normalize(once) == once
    assert normalize(iter(events)) == once


def test_normalize_names_a_non_event_by_position():
    with pytest.raises(TypeError, match=r"event #2 is a str"):
        normalize([{"event": "on_chain_start"}, "on_chain_end"])


def test_a_repeated_string_is_renamed_alike_each_time_by_its_role():
    # normalize remembers what each string became; a string under an id key
    # (a tool call id) and the same string elsewhere (text) are renamed apart.
    random_id = "call_Zx81kQ02mBv7PqLw3RtY9aHc"
    other = str(uuid.UUID(int=9))
    events = [
        event("t", "on_tool_start", LEFT, input={"note": random_id, "ref": f"see {other}"}),
        event("t", "on_tool_end", LEFT, output={"id": random_id, "ref": f"see {other}"}),
        event("t", "on_tool_end", RIGHT, output={"tool_call_id": random_id, "note": random_id}),
    ]

    first, second, third = normalize(events)

    assert first["data"] == {"input": {"note": random_id, "ref": "see id-1"}}
    assert second["data"] == {"output": {"id": "call-1", "ref": "see id-1"}}
    assert third["data"] == {"output": {"tool_call_id": "call-1", "note": random_id}}
    # Each call starts over: nothing is remembered from one call to the next.
    assert normalize(events[2:])[0]["run_id"] == "run-1"


def test_a_run_id_mentioned_before_its_run_starts_is_named_as_that_run():
    events = [
        event("Chain", "on_chain_start", ROOT, input={"next": f"lc_run--{MODEL}", "raw": MODEL}),
        event("Chat", "on_chat_model_start", MODEL, [ROOT]),
    ]

    start, chat = normalize(events)

    assert start["data"] == {"input": {"next": "run-2", "raw": "run-2"}}
    assert chat["run_id"] == "run-2"


def test_a_str_subclass_becomes_a_plain_str():
    class Color(str, enum.Enum):
        RED = "red"

    [only] = normalize([event("t", "on_tool_end", MODEL, output=Color.RED, tags=[Color.RED])])

    assert (only["tags"], only["data"]) == (["red"], {"output": "red"})
    assert type(only["tags"][0]) is str
    assert type(only["data"]["output"]) is str


def test_render_events_one_block_per_event():
    events = normalize(
        [
            event("Chat", "on_chat_model_start", MODEL, [ROOT], ["t"], input="cat"),
            event(
                "Chat",
                "on_chat_model_stream",
                MODEL,
                [ROOT],
                ["t"],
                chunk=AIMessageChunk(
                    content="c",
                    id=f"lc_run--{MODEL}",
                    usage_metadata={"input_tokens": 3, "output_tokens": 1, "total_tokens": 4},
                ),
            ),
            {"event": "message-start", "id": f"lc_run--{MODEL}", "role": "ai"},
        ]
    )

    assert render_events(events) == "\n".join(
        [
            "3 events",
            "[0] on_chat_model_start Chat",
            "  run_id: 'run-2'",
            "  parent_ids: ['run-1']",
            "  tags: ['t']",
            "  metadata: {}",
            "  data:",
            "    input: 'cat'",
            "[1] on_chat_model_stream Chat",
            "  run_id: 'run-2'",
            "  parent_ids: ['run-1']",
            "  tags: ['t']",
            "  metadata: {}",
            "  data:",
            "    chunk: AIMessageChunk",
            "      content: 'c'",
            "      id: 'run-2'",
            "      usage_metadata:",
            "        input_tokens: 3",
            "        output_tokens: 1",
            "        total_tokens: 4",
            "[2] message-start",
            "  id: 'run-2'",
            "  role: 'ai'",
        ]
    )


def test_snapshots_dir_is_the_top_level_snapshots_folder(tmp_path: Path):
    assert snapshots_dir(tmp_path / "tests" / "test_x.py", tmp_path) == tmp_path / "snapshots"
    assert (
        snapshots_dir(tmp_path / "tests" / "sub" / "test_x.py", tmp_path)
        == tmp_path / "snapshots" / "sub"
    )
    assert (
        snapshots_dir(tmp_path / "examples" / "test_x.py", tmp_path)
        == tmp_path / "snapshots" / "examples"
    )
    elsewhere = tmp_path / "elsewhere"
    assert snapshots_dir(elsewhere / "test_x.py", tmp_path / "root") == elsewhere / "snapshots"


def test_by_run_groups_each_runs_events_in_their_order():
    events = [
        event("branches", "on_chain_start", ROOT),
        event("left", "on_chat_model_start", LEFT, [ROOT]),
        event("right", "on_chat_model_start", RIGHT, [ROOT]),
        event("right", "on_chat_model_stream", RIGHT, [ROOT], chunk="r1"),
        event("left", "on_chat_model_stream", LEFT, [ROOT], chunk="l1"),
        event("right", "on_chat_model_stream", RIGHT, [ROOT], chunk="r2"),
        {"event": "raised", "data": {}},
    ]

    normalized = normalize(events, by_run=True)

    assert [(e["event"], e.get("run_id"), e.get("data")) for e in normalized] == [
        ("on_chain_start", "run-1", {}),
        ("on_chat_model_start", "run-2", {}),
        ("on_chat_model_stream", "run-2", {"chunk": "l1"}),
        ("on_chat_model_start", "run-3", {}),
        ("on_chat_model_stream", "run-3", {"chunk": "r1"}),
        ("on_chat_model_stream", "run-3", {"chunk": "r2"}),
        ("raised", None, {}),
    ]


def test_serializer_applies_syrupy_matchers_to_the_normalized_events():
    from syrupy.matchers import path_type

    from fakes.traces import EventsSerializer

    events = [event("Chat", "on_chat_model_end", MODEL, output={"created": 1717171717})]
    matcher = path_type({r"0\.data\.output\.created": (int,)}, regex=True)

    text = EventsSerializer.serialize(events, matcher=matcher)

    assert "created: int" in text
    assert "1717171717" not in text
    assert "run_id: 'run-1'" in text


def test_by_run_names_runs_in_tree_order_and_ids_after_sorting():
    """Parallel tool calls: each tool run under its own node run. The tools start and
    end in either order; the nodes (siblings) started in the order of the calls."""
    left_tool = "0199a3b1-6666-7aaa-8bbb-000000000006"
    right_tool = "0199a3b1-7777-7aaa-8bbb-000000000007"
    left_message, right_message = str(uuid.uuid4()), str(uuid.uuid4())

    def trace(tools_in_order):
        tools = {
            left_tool: (LEFT, "Paris", left_message),
            right_tool: (RIGHT, "Tokyo", right_message),
        }
        events = [
            event("tools", "on_chain_start", LEFT, [ROOT]),
            event("tools", "on_chain_start", RIGHT, [ROOT]),
        ]
        for tool_run in tools_in_order:
            node, city, _ = tools[tool_run]
            events.append(event("get_weather", "on_tool_start", tool_run, [ROOT, node], input=city))
        for tool_run in reversed(tools_in_order):
            node, city, message_id = tools[tool_run]
            output = ToolMessage(city, tool_call_id=city, id=message_id)
            events.append(
                event("get_weather", "on_tool_end", tool_run, [ROOT, node], output=output)
            )
        events += [
            event("tools", "on_chain_end", LEFT, [ROOT]),
            event("tools", "on_chain_end", RIGHT, [ROOT]),
        ]
        return normalize(events, by_run=True)

    normalized = trace([left_tool, right_tool])
    assert trace([right_tool, left_tool]) == normalized
    assert [(e["run_id"], e["event"]) for e in normalized] == [
        ("run-2", "on_chain_start"),
        ("run-2", "on_chain_end"),
        ("run-3", "on_tool_start"),
        ("run-3", "on_tool_end"),
        ("run-4", "on_chain_start"),
        ("run-4", "on_chain_end"),
        ("run-5", "on_tool_start"),
        ("run-5", "on_tool_end"),
    ]
    ends = [e["data"]["output"] for e in normalized if e["event"] == "on_tool_end"]
    assert [(end["content"], end["id"]) for end in ends] == [("Paris", "id-1"), ("Tokyo", "id-2")]
