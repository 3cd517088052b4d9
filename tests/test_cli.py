"""The ``fakes`` command line."""

from __future__ import annotations

import subprocess
import sys

from fakes.cli import main


def test_demo_prints_each_fake(capsys):
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "'This '" in out
    assert "['woof ', 'meow ']" in out
    assert "h|e|l|l|o|" in out
    assert "'Meo' usage={'input_tokens': 26, 'output_tokens': 3, 'total_tokens': 29}" in out
    assert out.count("c|a|t||") == 2
    assert "['first', 'second']" in out
    assert "add({'a': 2, 'b': 3})" in out
    assert "'hello litellm'" in out


def test_unknown_command_is_a_clear_usage_error():
    result = subprocess.run(
        [sys.executable, "-m", "fakes", "fly"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert "invalid choice: 'fly'" in result.stderr


def test_events_prints_one_normalized_json_event_per_line(capsys):
    import json

    assert main(["events", "cat"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [e["event"] for e in events] == [
        "on_chat_model_start",
        *["on_chat_model_stream"] * 4,
        "on_chat_model_end",
    ]
    assert {e["run_id"] for e in events} == {"run-1"}
    assert [e["data"]["chunk"]["content"] for e in events[1:-1]] == ["c", "a", "t", ""]
    assert "lc_versions" not in json.dumps(events)


def test_events_of_the_tool_model_show_tool_call_chunks(capsys):
    import json

    assert main(["events", "--model", "tools", "add(2, 3)"]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    names = [
        piece["name"]
        for e in events
        if e["event"] == "on_chat_model_stream"
        for piece in e["data"]["chunk"].get("tool_call_chunks", [])
        if piece["name"]
    ]
    assert names == ["add"]
    assert events[-1]["data"]["output"]["tool_calls"][0]["args"] == {"a": 2, "b": 3}


def test_events_twice_gives_the_same_bytes(capsys):
    main(["events", "--model", "scripted", "hello"])
    first = capsys.readouterr().out
    main(["events", "--model", "scripted", "hello"])
    assert capsys.readouterr().out == first
