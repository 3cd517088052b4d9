"""The framework-free core, tested directly."""

from __future__ import annotations

import threading

import pytest
from freezegun import freeze_time

from fakes.core import (
    CallLog,
    Echo,
    FaultPlan,
    InjectedFault,
    InvalidInputError,
    Request,
    Script,
    ScriptExhaustedError,
    Turn,
    UnixTime,
    Usage,
    apply_stop,
    split_text,
)


def request(*texts: str) -> Request:
    return Request(turns=tuple(Turn(role="user", text=t) for t in texts))


@pytest.mark.parametrize(
    ("text", "stop", "expected"),
    [
        ("hello world", None, ("hello world", False)),
        ("hello world", [], ("hello world", False)),
        ("hello world", ["o"], ("hello", True)),
        ("hello world", ["wor", "l"], ("hel", True)),
        ("hello world", ["xyz"], ("hello world", False)),
        ("hello world", ["world"], ("hello world", True)),
        ("ab", ["ab", "a"], ("a", True)),
    ],
)
def test_apply_stop_cuts_after_earliest_stop_and_keeps_it(text, stop, expected):
    assert apply_stop(text, stop) == expected


def test_apply_stop_takes_one_string_as_one_stop_sequence():
    assert apply_stop("hello", "l") == ("hel", True)


@pytest.mark.parametrize("stop", [[""], [3], 3])
def test_apply_stop_rejects_bad_stop_sequences(stop):
    with pytest.raises(InvalidInputError, match="stop"):
        apply_stop("hello", stop)


@pytest.mark.parametrize(
    ("chunking", "expected"),
    [
        ("char", ["h", "i", " ", "y", "o", "u"]),
        ("word", ["hi ", "you"]),
        (4, ["hi y", "ou"]),
    ],
)
def test_split_text_pieces_concatenate_to_the_text(chunking, expected):
    pieces = split_text("hi you", chunking)
    assert pieces == expected
    assert "".join(pieces) == "hi you"


def test_split_text_word_keeps_leading_whitespace():
    assert "".join(split_text("  a  b ", "word")) == "  a  b "


@pytest.mark.parametrize("chunking", [0, -2, "line", True])
def test_split_text_rejects_bad_chunking(chunking):
    with pytest.raises(InvalidInputError, match="chunk"):
        split_text("abc", chunking)


def test_echo_cuts_last_message():
    assert Echo(3).reply(request("first", "Meow!")).text == "Meo"
    assert Echo().reply(request("all of it")).text == "all of it"
    assert Echo(0).reply(request("x")).text == ""


def test_echo_rejects_negative_length():
    with pytest.raises(InvalidInputError, match="-1"):
        Echo(-1)


def test_echo_of_no_messages_is_a_clear_error():
    with pytest.raises(InvalidInputError, match="empty list of messages"):
        Echo().reply(Request(turns=()))


def test_unix_time_reads_the_frozen_clock():
    with freeze_time("2024-01-01T00:00:00Z"):
        assert UnixTime().reply(request("now")).text == "1704067200"


def test_script_hands_out_items_in_order_then_names_the_call():
    script = Script(["a", "b"])
    assert [script.take(), script.take()] == ["a", "b"]
    with pytest.raises(ScriptExhaustedError, match=r"call #3 has no reply: only 2 replies"):
        script.take()
    with pytest.raises(ScriptExhaustedError, match=r"call #4"):
        script.take()
    assert script.remaining == 0  # not negative after the overflow calls
    script.reset()
    assert script.take() == "a"


def test_script_is_thread_safe():
    script = Script(list(range(400)))
    taken: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(100):
            item = script.take()
            with lock:
                taken.append(item)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(taken) == list(range(400))
    assert script.remaining == 0


def test_script_rejects_a_bare_string():
    with pytest.raises(InvalidInputError, match="not a single string"):
        Script("abc")


def test_call_log_numbers_calls_and_keeps_them():
    log = CallLog()
    first = log.record((Turn("user", "hi"),), stop=["x"])
    second = log.record((Turn("user", "there"),), streamed=True, kwargs={"k": 1})
    assert (first.number, second.number) == (1, 2)
    assert len(log) == 2
    assert log.last is log[1]
    assert log[0].stop == ("x",)
    assert log.last.last_text == "there"
    assert log.last.kwargs == {"k": 1}
    assert [c.number for c in log] == [1, 2]
    log.clear()
    assert len(log) == 0
    with pytest.raises(AssertionError, match="not been called"):
        _ = log.last


def test_usage_counts_characters_and_tool_calls():
    from fakes.core import ToolCall

    turns = (Turn("user", "hello!"), Turn("assistant", "Hi there human!"), Turn("user", "Meow!"))
    usage = Usage.of(turns, "Meo")
    assert (usage.input_tokens, usage.output_tokens, usage.total_tokens) == (26, 3, 29)
    calls = (ToolCall("f", {"a": 1}, "c1"),)
    assert Usage.of(turns, "", calls).output_tokens == len("f") + len('{"a": 1}')


def test_fault_plan_on_call():
    plan = FaultPlan(on_call=2)
    plan.check_call(1)
    with pytest.raises(InjectedFault, match="call #2"):
        plan.check_call(2)
    plan.check_call(3)


def test_fault_plan_at_chunk_with_custom_error():
    plan = FaultPlan(at_chunk=1, error=TimeoutError("slow"))
    plan.check_call(1)
    plan.check_chunk(1, 0)
    with pytest.raises(TimeoutError, match="slow"):
        plan.check_chunk(1, 1)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [({}, "needs on_call"), ({"on_call": 0}, "1-based"), ({"at_chunk": -1}, ">= 0")],
)
def test_fault_plan_validates(kwargs, match):
    with pytest.raises(InvalidInputError, match=match):
        FaultPlan(**kwargs)


def test_importing_fakes_imports_no_framework():
    import subprocess
    import sys

    code = (
        "import sys, fakes, fakes.core; "
        "heavy = [m for m in ('langchain_core', 'litellm') if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("stop", "max_tokens", "text", "finish_reason"),
    [
        (["o w"], 3, "hel", "length"),  # the limit comes first
        (["e"], 4, "he", "stop"),  # the stop sequence comes first
        (["o w"], 7, "hello w", "stop"),  # both at once: the stop sequence is complete
        (None, 11, "hello world", "stop"),  # exactly the limit is not cut
    ],
)
def test_stop_and_max_tokens_whichever_comes_first(stop, max_tokens, text, finish_reason):
    from fakes.core import Reply, Request, shape

    request = Request((Turn("user", "hello world"),), stop=stop, max_tokens=max_tokens)
    response = shape(request, Reply("hello world"), model="m")
    assert (response.text, response.finish_reason) == (text, finish_reason)
    assert response.usage.output_tokens == len(text)
