"""The offline guard: loopback-only connections, no DNS, no provider API keys.

Non-loopback targets are TEST-NET addresses (192.0.2.1, 198.51.100.1): never routed,
so even a regression of the guard sends nothing anywhere that answers.

The inner runs go through ``runpytest_subprocess``: this suite's own socket guard
(``--disable-socket``) would otherwise still be active inside an in-process run and
block the connections before our guard could be seen doing it.
"""

from __future__ import annotations

import pytest

from pytest_fakes._offline import CHILD_ENV

INNER_INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"

KEYS = {
    "OPENAI_API_KEY": "sk-outer-openai",
    "ANTHROPIC_API_KEY": "sk-outer-anthropic",
    "LANGSMITH_API_KEY": "ls-outer",
    "LANGCHAIN_TRACING_V2": "true",
    "MY_COMPANY_LLM_KEY": "outer-custom",
}

GUARDED_TESTS = """
import asyncio
import os
import socket
import threading
import urllib.request

import pytest
import pytest_socket

KEYS = {keys!r}


def test_public_ip_is_blocked_naming_the_host():
    # raised by the guard in place of the real connect(): no packet was sent
    with pytest.raises(pytest_socket.SocketConnectBlockedError) as info:
        socket.create_connection(("192.0.2.1", 80), timeout=2)
    print("BLOCKED-IP", info.value)


def test_public_ip_fails_the_test():
    socket.create_connection(("192.0.2.1", 80), timeout=2)


def test_hostname_is_not_even_resolved():
    urllib.request.urlopen("http://example.com/", timeout=2)


def test_async_connection_is_blocked():
    async def connect():
        await asyncio.open_connection("192.0.2.1", 443)

    asyncio.run(connect())


def test_connection_from_a_thread_is_blocked():
    errors = []

    def run():
        try:
            socket.create_connection(("198.51.100.1", 53), timeout=2)
        except BaseException as error:
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(10)
    assert [type(e).__name__ for e in errors] == ["SocketConnectBlockedError"]
    assert "198.51.100.1" in str(errors[0])


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_loopback_is_allowed(host):
    family = socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as server:
        server.bind(("127.0.0.1", 0))
        server.listen(1)
        port = server.getsockname()[1]
        with socket.create_connection((host, port), timeout=2) as client:
            accepted, _ = server.accept()
            accepted.sendall(b"ok")
            assert client.recv(2) == b"ok"
            accepted.close()


def test_unix_sockets_are_allowed():
    left, right = socket.socketpair()
    with left, right:
        left.sendall(b"x")
        assert right.recv(1) == b"x"


def test_keys_are_removed():
    assert {{name: os.environ.get(name) for name in KEYS}} == {{name: None for name in KEYS}}


@pytest.mark.fakes(strip_api_keys=False)
def test_keys_kept_by_marker_network_still_blocked():
    assert os.environ["OPENAI_API_KEY"] == "sk-outer-openai"
    with pytest.raises(pytest_socket.SocketConnectBlockedError):
        socket.create_connection(("192.0.2.1", 80), timeout=2)


@pytest.mark.fakes(offline=False)
def test_marker_turns_the_guard_off_and_keys_come_back():
    # also shows the earlier tests' guards and key removal were undone
    assert socket.getaddrinfo is pytest_socket._true_getaddrinfo
    assert socket.socket.connect is pytest_socket._true_connect
    assert {{name: os.environ.get(name) for name in KEYS}} == KEYS


def test_litellm_reads_its_local_price_map():
    assert os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] == "True"
"""


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("LITELLM_LOCAL_MODEL_COST_MAP", raising=False)
    # These runs test the plugin's own options, not the guard a child of a guarded
    # test inherits (test_a_guarded_tests_pytest_child_is_guarded_whole).
    monkeypatch.delenv(CHILD_ENV, raising=False)
    pytester.makeini(INNER_INI + "fakes_api_key_vars =\n    MY_COMPANY_LLM_KEY\n")
    pytester.makepyfile(test_guarded=GUARDED_TESTS.format(keys=KEYS))
    return pytester


EXPECTED_FAILURES = {
    "test_public_ip_fails_the_test",
    "test_hostname_is_not_even_resolved",
    "test_async_connection_is_blocked",
}


def check_guarded_run(result: pytest.RunResult) -> None:
    result.assert_outcomes(passed=9, failed=3)
    failed = {
        line.split("::", 1)[1].split(" ", 1)[0]
        for line in result.stdout.lines
        if line.startswith("FAILED ")
    }
    assert failed == EXPECTED_FAILURES
    result.stdout.fnmatch_lines(
        [
            '*BLOCKED-IP A test tried to use socket.socket.connect() with host "192.0.2.1"*',
        ]
    )
    result.stdout.fnmatch_lines(
        [
            "*_ test_public_ip_fails_the_test _*",
            'E * pytest_socket.SocketConnectBlockedError: *with host "192.0.2.1"*',
            "*_ test_hostname_is_not_even_resolved _*",
            'E *.HostResolutionBlockedError: *resolve host "example.com"*',
            "*_ test_async_connection_is_blocked _*",
            'E *.SocketConnectBlockedError: *with host "192.0.2.1"*',
        ],
        consecutive=False,
    )


