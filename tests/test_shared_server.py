"""`fake_openai_server` shared by the xdist workers of a run, or taken from --fakes-server-url.

Each proxy start costs 10-60 s: this file starts two (one shared by two workers, one
the --fakes-server-url runs reuse).
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

import pytest

from fakes.server import start_proxy

pytestmark = [pytest.mark.enable_socket, pytest.mark.allow_hosts(["127.0.0.1"])]

# Each test records which worker it ran in and which proxy served it.
RECORDING_TESTS = """
import json, os, urllib.request

import openai
import pytest


@pytest.mark.parametrize("n", range(4))
def test_record(fake_openai_server, n):
    client = openai.OpenAI(
        base_url=fake_openai_server.base_url, api_key=fake_openai_server.api_key, max_retries=0
    )
    reply = client.chat.completions.create(
        model="parrot", messages=[{"role": "user", "content": f"call {n}"}]
    )
    assert reply.choices[0].message.content == f"call {n}"
    record = {
        "worker": os.environ.get("PYTEST_XDIST_WORKER"),
        "proxy_pid": fake_openai_server.pid,
        "base_url": fake_openai_server.base_url,
        "type": type(fake_openai_server).__name__,
    }
    with open(os.environ["RECORDS"], "a") as out:
        out.write(json.dumps(record) + "\\n")
"""


def _records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    status = Path(f"/proc/{pid}/status")
    # an exited process nobody has reaped yet (a zombie) counts as gone
    return status.exists() and "\nState:\tZ" in status.read_text()


@pytest.mark.slow
def test_xdist_workers_share_one_proxy(pytester: pytest.Pytester, monkeypatch, tmp_path):
    records = tmp_path / "records.jsonl"
    monkeypatch.setenv("RECORDS", str(records))
    pytester.makepyfile(RECORDING_TESTS)
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:randomly", "--fakes-offline")
    result.assert_outcomes(passed=4)
    seen = _records(records)
    assert {r["worker"] for r in seen} == {"gw0", "gw1"}
    assert len({r["proxy_pid"] for r in seen}) == 1, seen
    assert len({r["base_url"] for r in seen}) == 1, seen
    # one worker started it (a ProxyHandle), the other attached to it
    assert {r["type"] for r in seen} == {"ProxyHandle", "AttachedProxy"}
    pid = seen[0]["proxy_pid"]
    assert isinstance(pid, int)
    assert _gone(pid), f"proxy {pid} still running after the run"
    # the state file says nobody uses it any more (or was removed with the proxy)
    states = list(pytester.path.rglob("fakes-proxy.json"))
    assert all(json.loads(s.read_text())["refcount"] == 0 for s in states), states


@pytest.mark.slow
def test_server_url_reuses_a_running_server(pytester: pytest.Pytester, monkeypatch, tmp_path):
    records = tmp_path / "records.jsonl"
    monkeypatch.setenv("RECORDS", str(records))
    pytester.makepyfile(RECORDING_TESTS)
    with start_proxy() as proxy:
        # with and without xdist: no worker starts a proxy of its own
        for args in ([], ["-n", "2"]):
            result = pytester.runpytest_subprocess(
                "-p", "no:randomly", "--fakes-server-url", proxy.base_url + "/", *args
            )
            result.assert_outcomes(passed=4)
        assert proxy.running
    seen = _records(records)
    assert len(seen) == 8
    assert {r["base_url"] for r in seen} == {proxy.base_url}
    assert {r["type"] for r in seen} == {"AttachedProxy"}
    assert {r["proxy_pid"] for r in seen} == {None}
    assert not list(pytester.path.rglob("fakes-proxy.json"))


def _dead_url() -> str:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    return f"http://127.0.0.1:{port}"


DEAD_SERVER_TEST = """
def test_server(fake_openai_server):
    raise AssertionError("must not run")
"""


def test_server_url_that_does_not_answer_fails_naming_it(pytester: pytest.Pytester):
    url = _dead_url()
    pytester.makepyfile(DEAD_SERVER_TEST)
    result = pytester.runpytest_subprocess("--fakes-server-url", url)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*nothing answers at --fakes-server-url {url} *"])


def test_server_url_from_the_ini_file(pytester: pytest.Pytester):
    url = _dead_url()
    pytester.makeini(f"[pytest]\nfakes_server_url = {url}\n")
    pytester.makepyfile(DEAD_SERVER_TEST)
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([f"*nothing answers at --fakes-server-url {url} *"])


def test_server_url_must_be_http(pytester: pytest.Pytester):
    pytester.makepyfile(DEAD_SERVER_TEST)
    result = pytester.runpytest_subprocess("--fakes-server-url", "127.0.0.1:4000")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*expected http://HOST:PORT*"])
