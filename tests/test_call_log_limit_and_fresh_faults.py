"""A capped call log keeps the last calls and counts on; a fault raises a fresh error each time."""

from __future__ import annotations

import threading
import traceback

import pytest

from fakes.core import CallLog, FaultPlan, InjectedFault, InvalidInputError, Turn
from fakes.core._faults import fresh_error
from fakes.langchain import ParrotChat

HI = (Turn("user", "hi"),)


def test_a_capped_log_keeps_the_last_calls_and_numbers_on() -> None:
    log = CallLog(limit=3)
    for _ in range(7):
        log.record(HI)
    assert [call.number for call in log] == [5, 6, 7]
    assert (len(log), log.total, log.limit) == (3, 7, 3)
    assert log.last.number == 7
    assert log[0].number == 5
    assert [call.number for call in log[1:]] == [6, 7]
    assert repr(log) == "CallLog(3 calls, the last of 7; limit=3)"
    log.clear()
    assert (len(log), log.total, log.record(HI).number) == (0, 0, 1)
    assert log.limit == 3


def test_an_uncapped_log_keeps_every_call() -> None:
    log = CallLog()
    for _ in range(5):
        log.record(HI)
    assert [call.number for call in log] == [1, 2, 3, 4, 5]
    assert (log.limit, log.total, repr(log)) == (None, 5, "CallLog(5 calls)")


@pytest.mark.parametrize("limit", [0, -1, True, 2.5, "3"])
def test_a_bad_limit_is_refused(limit: object) -> None:
    with pytest.raises(InvalidInputError, match="limit"):
        CallLog(limit=limit)  # type: ignore[arg-type]


def test_a_capped_log_numbers_concurrent_calls_uniquely() -> None:
    log = CallLog(limit=50)
    start = threading.Barrier(8)

    def record() -> None:
        start.wait(timeout=30)
        for _ in range(500):
            log.record(HI)

    threads = [threading.Thread(target=record) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert log.total == 4000
    assert sorted(call.number for call in log) == list(range(3951, 4001))


def test_a_langchain_fake_caps_its_log_and_faults_still_count_every_call() -> None:
    model = ParrotChat(call_log_limit=2, fault=FaultPlan(on_call=5))
    for text in ["a", "b", "c", "d"]:
        model.invoke(text)
    assert [(call.number, call.last_text) for call in model.calls] == [(3, "c"), (4, "d")]
    with pytest.raises(InjectedFault, match="call #5"):
        model.invoke("e")
    assert ParrotChat().calls.limit is None
    with pytest.raises(ValueError, match="call log limit"):
        ParrotChat(call_log_limit=0)


def test_the_cap_is_not_part_of_the_cache_key() -> None:
    capped = ParrotChat(call_log_limit=10)
    assert capped._get_llm_string() == ParrotChat()._get_llm_string()
    assert "call_log_limit" not in capped._get_llm_string()


def test_a_litellm_handler_caps_its_log() -> None:
    import fakes.litellm as fl

    handler = fl.FakesHandler(call_log_limit=1)
    assert handler.calls.limit == 1
    handler.reset()
    assert handler.calls.limit == 1
    assert fl.FakesHandler().calls.limit is None


def raised_by(model: ParrotChat) -> BaseException:
    with pytest.raises(RuntimeError) as caught:
        list(model.stream("hi"))
    return caught.value


def test_a_fault_raises_a_fresh_copy_whose_traceback_does_not_grow() -> None:
    configured = RuntimeError("boom")
    model = ParrotChat(fault=FaultPlan(at_chunk=0, error=configured))
    first = raised_by(model)
    depth = len(traceback.extract_tb(first.__traceback__))
    for _ in range(200):
        last = raised_by(model)
    assert len(traceback.extract_tb(last.__traceback__)) == depth
    assert last is not configured
    assert last is not first
    assert (type(last), last.args, str(last)) == (RuntimeError, ("boom",), "boom")
    assert configured.__traceback__ is None  # never raised itself


class NeedsTwo(Exception):
    """An exception whose __init__ takes other arguments than its args."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(f"{status} {reason}")
        self.status = status


def test_a_fresh_error_keeps_type_args_attributes_cause_and_notes() -> None:
    error = NeedsTwo(429, "slow down")
    error.__cause__ = KeyError("why")
    error.add_note("a note")
    fresh = fresh_error(error)
    assert fresh is not error
    assert isinstance(fresh, NeedsTwo)
    assert (fresh.args, str(fresh), fresh.status) == (error.args, "429 slow down", 429)
    assert fresh.__cause__ is error.__cause__
    fresh.add_note("later")
    assert error.__notes__ == ["a note"]
    assert fresh.__notes__ == ["a note", "later"]


class Stubborn(Exception):
    """Neither copied nor built a second time."""

    made = False

    def __new__(cls, *args: object) -> Stubborn:
        if cls.made:
            raise TypeError("only one")
        cls.made = True
        return super().__new__(cls, *args)

    def __reduce_ex__(self, protocol: object) -> object:
        raise TypeError("no copies")


def test_an_error_that_cannot_be_copied_is_raised_without_its_old_traceback() -> None:
    error = Stubborn("once")
    try:
        raise error
    except Stubborn:
        pass
    assert error.__traceback__ is not None
    assert fresh_error(error) is error
    assert error.__traceback__ is None
