"""`fakes serve` / `fake_openai_server`: LiteLLM's own proxy serving the fakes over HTTP.

One proxy process serves the whole session (the plugin's session-scoped
``fake_openai_server`` fixture, which calls ``fakes.server.start_proxy()``); its
start-up costs 10-60 s, so every client test shares it. The start-up error paths
run a stand-in "interpreter" script instead of the proxy, which makes them fast.
"""

from __future__ import annotations

import asyncio
import base64
import json
import math
import os
import socket
import stat
import sys
import time
from pathlib import Path

import openai
import pytest

from fakes.core import Request, ToolPlanner, Turn
from fakes.server import (
    DEFAULT_MASTER_KEY,
    FAIL_STATUSES,
    MODEL_NAMES,
    ProxyStartError,
    proxy_environment,
    render_config,
    start_proxy,
)

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

WEATHER_TOOL = {
    "type": "function",
    "function": {
        "name": "get_weather",
        "description": "Get the current weather in a city.",
        "parameters": {
            "type": "object",
            "properties": {"city": {"type": "string"}},
            "required": ["city"],
        },
    },
}
WEATHER_PROMPT = 'What is the weather in "Paris"? Use get_weather.'


def user(text: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


# -- the handle --------------------------------------------------------------------------


def test_handle_describes_a_loopback_server(proxy):
    assert proxy.running
    assert proxy.api_key == DEFAULT_MASTER_KEY == "sk-fakes"
    assert proxy.base_url == f"http://127.0.0.1:{proxy.port}"
    assert proxy.url("/v1/models") == f"http://127.0.0.1:{proxy.port}/v1/models"
    assert "Application startup complete" in proxy.output()


def test_base_url_with_v1_works_too(proxy):
    with openai.OpenAI(base_url=proxy.url("/v1"), api_key=proxy.api_key, max_retries=0) as c:
        reply = c.chat.completions.create(model="parrot", messages=user("with v1"))
    assert reply.choices[0].message.content == "with v1"


def test_a_wrong_key_is_rejected(proxy):
    # Without a database the proxy cannot look up virtual keys: LiteLLM 1.106 answers
    # 400 "No connected db." rather than 401 for any key but the master key.
    with (
        openai.OpenAI(base_url=proxy.base_url, api_key="sk-wrong", max_retries=0) as c,
        pytest.raises(openai.APIStatusError) as caught,
    ):
        c.chat.completions.create(model="parrot", messages=user("hi"))
    assert caught.value.status_code in (400, 401)


# -- chat --------------------------------------------------------------------------------


def test_models_list_names_every_fake(client):
    assert sorted(m.id for m in client.models.list()) == sorted(MODEL_NAMES)


def test_chat_completion_parrots_the_last_message(client):
    reply = client.chat.completions.create(
        model="parrot",
        messages=[
            {"role": "system", "content": "be brief"},
            {"role": "user", "content": "first"},
            {"role": "assistant", "content": "ok"},
            {"role": "user", "content": "hello proxy"},
        ],
    )
    choice = reply.choices[0]
    assert choice.message.content == "hello proxy"
    assert choice.message.role == "assistant"
    assert choice.finish_reason == "stop"
    assert reply.model == "parrot"
    assert reply.id.startswith("chatcmpl-")
    # One token per character: input counts every message, output the reply.
    prompt_chars = len("be brief") + len("first") + len("ok") + len("hello proxy")
    assert (reply.usage.prompt_tokens, reply.usage.completion_tokens) == (prompt_chars, 11)
    assert reply.usage.total_tokens == prompt_chars + 11


def test_stop_and_max_tokens_reach_the_handler(client):
    stopped = client.chat.completions.create(
        model="parrot", messages=user("one. two. three."), stop=["two"]
    )
    assert stopped.choices[0].message.content == "one. two"
    limited = client.chat.completions.create(
        model="parrot", messages=user("abcdefgh"), max_tokens=3
    )
    assert limited.choices[0].message.content == "abc"
    assert limited.choices[0].finish_reason == "length"


def test_identical_requests_differ_only_in_clock_stamps(client):
    """The fields that change between identical requests are `created` and the `id`
    derived from it (both from the handler's clock); the body is otherwise equal."""
    first, second = (
        client.chat.completions.with_raw_response.create(model="parrot", messages=user("same"))
        for _ in range(2)
    )
    a, b = json.loads(first.text), json.loads(second.text)
    if a["created"] == b["created"]:
        assert a == b
    assert {k: v for k, v in a.items() if k not in ("id", "created")} == {
        k: v for k, v in b.items() if k not in ("id", "created")
    }
    # Headers the proxy stamps per request.
    assert first.headers["x-litellm-call-id"] != second.headers["x-litellm-call-id"]
    assert first.headers["x-litellm-model-id"] == second.headers["x-litellm-model-id"]
    assert first.headers["x-litellm-model-name"] == "fakes/parrot"


def test_unixtime_answers_the_current_time(client):
    before = int(time.time())
    reply = client.chat.completions.create(model="unixtime", messages=user("now?"))
    after = int(time.time())
    assert before <= int(reply.choices[0].message.content) <= after


def test_streaming_with_usage(client):
    chunks = list(
        client.chat.completions.create(
            model="parrot",
            messages=user("stream me"),
            stream=True,
            stream_options={"include_usage": True},
        )
    )
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == "stream me"
    # One chunk per word, then the finish reason, then the usage chunk.
    deltas = [
        c.choices[0].delta.content for c in chunks if c.choices and c.choices[0].delta.content
    ]
    assert deltas == ["stream ", "me"]
    assert [c.choices[0].finish_reason for c in chunks if c.choices[0].finish_reason] == ["stop"]
    usage = chunks[-1].usage
    assert usage is not None
    assert (usage.prompt_tokens, usage.completion_tokens, usage.total_tokens) == (9, 9, 18)
    assert len({c.id for c in chunks}) == 1


def test_tool_call_matches_the_in_process_planner(client):
    reply = client.chat.completions.create(
        model="tools", messages=user(WEATHER_PROMPT), tools=[WEATHER_TOOL]
    )
    choice = reply.choices[0]
    assert choice.finish_reason == "tool_calls"
    calls = choice.message.tool_calls
    assert [(c.function.name, json.loads(c.function.arguments)) for c in calls] == [
        ("get_weather", {"city": "Paris"})
    ]
    # The same policy in-process (no LiteLLM, no HTTP) plans the same call and id.
    planned = ToolPlanner().reply(
        Request(
            turns=(Turn(role="user", text=WEATHER_PROMPT),),
            tools=(WEATHER_TOOL["function"],),
        )
    )
    assert [(c.id, c.name, c.args) for c in planned.tool_calls] == [
        (c.id, c.function.name, json.loads(c.function.arguments)) for c in calls
    ]


def test_streamed_tool_call_assembles_to_the_same_call(client):
    stream = client.chat.completions.create(
        model="tools", messages=user(WEATHER_PROMPT), tools=[WEATHER_TOOL], stream=True
    )
    ids, names, arguments, finish = [], [], "", None
    for chunk in stream:
        if not chunk.choices:
            continue
        for delta in chunk.choices[0].delta.tool_calls or []:
            if delta.id:
                ids.append(delta.id)
            if delta.function and delta.function.name:
                names.append(delta.function.name)
            if delta.function and delta.function.arguments:
                arguments += delta.function.arguments
        finish = chunk.choices[0].finish_reason or finish
    whole = client.chat.completions.create(
        model="tools", messages=user(WEATHER_PROMPT), tools=[WEATHER_TOOL]
    )
    call = whole.choices[0].message.tool_calls[0]
    assert (ids, names, json.loads(arguments)) == (
        [call.id],
        ["get_weather"],
        json.loads(call.function.arguments),
    )
    assert finish == "tool_calls"


def test_tool_result_gets_a_text_answer(client):
    first = client.chat.completions.create(
        model="tools", messages=user(WEATHER_PROMPT), tools=[WEATHER_TOOL]
    )
    call = first.choices[0].message.tool_calls[0]
    final = client.chat.completions.create(
        model="tools",
        tools=[WEATHER_TOOL],
        messages=[
            *user(WEATHER_PROMPT),
            first.choices[0].message.model_dump(exclude_none=True),
            {"role": "tool", "tool_call_id": call.id, "content": "Sunny in Paris"},
        ],
    )
    assert final.choices[0].finish_reason == "stop"
    assert final.choices[0].message.tool_calls is None
    assert "Sunny in Paris" in final.choices[0].message.content


# -- embeddings and images ---------------------------------------------------------------


def test_embeddings_are_deterministic_unit_vectors(client):
    # The SDK asks for base64 unless told otherwise; drop_params lets that through.
    first = client.embeddings.create(model="embed", input=["cat", "dog", "cat"])
    again = client.embeddings.create(model="embed", input="cat")
    vectors = [d.embedding for d in first.data]
    assert [d.index for d in first.data] == [0, 1, 2]
    assert [len(v) for v in vectors] == [16, 16, 16]
    assert all(math.isclose(math.hypot(*v), 1.0, rel_tol=1e-6) for v in vectors)
    assert vectors[0] == vectors[2] == again.data[0].embedding
    assert vectors[0] != vectors[1]
    assert first.usage.prompt_tokens == len("catdogcat")


def test_embedding_length_comes_from_the_route(client):
    routed = client.embeddings.create(model="fakes/embed-4", input="cat", encoding_format="float")
    assert len(routed.data[0].embedding) == 4
    # LiteLLM drops a per-call `dimensions` for custom providers (drop_params), so the
    # route decides the length; without drop_params it would reject the call.
    dropped = client.embeddings.create(model="embed", input="cat", dimensions=4)
    assert len(dropped.data[0].embedding) == 16


def test_image_generation_returns_a_png_data_url(client):
    # LiteLLM does not pass response_format to custom handlers: the image comes as a
    # data: URL (usable without any download), whatever format is asked for.
    result = client.images.generate(model="image", prompt="an otter")
    prefix = "data:image/png;base64,"
    assert result.data[0].url.startswith(prefix)
    png = base64.b64decode(result.data[0].url.removeprefix(prefix))
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    again = client.images.generate(model="image", prompt="an otter")
    other = client.images.generate(model="image", prompt="a heron")
    assert again.data[0].url == result.data[0].url != other.data[0].url


# -- errors ------------------------------------------------------------------------------


def test_fail_429_is_a_rate_limit_error(client):
    with pytest.raises(openai.RateLimitError) as caught:
        client.chat.completions.create(model="fail-429", messages=user("hi"))
    assert caught.value.status_code == 429
    assert "fakes/fail-429 always fails with HTTP 429" in str(caught.value)


@pytest.mark.parametrize("status", FAIL_STATUSES)
def test_each_listed_fail_model_answers_its_status(client, status):
    with pytest.raises(openai.APIStatusError) as caught:
        client.chat.completions.create(model=f"fail-{status}", messages=user("hi"))
    assert caught.value.status_code == status
    assert f"always fails with HTTP {status}" in str(caught.value)


@pytest.mark.parametrize(
    ("model", "error", "status"),
    [
        ("fail-404", openai.NotFoundError, 404),
        ("fail-500", openai.InternalServerError, 500),
        ("fakes/fail-529", openai.APIStatusError, 529),
        # LiteLLM has no exception for 418, so the proxy answers 400 (documented).
        ("fakes/fail-418", openai.BadRequestError, 400),
    ],
)
def test_fail_routes_raise_the_sdk_error_class(client, model, error, status):
    with pytest.raises(error) as caught:
        client.chat.completions.create(model=model, messages=user("hi"))
    assert caught.value.status_code == status


def test_a_failing_model_fails_the_same_way_every_time(client):
    # The router would put a failing deployment in cooldown and answer the next
    # calls with its own 429; the config disables that.
    statuses = []
    for _ in range(3):
        with pytest.raises(openai.APIStatusError) as caught:
            client.chat.completions.create(model="fail-404", messages=user("again"))
        statuses.append(caught.value.status_code)
    assert statuses == [404, 404, 404]


def test_fail_429_on_embeddings_too(client):
    with pytest.raises(openai.RateLimitError):
        client.embeddings.create(model="fail-429", input="x")


def test_unknown_model_is_a_clear_400(client):
    with pytest.raises(openai.BadRequestError) as caught:
        client.chat.completions.create(model="gpt-17", messages=user("hi"))
    assert "gpt-17" in str(caught.value)


# -- async -------------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_async_chat_stream_and_error(aclient):
    reply = await aclient.chat.completions.create(model="parrot", messages=user("async hi"))
    assert reply.choices[0].message.content == "async hi"
    stream = await aclient.chat.completions.create(
        model="parrot",
        messages=user("abc"),
        stream=True,
        stream_options={"include_usage": True},
    )
    chunks = [chunk async for chunk in stream]
    assert "".join(c.choices[0].delta.content or "" for c in chunks if c.choices) == "abc"
    assert chunks[-1].usage.total_tokens == 6
    with pytest.raises(openai.RateLimitError) as caught:
        await aclient.chat.completions.create(model="fail-429", messages=user("x"))
    assert caught.value.status_code == 429


@pytest.mark.asyncio
async def test_async_tools_embeddings_models(aclient):
    reply = await aclient.chat.completions.create(
        model="tools", messages=user(WEATHER_PROMPT), tools=[WEATHER_TOOL]
    )
    assert reply.choices[0].message.tool_calls[0].function.name == "get_weather"
    embedded = await aclient.embeddings.create(model="embed", input="cat")
    assert len(embedded.data[0].embedding) == 16
    assert sorted([m.id async for m in aclient.models.list()]) == sorted(MODEL_NAMES)


@pytest.mark.asyncio
async def test_twenty_concurrent_requests_all_succeed(aclient):
    prompts = [f"request number {i}" for i in range(20)]
    replies = await asyncio.gather(
        *(aclient.chat.completions.create(model="parrot", messages=user(p)) for p in prompts)
    )
    # Each reply is its own request's echo: no lost, failed or crossed responses.
    assert [r.choices[0].message.content for r in replies] == prompts


# -- langchain-openai against the proxy --------------------------------------------------


def test_chat_openai_agent_loop_matches_the_in_process_fake(proxy):
    import langchain_openai
    from langchain.agents import create_agent
    from langchain_core.messages import AIMessage, HumanMessage, ToolMessage
    from langchain_core.tools import tool

    import fakes.langchain as fakes_langchain

    @tool
    def get_weather(city: str) -> str:
        """Get the current weather in a city."""
        return f"Sunny, 21 degrees in {city}"

    @tool
    def add(a: int, b: int) -> int:
        """Add two integers."""
        return a + b

    prompt = 'What is the weather in "Paris"? Also, what is add(2, 3)?'

    def run(model):
        agent = create_agent(model, tools=[get_weather, add], system_prompt="Be helpful.")
        messages = agent.invoke({"messages": [HumanMessage(prompt)]})["messages"]
        return [
            ("ai", m.content, [(c["name"], c["args"], c["id"]) for c in m.tool_calls])
            if isinstance(m, AIMessage)
            else ("tool", m.tool_call_id, m.content)
            for m in messages
            if isinstance(m, (AIMessage, ToolMessage))
        ]

    over_http = run(
        langchain_openai.ChatOpenAI(
            base_url=proxy.base_url, api_key=proxy.api_key, model="tools", max_retries=0
        )
    )
    in_process = run(fakes_langchain.ToolCallingChat())
    assert over_http == in_process
    assert over_http[0][2] == [
        ("get_weather", {"city": "Paris"}, "call_0_0"),
        ("add", {"a": 2, "b": 3}, "call_0_1"),
    ]
    assert over_http[-1] == ("ai", "get_weather: Sunny, 21 degrees in Paris\nadd: 5", [])


# -- config and start-up errors (no real proxy) ------------------------------------------


def test_config_maps_every_model_to_the_fakes_handler():
    yaml = pytest.importorskip("yaml")
    config = yaml.safe_load(render_config())
    models = {e["model_name"]: e["litellm_params"]["model"] for e in config["model_list"]}
    assert models == {**{n: f"fakes/{n}" for n in MODEL_NAMES}, "fakes/*": "fakes/*"}
    assert config["litellm_settings"]["custom_provider_map"] == [
        {"provider": "fakes", "custom_handler": "fakes.litellm.handler"}
    ]
    assert config["litellm_settings"]["drop_params"] is True
    assert config["router_settings"] == {"num_retries": 0, "disable_cooldowns": True}
    assert config["general_settings"]["master_key"] == "sk-fakes"
    assert yaml.safe_load(render_config('sk-"odd"'))["general_settings"]["master_key"] == (
        'sk-"odd"'
    )


def test_proxy_environment_is_offline_and_isolated():
    env = proxy_environment({"DATABASE_URL": "postgres://x", "PYTHONPATH": "/elsewhere"})
    assert "DATABASE_URL" not in env
    assert env["LITELLM_LOCAL_MODEL_COST_MAP"] == "True"
    assert env["LITELLM_MODE"] == "PRODUCTION"
    first, *rest = env["PYTHONPATH"].split(os.pathsep)
    assert (Path(first) / "fakes" / "server" / "__init__.py").is_file()
    assert rest == ["/elsewhere"]


def fake_python(tmp_path: Path, body: str) -> str:
    """A stand-in interpreter: a shell script the launcher runs instead of Python."""
    script = tmp_path / "python"
    script.write_text("#!/bin/sh\n" + body + "\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


posix_only = pytest.mark.skipif(sys.platform == "win32", reason="stand-in is a shell script")


@posix_only
def test_a_proxy_that_exits_is_reported_with_its_output(tmp_path):
    python = fake_python(tmp_path, 'echo "boom: config error in $4"; exit 3')
    with pytest.raises(ProxyStartError) as caught:
        start_proxy(python=python, startup_timeout=30)
    message = str(caught.value)
    assert "exited with code 3" in message
    assert "boom: config error in" in message
    assert "litellm_config.yaml" in message


@posix_only
def test_a_proxy_that_never_answers_times_out_and_is_stopped(tmp_path):
    pid_file = tmp_path / "pid"
    python = fake_python(tmp_path, f'echo $$ > "{pid_file}"; echo "still importing"; exec sleep 60')
    with pytest.raises(ProxyStartError) as caught:
        start_proxy(python=python, startup_timeout=0.5)
    assert "did not answer" in str(caught.value)
    assert "still importing" in str(caught.value)
    with pytest.raises(ProcessLookupError):
        os.kill(int(pid_file.read_text()), 0)


@posix_only
def test_a_port_taken_after_choosing_it_is_retried(tmp_path):
    count = tmp_path / "count"
    python = fake_python(
        tmp_path,
        f'echo x >> "{count}"; echo "ERROR: [Errno 98] address already in use"; exit 1',
    )
    with pytest.raises(ProxyStartError) as caught:
        start_proxy(python=python, startup_timeout=30)
    assert "tried 3 free ports" in str(caught.value)
    assert count.read_text().count("x") == 3


@posix_only
def test_a_busy_explicit_port_fails_before_starting_anything(tmp_path):
    marker = tmp_path / "ran"
    python = fake_python(tmp_path, f'touch "{marker}"; exit 1')
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ProxyStartError, match=f"127.0.0.1:{port}: address already in use"):
            start_proxy(port=port, python=python)
    assert not marker.exists()


def test_serve_on_a_busy_port_exits_1_with_a_clear_message(capsys):
    from fakes.cli import main

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 1
    assert f"127.0.0.1:{port}: address already in use" in capsys.readouterr().err


@posix_only
def test_an_existing_config_is_used_as_is(tmp_path):
    config = tmp_path / "mine.yaml"
    config.write_text("model_list: []\n")
    python = fake_python(tmp_path, 'cat "$4"; exit 2')  # $4 is the --config value
    with pytest.raises(ProxyStartError) as caught:
        start_proxy(config_path=config, python=python)
    assert "model_list: []" in str(caught.value)
    assert config.read_text() == "model_list: []\n"


@posix_only
def test_a_missing_config_path_is_written(tmp_path):
    config = tmp_path / "sub" / "proxy.yaml"
    python = fake_python(tmp_path, "exit 2")
    with pytest.raises(ProxyStartError):
        start_proxy(config_path=config, python=python)
    assert config.read_text() == render_config()
