"""register() restores LiteLLM's globals; import and calls never leave the machine."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import litellm
import pytest

import fakes.litellm as fl

HELLO = [{"role": "user", "content": "hello"}]
GLOBALS = ("custom_provider_map", "provider_list", "_custom_providers")


def snapshot() -> dict[str, tuple[int, list[object]]]:
    return {name: (id(getattr(litellm, name)), list(getattr(litellm, name))) for name in GLOBALS}


def test_register_restores_every_global_and_forgets_the_provider() -> None:
    before = snapshot()
    assert "fakes" not in litellm._custom_providers
    with fl.register() as handler:
        assert handler is fl.handler
        assert "fakes" in litellm.provider_list
        assert "fakes" in litellm._custom_providers
        litellm.completion(model="fakes/parrot", messages=HELLO)
        list(litellm.completion(model="fakes/parrot", messages=HELLO, stream=True))
        litellm.embedding(model="fakes/embed", input="x")
        litellm.image_generation(model="fakes/image", prompt="x")
    assert snapshot() == before
    with pytest.raises(litellm.BadRequestError, match="LLM Provider NOT provided"):
        litellm.completion(model="fakes/parrot", messages=HELLO)
    fl.handler.reset()


def test_register_restores_after_an_error_inside_the_block() -> None:
    before = snapshot()
    with pytest.raises(litellm.RateLimitError), fl.register():
        litellm.completion(model="fakes/fail-429", messages=HELLO)
    assert snapshot() == before
    fl.handler.reset()


def test_register_keeps_other_providers_and_replaces_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    other = {"provider": "other", "custom_handler": fl.FakesHandler()}
    stale = {"provider": "fakes", "custom_handler": fl.FakesHandler()}
    monkeypatch.setattr(litellm, "custom_provider_map", [other, stale])
    monkeypatch.setattr(litellm, "provider_list", list(litellm.provider_list))
    monkeypatch.setattr(litellm, "_custom_providers", list(litellm._custom_providers))
    mine = fl.FakesHandler()
    with fl.register(mine):
        assert [item["provider"] for item in litellm.custom_provider_map] == ["other", "fakes"]
        litellm.completion(model="fakes/parrot", messages=HELLO)
        litellm.completion(model="other/parrot", messages=HELLO)
    assert litellm.custom_provider_map == [other, stale]
    assert len(mine.calls) == 1
    assert len(other["custom_handler"].calls) == 1  # type: ignore[attr-defined]


def test_register_under_another_provider_name() -> None:
    with fl.register(fl.FakesHandler(), provider="acme") as handler:
        response = litellm.completion(model="acme/parrot", messages=HELLO)
        with pytest.raises(litellm.NotFoundError, match=r"unknown model acme/nope.*acme/parrot"):
            litellm.completion(model="acme/nope", messages=HELLO)
    assert response.choices[0].message.content == "hello"
    assert handler.calls[0].kwargs["model"] == "acme/parrot"
    assert handler.provider == "fakes"  # restored too


@pytest.mark.parametrize("provider", ["", "a/b"])
def test_register_rejects_bad_provider_names(provider: str) -> None:
    from fakes.core import InvalidInputError

    with pytest.raises(InvalidInputError, match="provider"), fl.register(provider=provider):
        pass


def test_register_rejects_a_non_handler() -> None:
    from fakes.core import InvalidInputError

    with pytest.raises(InvalidInputError, match="CustomLLM"), fl.register(object()):  # type: ignore[arg-type]
        pass


# -- no network ----------------------------------------------------------------------

_PROBE = textwrap.dedent(
    """
    import asyncio, json, socket, sys

    attempts = []

    def hook(event, args):
        if event == "socket.connect":
            address = args[1]
            host = address[0] if isinstance(address, tuple) else address
            attempts.append([event, str(host)])
        elif event == "socket.getaddrinfo":
            attempts.append([event, str(args[0])])

    sys.addaudithook(hook)

    import fakes
    bare_import_pulls_litellm = "litellm" in sys.modules

    import fakes.litellm as fl
    import litellm

    socket.getaddrinfo("localhost", 80)  # proves the hook sees lookups
    M = [{"role": "user", "content": "hello"}]
    T = [{"type": "function", "function": {"name": "add", "parameters": {"type": "object",
          "properties": {"a": {"type": "integer"}}}}}]
    with fl.register() as handler:
        litellm.completion(model="fakes/parrot", messages=M)
        list(litellm.completion(model="fakes/parrot", messages=M, stream=True))
        A = [{"role": "user", "content": "add(a=1)"}]
        litellm.completion(model="fakes/tools", messages=A, tools=T)
        chunks = list(litellm.completion(model="fakes/tools", messages=A, tools=T, stream=True))
        litellm.stream_chunk_builder(chunks)
        litellm.embedding(model="fakes/embed", input=["x"])
        litellm.image_generation(model="fakes/image", prompt="x")
        litellm.text_completion(model="fakes/parrot", prompt="x")
        litellm.responses(model="fakes/parrot", input="x")
        handler.fail_first(1)
        litellm.completion_with_retries(model="fakes/parrot", messages=M, num_retries=2)
        router = litellm.Router(
            model_list=[{"model_name": "p", "litellm_params": {"model": "fakes/fail-429"}},
                        {"model_name": "b", "litellm_params": {"model": "fakes/parrot"}}],
            fallbacks=[{"p": ["b"]}], num_retries=0)
        router.completion(model="p", messages=M)

        async def main():
            await litellm.acompletion(model="fakes/unixtime", messages=M)
            stream = await litellm.acompletion(model="fakes/parrot", messages=M, stream=True)
            [chunk async for chunk in stream]
            await litellm.aembedding(model="fakes/embed", input=["x"])
            await litellm.aimage_generation(model="fakes/image", prompt="x")
            await router.acompletion(model="p", messages=M)

        asyncio.run(main())
    report = {"bare_import_pulls_litellm": bare_import_pulls_litellm, "attempts": attempts}
    print(json.dumps(report))
    """
)

_LOOPBACK = {"localhost", "127.0.0.1", "::1", "0.0.0.0"}


def test_import_and_calls_make_no_outbound_connections(tmp_path: object) -> None:
    env = {k: v for k, v in os.environ.items() if k != "LITELLM_LOCAL_MODEL_COST_MAP"}
    result = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["bare_import_pulls_litellm"] is False
    attempts = report["attempts"]
    assert ["socket.getaddrinfo", "localhost"] in attempts  # the hook works
    outbound = [a for a in attempts if a[1] not in _LOOPBACK and not a[1].startswith("/")]
    assert outbound == []
