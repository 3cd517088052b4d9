"""Call options a fake cannot honour are refused the same way on every LangChain fake."""

from __future__ import annotations

import traceback

import pytest

from fakes.core import InvalidInputError
from fakes.langchain import ParrotChat, ParrotLLM, ScriptedChat, ToolCallingChat

FAKES = [ParrotChat, ToolCallingChat, lambda: ScriptedChat(replies=["x"], cycle=True), ParrotLLM]


@pytest.mark.parametrize("make", FAKES)
@pytest.mark.parametrize("n", [0, 2, -1, "1", 1.0, True])
def test_n_other_than_one_is_refused(make, n):
    model = make()
    with pytest.raises(InvalidInputError, match=r"n must be 1 \(a fake answers with one choice"):
        model.invoke("hi", n=n)
    assert len(model.calls) == 0  # refused before the call is recorded


@pytest.mark.parametrize("make", FAKES)
def test_n_of_one_is_fine(make):
    model = make()
    model.invoke("hi", n=1)
    assert model.calls.last.kwargs["n"] == 1


def test_a_scripted_exception_is_raised_as_a_fresh_copy_each_time():
    scripted = ValueError("scripted failure")
    model = ScriptedChat(replies=[scripted], cycle=True)
    raised = []
    for _ in range(50):
        with pytest.raises(ValueError, match="scripted failure") as info:
            model.invoke("hi")
        raised.append(info.value)
    assert all(error is not scripted for error in raised)
    assert len({id(error) for error in raised}) == len(raised)
    depths = {len(traceback.extract_tb(error.__traceback__)) for error in raised}
    assert len(depths) == 1  # the traceback does not grow from call to call
    assert scripted.__traceback__ is None
