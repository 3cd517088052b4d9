"""The ``fakes`` command line: ``fakes demo``, ``events``, ``routes`` and ``serve``."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from typing import Literal

__all__ = ["main"]


def _demo() -> int:
    """Print each fake's invoke and stream output, the way the seed guides show them."""
    from langchain_core.messages import AIMessage, HumanMessage

    from fakes import langchain as fl

    def show(title: str, value: object) -> None:
        print(f"{title:<52} {value}")

    llm = fl.ParrotLLM(n=5)
    show(
        "ParrotLLM(n=5).invoke('This is a foobar thing')",
        repr(llm.invoke("This is a foobar thing")),
    )
    show("ParrotLLM(n=5).batch([...])", llm.batch(["woof woof woof", "meow meow meow"]))
    show("ParrotLLM(n=5).stream('hello')", "|".join(llm.stream("hello")) + "|")

    chat = fl.ParrotChat(parrot_buffer_length=3, model="my_custom_model")
    reply = chat.invoke(
        [HumanMessage("hello!"), AIMessage("Hi there human!"), HumanMessage("Meow!")]
    )
    show("ParrotChat(3).invoke([...'Meow!'])", f"{reply.content!r} usage={reply.usage_metadata}")
    show("ParrotChat(3).stream('cat')", "|".join(str(c.content) for c in chat.stream("cat")) + "|")

    async def astream() -> str:
        return "|".join([str(c.content) async for c in chat.astream("cat")]) + "|"

    show("ParrotChat(3).astream('cat')", asyncio.run(astream()))
    show("UnixTimeLLM().invoke('now?')", repr(fl.UnixTimeLLM().invoke("now?")))
    show("UnixTimeChat().invoke('now?').content", repr(fl.UnixTimeChat().invoke("now?").content))
    scripted = fl.ScriptedChat(replies=["first", "second"])
    show(
        "ScriptedChat(['first','second']) x2",
        [scripted.invoke("a").content, scripted.invoke("b").content],
    )

    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    tools = fl.ToolCallingChat().bind_tools([add])
    call = tools.invoke("What is add(2, 3)?").tool_calls[0]
    show("ToolCallingChat + add: 'What is add(2, 3)?'", f"{call['name']}({call['args']})")
    _demo_litellm(show)
    return 0


def _demo_litellm(show: Callable[[str, object], None]) -> None:
    """Show the same parrot through LiteLLM, when the ``litellm`` extra is installed."""
    try:
        import fakes.litellm as fakes_litellm
    except ModuleNotFoundError as error:
        show("litellm.completion('fakes/parrot')", f"skipped: {error.name} is not installed")
        return
    import litellm

    with fakes_litellm.register():
        reply = litellm.completion(
            model="fakes/parrot", messages=[{"role": "user", "content": "hello litellm"}]
        )
    show(
        "litellm.completion('fakes/parrot', 'hello litellm')",
        repr(reply.choices[0].message.content),
    )


def _routes(provider: str) -> int:
    """Print the route table: every model name of the LiteLLM provider and what it does."""
    from fakes.routes import markdown_table

    print(markdown_table(provider))
    return 0


def _serve(host: str, port: int, config: str | None) -> int:
    """Run LiteLLM's proxy with the fake models until Ctrl-C or SIGTERM."""
    import signal

    from fakes.server import MODEL_NAMES, ProxyStartError, start_proxy

    def terminate(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # unwinds through the `with` below, which stops the proxy

    signal.signal(signal.SIGTERM, terminate)
    print(f"fakes serve: starting LiteLLM's proxy on {host}:{port} ...", flush=True)
    try:
        with start_proxy(host, port, config_path=config, capture_output=False) as proxy:
            print(
                f"fakes serve: ready at {proxy.base_url} (OpenAI base_url; /v1 works too)\n"
                f"  api key: {proxy.api_key}\n"
                f"  models:  {', '.join(MODEL_NAMES)}, fakes/<any route>\n"
                f"  config:  {proxy.config_path}\n"
                "Press Ctrl-C to stop.",
                flush=True,
            )
            code = proxy.wait()
            print(f"fakes serve: the proxy exited with code {code}", file=sys.stderr)
            return 1
    except ProxyStartError as error:
        print(f"fakes serve: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("fakes serve: stopped", flush=True)
        return 0


_EVENT_MODELS = ("parrot", "unixtime", "scripted", "tools")


def _events(model_name: str, prompt: str, version: Literal["v1", "v2"]) -> int:
    """Print the normalized ``astream_events`` trace of one fake, one JSON event per line.

    ``--model tools`` binds two example tools, ``get_weather(city)`` and ``add(a, b)``,
    so a prompt such as ``'add(2, 3)'`` shows the streamed tool call chunks.
    """
    import json

    from langchain_core.language_models import LanguageModelInput
    from langchain_core.messages import BaseMessage
    from langchain_core.runnables import Runnable

    from fakes import langchain as fakes_langchain
    from fakes.traces import collect, normalize

    def get_weather(city: str) -> str:
        """Get the weather in a city."""
        return f"Sunny in {city}"

    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    models: dict[str, Callable[[], Runnable[LanguageModelInput, BaseMessage]]] = {
        "parrot": fakes_langchain.ParrotChat,
        "unixtime": fakes_langchain.UnixTimeChat,
        "scripted": lambda: fakes_langchain.ScriptedChat(replies=[prompt.upper()]),
        "tools": lambda: fakes_langchain.ToolCallingChat().bind_tools([get_weather, add]),
    }
    model = models[model_name]()
    events = asyncio.run(collect(model.astream_events(prompt, version=version)))
    for event in normalize(events):
        print(json.dumps(event, ensure_ascii=False, default=str))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``fakes`` command line."""
    parser = argparse.ArgumentParser(prog="fakes", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="print each fake's invoke and stream output")
    events = commands.add_parser(
        "events", help="print a fake's astream_events trace, normalized, one JSON line each"
    )
    events.add_argument("prompt", help="the user message")
    events.add_argument("--model", choices=_EVENT_MODELS, default="parrot")
    events.add_argument("--version", choices=("v1", "v2"), default="v2")
    routes = commands.add_parser(
        "routes", help="print the model routes of the LiteLLM provider (fakes/parrot, ...)"
    )
    routes.add_argument("--provider", default="fakes", help="provider name (default: fakes)")
    serve = commands.add_parser(
        "serve", help="serve the fakes over an OpenAI-compatible API (LiteLLM's proxy)"
    )
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback)")
    serve.add_argument("--port", type=int, default=4000, help="TCP port (default: 4000)")
    serve.add_argument(
        "--config", default=None, help="proxy config YAML: written if missing, used if present"
    )
    args = parser.parse_args(argv)
    handlers: dict[str, Callable[[], int]] = {
        "demo": _demo,
        "events": lambda: _events(args.model, args.prompt, args.version),
        "routes": lambda: _routes(args.provider),
        "serve": lambda: _serve(args.host, args.port, args.config),
    }
    return handlers[args.command]()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
