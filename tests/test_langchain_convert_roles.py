"""Roles of messages whose exact type is not one of LangChain's five: the slow path of to_turns."""

from __future__ import annotations

import pytest
from langchain_core.messages import ChatMessage, HumanMessage

from fakes.core import InvalidInputError
from fakes.langchain._convert import to_turns


class TaggedHuman(HumanMessage):
    """A user's own subclass of HumanMessage."""


@pytest.mark.parametrize(
    ("role", "expected"),
    [("human", "user"), ("Assistant", "assistant"), ("developer", "system"), ("tool", "tool")],
)
def test_chat_message_roles_map_to_neutral_roles(role: str, expected: str) -> None:
    (turn,) = to_turns([ChatMessage(role=role, content="hi")])
    assert turn.role == expected
    assert turn.text == "hi"


def test_subclass_of_a_message_type_keeps_its_role() -> None:
    (turn,) = to_turns([TaggedHuman(content="hello", id="m1")])
    assert (turn.role, turn.text, turn.message_id) == ("user", "hello", "m1")


def test_unknown_chat_message_role_and_non_messages_are_named() -> None:
    with pytest.raises(InvalidInputError, match="unknown ChatMessage role 'wizard'"):
        to_turns([ChatMessage(role="wizard", content="hi")])
    with pytest.raises(InvalidInputError, match="message #1 is a str"):
        to_turns([HumanMessage(content="ok"), "not a message"])  # type: ignore[list-item]
