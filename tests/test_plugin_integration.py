"""The plugin alongside pytest-asyncio and pytest-xdist, and its import cost."""

from __future__ import annotations

import subprocess
import sys

import pytest

import fakes.langchain  # noqa: F401  (imported once, not in every inner run)

INNER_INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"

ASYNC_TESTS = """
import asyncio
import time

import pytest


{marker}
async def test_chat_ainvoke_and_astream(parrot_chat):
    assert (await parrot_chat.ainvoke("hello")).content == "hello"
    assert [c.content async for c in parrot_chat.astream("ab")] == ["a", "b", ""]


{marker}
async def test_frozen_clock_in_async_test(frozen_clock, unixtime_chat):
    await asyncio.sleep(0)
    assert (await unixtime_chat.ainvoke("now?")).content == "1704067200"
    frozen_clock.tick(10)
    assert time.time() == 1704067210


{marker}
async def test_scripted_chat(scripted_chat):
    model = scripted_chat(["one", "two"])
    assert [(await model.ainvoke("x")).content for _ in range(2)] == ["one", "two"]
"""


@pytest.mark.parametrize(
    ("mode", "marker"), [("strict", "@pytest.mark.asyncio"), ("auto", "")], ids=["strict", "auto"]
)
def test_pytest_asyncio_modes(pytester: pytest.Pytester, mode: str, marker: str) -> None:
    pytester.makeini(INNER_INI + f"asyncio_mode = {mode}\n")
    pytester.makepyfile(ASYNC_TESTS.format(marker=marker))
    result = pytester.runpytest("--fakes-offline")
    result.assert_outcomes(passed=3)
    # pytest-asyncio prints the mode as "Mode.STRICT" on 3.11+ and "strict" on 3.10.
    result.stdout.re_match_lines([rf"asyncio: mode=(Mode\.{mode.upper()}|{mode})\b.*"])


def test_xdist(pytester: pytest.Pytester) -> None:
    pytester.makeini(INNER_INI + "asyncio_mode = auto\nfakes_offline = true\n")
    pytester.makepyfile(
        test_async=ASYNC_TESTS.format(marker=""),
        test_sync="""
        import os
        import socket
        import pytest
        import pytest_socket

        @pytest.mark.parametrize("n", range(6))
        @pytest.mark.fakes(parrot_buffer_length=2)
        def test_parrot(parrot_chat, n):
            assert parrot_chat.invoke(f"{n}abc").content == f"{n}a"

        def test_guard_in_worker():
            assert os.environ["PYTEST_XDIST_WORKER"].startswith("gw")
            with pytest.raises(pytest_socket.SocketConnectBlockedError, match="192.0.2.1"):
                socket.create_connection(("192.0.2.1", 80), timeout=2)
        """,
    )
    result = pytester.runpytest_subprocess("-n", "2", "-p", "no:randomly")
    result.assert_outcomes(passed=10)
    result.stdout.fnmatch_lines(["*2 workers*"])


def test_importing_the_plugin_imports_nothing_heavy() -> None:
    code = (
        "import sys, pytest_fakes.plugin\n"
        "heavy = ('litellm', 'langchain_core', 'langchain', 'freezegun', 'syrupy', "
        "'fakes', 'pydantic', 'httpx', 'openai')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in heavy))\n"
    )
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert result.stdout.strip() == "[]"
    # -X importtime lists each imported module as the last column of a stderr line
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:") and "|" in line
    }
    assert "pytest_fakes" in imported
    assert not {"litellm", "langchain_core", "freezegun", "syrupy"} & imported
