"""A callback handler that records ``on_llm_new_token`` against the consumer.

The seed checklist says ``on_llm_new_token`` must fire BEFORE the chunk is
yielded: a tracer that sees the token after the consumer already has it shows
streams out of order. The recorder keeps one timeline: the callback appends
``("token", text)`` and the test's consumer appends ``("received", text)`` for
each chunk it gets, so a wrong order is visible in the timeline itself.
"""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.callbacks import BaseCallbackHandler

__all__ = ["OrderRecorder", "order_problem"]

Event = tuple[Literal["token", "received"], str]


class OrderRecorder(BaseCallbackHandler):
    """Record ``on_llm_new_token`` calls and consumer receipts in one list.

    Pass it in ``config={"callbacks": [recorder]}`` and call :meth:`received`
    for every chunk the stream hands you.
    """

    # Run in the caller's thread and task even under an async callback
    # manager, so the timeline is the real order of events.
    run_inline: bool = True

    def __init__(self) -> None:
        super().__init__()
        self.timeline: list[Event] = []

    def on_llm_new_token(self, token: Any, **kwargs: Any) -> None:
        """Note that the callback fired, with its token."""
        self.timeline.append(("token", str(token)))

    def received(self, text: Any) -> None:
        """Note that the consumer received a chunk."""
        self.timeline.append(("received", str(text)))


def order_problem(timeline: list[Event]) -> str | None:
    """Describe what is wrong with a timeline, or return None if it is in order.

    In order means: every received chunk was preceded by exactly one
    ``on_llm_new_token`` since the previous chunk was received, and no token
    fired after the last chunk was received.
    """
    received = sum(1 for kind, _ in timeline if kind == "received")
    tokens = sum(1 for kind, _ in timeline if kind == "token")
    if tokens == 0:
        return f"on_llm_new_token never fired, although the stream yielded {received} chunk(s)"
    pending = 0
    index = 0
    for kind, text in timeline:
        if kind == "token":
            pending += 1
            continue
        index += 1
        if pending == 0:
            return (
                f"chunk #{index} ({text!r}) reached the consumer before on_llm_new_token "
                "fired for it (the callback runs after the yield)"
            )
        if pending > 1:
            return f"on_llm_new_token fired {pending} times for chunk #{index} ({text!r})"
        pending = 0
    if pending:
        return (
            f"on_llm_new_token fired {pending} time(s) after the last chunk reached the "
            "consumer (the callback runs after the yield)"
        )
    return None