def test_offline_option(inner: pytest.Pytester) -> None:
    result = inner.runpytest_subprocess("--fakes-offline", "-s", "-p", "no:randomly")
    check_guarded_run(result)


def test_offline_ini_and_online_override(inner: pytest.Pytester) -> None:
    inner.makeini(
        INNER_INI + "fakes_offline = true\nfakes_api_key_vars =\n    MY_COMPANY_LLM_KEY\n"
    )
    check_guarded_run(inner.runpytest_subprocess("-s", "-p", "no:randomly"))

    # --fakes-online beats the ini: nothing is guarded, nothing removed
    inner.makepyfile(
        test_guarded="""
        import os
        import socket
        import pytest_socket

        def test_nothing_installed():
            assert socket.getaddrinfo is pytest_socket._true_getaddrinfo
            assert socket.socket.connect is pytest_socket._true_connect
            assert os.environ["OPENAI_API_KEY"] == "sk-outer-openai"
            assert "LITELLM_LOCAL_MODEL_COST_MAP" not in os.environ
        """
    )
    inner.runpytest_subprocess("--fakes-online").assert_outcomes(passed=1)


def test_off_by_default_and_keys_strippable_alone(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_guarded="""
        import os
        import socket
        import pytest_socket

        def test_nothing_installed():
            assert socket.getaddrinfo is pytest_socket._true_getaddrinfo
            assert socket.socket.connect is pytest_socket._true_connect
            print("KEY", os.environ.get("OPENAI_API_KEY"))
        """
    )
    result = inner.runpytest_subprocess("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*KEY sk-outer-openai*"])

    inner.makeini(INNER_INI + "fakes_strip_api_keys = true\n")
    result = inner.runpytest_subprocess("-s")
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*KEY None*"])


def test_guard_covers_fixture_setup(inner: pytest.Pytester) -> None:
    inner.makepyfile(
        test_guarded="""
        import socket
        import pytest

        @pytest.fixture(scope="session")
        def remote():
            return socket.create_connection(("192.0.2.1", 80), timeout=2)

        def test_uses_remote(remote):
            pass
        """
    )
    result = inner.runpytest_subprocess("--fakes-offline")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*SocketConnectBlockedError*192.0.2.1*"])


def test_guard_with_pytest_socket_disable_socket(inner: pytest.Pytester) -> None:
    # both guards at once: pytest-socket's (stricter) wins, and loopback stays
    # reachable for tests marked enable_socket
    inner.makepyfile(
        test_guarded="""
        import socket
        import pytest
        import pytest_socket

        def test_blocked_by_pytest_socket():
            with pytest.raises(pytest_socket.SocketBlockedError):
                socket.socket(socket.AF_INET, socket.SOCK_STREAM)

        @pytest.mark.enable_socket
        def test_enable_socket_still_loopback_only():
            with pytest.raises(pytest_socket.SocketConnectBlockedError, match="192.0.2.1"):
                socket.create_connection(("192.0.2.1", 80), timeout=2)
        """
    )
    result = inner.runpytest_subprocess("--fakes-offline", "--disable-socket")
    result.assert_outcomes(passed=2)


CHILD_TESTS = """
import os
import sys

import pytest
from pytest_fakes import HostResolutionBlockedError


def lookup():
    # a synthetic audit event: the guard sees what a real lookup shows it, and a
    # failing guard resolves nothing
    try:
        sys.audit("socket.getaddrinfo", "blocked.invalid", 80, 0, 0, 0)
    except HostResolutionBlockedError:
        return "refused"
    return "allowed"


AT_IMPORT = lookup()


def test_collection():
    print("AT-IMPORT", AT_IMPORT, os.environ.get("{env}"))


@pytest.mark.fakes(offline=False)
def test_marked_online():
    print("MARKED-ONLINE", lookup())
""".replace("{env}", CHILD_ENV)


def test_a_guarded_tests_pytest_child_is_guarded_whole(pytester: pytest.Pytester) -> None:
    # this test is guarded (the suite's fakes_offline): its child cannot opt out,
    # not at collection, not by --fakes-online, not by a marker
    pytester.makeini(INNER_INI)
    pytester.makepyfile(test_child=CHILD_TESTS)
    result = pytester.runpytest_subprocess("--fakes-online", "-s", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*AT-IMPORT refused 1*", "*MARKED-ONLINE refused*"])


@pytest.mark.fakes(offline=False)
def test_an_unguarded_tests_child_is_not(pytester: pytest.Pytester) -> None:
    pytester.makeini(INNER_INI)
    pytester.makepyfile(test_child=CHILD_TESTS)
    result = pytester.runpytest_subprocess("-s", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
    result.stdout.fnmatch_lines(["*AT-IMPORT allowed None*", "*MARKED-ONLINE allowed*"])
