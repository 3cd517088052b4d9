"""The ``fakes`` command line: ``fakes demo`` (and more subcommands as they land)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Sequence

__all__ = ["main"]


def _demo() -> int:
    """Print each fake's invoke and stream output, the way the seed guides show them."""
    from langchain_core.messages import AIMessage, HumanMessage

    from fakes.langchain import ParrotChat, ParrotLLM, ScriptedChat, UnixTimeChat, UnixTimeLLM

    def show(title: str, value: object) -> None:
        print(f"{title:<44} {value}")

    llm = ParrotLLM(n=5)
    show(
        "ParrotLLM(n=5).invoke('This is a foobar thing')",
        repr(llm.invoke("This is a foobar thing")),
    )
    show("ParrotLLM(n=5).batch([...])", llm.batch(["woof woof woof", "meow meow meow"]))
    show("ParrotLLM(n=5).stream('hello')", "|".join(llm.stream("hello")) + "|")

    chat = ParrotChat(parrot_buffer_length=3, model="my_custom_model")
    reply = chat.invoke(
        [HumanMessage("hello!"), AIMessage("Hi there human!"), HumanMessage("Meow!")]
    )
    show("ParrotChat(3).invoke([...'Meow!'])", f"{reply.content!r} usage={reply.usage_metadata}")
    show("ParrotChat(3).stream('cat')", "|".join(str(c.content) for c in chat.stream("cat")) + "|")

    async def astream() -> str:
        return "|".join([str(c.content) async for c in chat.astream("cat")]) + "|"

    show("ParrotChat(3).astream('cat')", asyncio.run(astream()))
    show("UnixTimeLLM().invoke('now?')", repr(UnixTimeLLM().invoke("now?")))
    show("UnixTimeChat().invoke('now?').content", repr(UnixTimeChat().invoke("now?").content))
    scripted = ScriptedChat(replies=["first", "second"])
    show(
        "ScriptedChat(['first','second']) x2",
        [scripted.invoke("a").content, scripted.invoke("b").content],
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``fakes`` command line."""
    parser = argparse.ArgumentParser(prog="fakes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="print each fake's invoke and stream output")
    args = parser.parse_args(argv)
    handlers = {"demo": _demo}
    return handlers[args.command]()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
