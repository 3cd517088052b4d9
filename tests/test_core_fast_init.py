"""The faster __init__ of the core value types keeps every dataclass behaviour."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest

from fakes.core import Call, Reply, Request, ToolCall, Turn, Usage
from fakes.core._frozen import fast_init

VALUE_TYPES = [Call, Reply, Request, ToolCall, Turn, Usage]


def _reference(cls: type[Any]) -> type[Any]:
    """The same class as the dataclass module alone would build it."""
    fields = [
        (f.name, f.type, dataclasses.field(default=f.default, default_factory=f.default_factory))
        for f in dataclasses.fields(cls)
    ]
    return dataclasses.make_dataclass(f"Reference{cls.__name__}", fields, frozen=True)


@pytest.mark.parametrize("cls", VALUE_TYPES, ids=lambda cls: cls.__name__)
def test_signature_matches_the_generated_init(cls: type[Any]) -> None:
    ours = inspect.signature(cls).parameters
    generated = inspect.signature(_reference(cls)).parameters
    assert list(ours) == list(generated)
    for name, parameter in generated.items():
        field = {f.name: f for f in dataclasses.fields(cls)}[name]
        if field.default_factory is dataclasses.MISSING:
            assert ours[name].default == parameter.default, name
        else:  # both mark "use the factory" with a sentinel of their own
            assert ours[name].default is not inspect.Parameter.empty


def test_values_defaults_and_factories() -> None:
    turn = Turn("user", "hi", message_id="m1")
    assert (turn.role, turn.text, turn.tool_calls, turn.tool_call_id, turn.name) == (
        "user",
        "hi",
        (),
        None,
        None,
    )
    assert turn.message_id == "m1"
    first, second = Reply("a"), Reply("a")
    assert first.extra == {}
    assert first.extra is not second.extra
    assert Request((turn,)).options == {}
    assert Request((turn,)).options is not Request(()).options
    call = Call(1, (turn,), kwargs={"tools": []})
    assert call.kwargs == {"tools": []}
    assert call.stop is None
    assert call.streamed is False


def test_equality_hash_repr_and_replace_still_work() -> None:
    turn = Turn("user", "hi")
    assert turn == Turn(role="user", text="hi")
    assert hash(turn) == hash(Turn("user", "hi"))
    assert repr(turn) == (
        "Turn(role='user', text='hi', tool_calls=(), tool_call_id=None, name=None, message_id=None)"
    )
    assert dataclasses.replace(turn, text="bye") == Turn("user", "bye")
    assert Usage(2, 3).total_tokens == 5


def test_instances_stay_frozen() -> None:
    usage = Usage(1, 2)
    with pytest.raises(dataclasses.FrozenInstanceError):
        usage.input_tokens = 5  # type: ignore[misc]


def test_missing_and_unknown_arguments_fail_like_a_dataclass() -> None:
    with pytest.raises(TypeError, match="text"):
        Turn("user")  # type: ignore[call-arg]
    with pytest.raises(TypeError, match="colour"):
        Turn("user", "hi", colour="red")  # type: ignore[call-arg]


def test_post_init_still_runs() -> None:
    @fast_init
    @dataclasses.dataclass(frozen=True)
    class Positive:
        value: int

        def __post_init__(self) -> None:
            if self.value < 0:
                raise ValueError("negative")

    assert Positive(1).value == 1
    with pytest.raises(ValueError, match="negative"):
        Positive(-1)


def test_rejects_classes_it_cannot_speed_up() -> None:
    @dataclasses.dataclass
    class Mutable:
        value: int

    with pytest.raises(TypeError, match="frozen dataclass"):
        fast_init(Mutable)

    @dataclasses.dataclass(frozen=True, kw_only=True)
    class KeywordOnly:
        value: int

    with pytest.raises(TypeError, match="positional"):
        fast_init(KeywordOnly)

    @dataclasses.dataclass(frozen=True, slots=True)
    class Slotted:
        value: int

    with pytest.raises(TypeError, match="slots"):
        fast_init(Slotted)
