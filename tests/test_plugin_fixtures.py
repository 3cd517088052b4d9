"""The plugin's fixtures, each exercised in an inner pytest run (pytester)."""

from __future__ import annotations

import contextlib
import importlib.util

import pytest

# Imported here, once, for every inner run: pytester's in-process runs drop the modules
# they import, so langchain_core / litellm would otherwise be imported again per run.
import fakes.langchain

# Worse for litellm: a first inner run importing fakes.litellm leaves the attribute
# `fakes.litellm` on the (outer) package, so a later run's `from fakes import litellm`
# gets that stale module, which registers on the previous run's litellm while the test
# imports a fresh one; and the importlib_metadata backport litellm imports deletes the
# stdlib PathFinder.find_distributions while its own finder is dropped with the run's
# sys.meta_path, leaving importlib.metadata blind (pytest's header then dies on
# pluggy.__version__). Both depend on which test runs first: import them out here.
with contextlib.suppress(ImportError):
    import fakes.litellm  # noqa: F401

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

INNER_INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"


@pytest.fixture
def pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    """The inner runs get their own ini: they do not see this project's."""
    pytester.makeini(INNER_INI)
    return pytester


def test_fixtures_are_listed_with_their_docstrings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_nothing(): pass")
    result = pytester.runpytest("--fixtures")
    assert result.ret == 0
    names = [
        "parrot_llm",
        "parrot_chat",
        "unixtime_llm",
        "unixtime_chat",
        "tool_chat",
        "scripted_chat",
        "fake_litellm",
        "frozen_clock",
        "events_snapshot",
        "fake_openai_server",
    ]
    text = result.stdout.str()
    for name in names:
        assert f"\n{name} " in text, name
    # every fixture's docstring is shown, none falls back to pytest's placeholder
    section = text.split("fixtures defined from pytest_fakes", 1)[1].split("\n---", 1)[0]
    assert "no docstring available" not in section
    result.stdout.fnmatch_lines(["*Freeze time at 2024-01-01T00:00:00Z*"])


def test_parrot_llm_and_parrot_chat(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from fakes.langchain import ParrotChat, ParrotLLM

        def test_llm(parrot_llm):
            assert isinstance(parrot_llm, ParrotLLM)
            assert parrot_llm.invoke("This is a foobar thing") == "This is a foobar thing"

        def test_chat(parrot_chat):
            assert isinstance(parrot_chat, ParrotChat)
            assert parrot_chat.invoke("hello").content == "hello"
            assert [c.content for c in parrot_chat.stream("cat")] == ["c", "a", "t", ""]
            assert len(parrot_chat.calls) == 2

        def test_fresh_per_test(parrot_chat):
            assert len(parrot_chat.calls) == 0
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_unixtime_fixtures_follow_the_frozen_clock(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import datetime as dt
        import time

        def test_default_instant(unixtime_llm, unixtime_chat, frozen_clock):
            assert unixtime_llm.invoke("now?") == "1704067200"
            assert unixtime_chat.invoke("now?").content == "1704067200"
            assert dt.datetime.now(dt.timezone.utc).isoformat() == "2024-01-01T00:00:00+00:00"

        def test_tick_and_move_to(unixtime_chat, frozen_clock):
            frozen_clock.tick(5)
            assert unixtime_chat.invoke("now?").content == "1704067205"
            frozen_clock.move_to("2025-06-01T12:00:00Z")
            assert unixtime_chat.invoke("now?").content == str(1748779200)

        def test_unfrozen_without_the_fixture(unixtime_llm):
            assert abs(int(unixtime_llm.invoke("now?")) - time.time()) < 60
        """
    )
    pytester.runpytest().assert_outcomes(passed=3)


def test_frozen_clock_keeps_asyncio_sleep_working(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import asyncio
        import time
        import pytest

        @pytest.mark.asyncio
        async def test_sleep(frozen_clock, unixtime_chat):
            await asyncio.wait_for(asyncio.sleep(0.01), timeout=5)
            assert time.time() == 1704067200
            assert (await unixtime_chat.ainvoke("now?")).content == "1704067200"
        """
    )
    pytester.runpytest("-o", "asyncio_mode=strict").assert_outcomes(passed=1)


def test_frozen_clock_with_fake_litellm_in_either_order(pytester: pytest.Pytester) -> None:
    # A fresh interpreter, so litellm is first imported by the fixtures: imported under
    # a frozen clock, pydantic could not build litellm's models.
    pytester.makepyfile(
        """
        def ask():
            import litellm  # imported by the fixtures, not at collection

            reply = litellm.completion(
                model="fakes/unixtime", messages=[{"role": "user", "content": "now?"}]
            )
            return reply.choices[0].message.content

        def test_clock_first(frozen_clock, fake_litellm):
            assert ask() == "1704067200"

        def test_litellm_first(fake_litellm, frozen_clock):
            assert ask() == "1704067200"
        """
    )
    pytester.runpytest_subprocess("-p", "no:cacheprovider").assert_outcomes(passed=2)


def test_scripted_chat_factory(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from langchain_core.messages import AIMessage
        from fakes import ScriptExhaustedError
        from fakes.langchain import ScriptedChat

        class RateLimitError(Exception):
            pass

        def test_script(scripted_chat):
            call = {"name": "lookup", "args": {"sku": "A1"}, "id": "call_1"}
            model = scripted_chat(["hi", AIMessage("", tool_calls=[call]), RateLimitError("429")])
            assert isinstance(model, ScriptedChat)
            assert model.invoke("x").content == "hi"
            assert model.invoke("x").tool_calls == [{**call, "type": "tool_call"}]
            with pytest.raises(RateLimitError, match="429"):
                model.invoke("x")
            with pytest.raises(ScriptExhaustedError, match="call #4"):
                model.invoke("x")

        def test_two_models_are_independent(scripted_chat):
            first, second = scripted_chat(["a"]), scripted_chat(["b"], model="other")
            assert second.invoke("x").content == "b"
            assert first.invoke("x").content == "a"
            assert second.model_name == "other"

        @pytest.mark.fakes(replies=["from the marker"])
        def test_replies_from_marker(scripted_chat):
            assert scripted_chat().invoke("x").content == "from the marker"

        def test_no_replies_is_a_clear_error(scripted_chat):
            with pytest.raises(TypeError, match="needs the replies"):
                scripted_chat()
        """
    )
    pytester.runpytest().assert_outcomes(passed=4)


def test_tool_chat(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        from langchain_core.tools import tool
        from fakes.langchain import ToolCallingChat

        @tool
        def get_weather(city: str) -> str:
            '''Weather of a city.'''
            return f"sunny in {city}"

        def test_calls_the_named_tool(tool_chat):
            assert isinstance(tool_chat, ToolCallingChat)
            reply = tool_chat.bind_tools([get_weather]).invoke('get_weather(city="Paris")')
            assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
                ("get_weather", {"city": "Paris"})
            ]

        def test_without_tools_it_parrots(tool_chat):
            assert tool_chat.invoke("hello").content == "hello"
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_fake_litellm(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import litellm
        from fakes.litellm import FakesHandler

        def test_completion(fake_litellm):
            assert isinstance(fake_litellm, FakesHandler)
            response = litellm.completion(
                model="fakes/parrot", messages=[{"role": "user", "content": "hello"}]
            )
            assert response.choices[0].message.content == "hello"
            assert len(fake_litellm.calls) == 1
            assert fake_litellm.calls[0].last_text == "hello"

        def test_fresh_call_log(fake_litellm):
            assert len(fake_litellm.calls) == 0

        def test_globals_point_at_this_handler(fake_litellm):
            entries = [e for e in litellm.custom_provider_map if e["provider"] == "fakes"]
            assert [e["custom_handler"] for e in entries] == [fake_litellm]
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_fake_litellm_marker_settings(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import litellm
        import pytest

        @pytest.mark.fakes(embedding_dimensions=4)
        def test_dimensions(fake_litellm):
            response = litellm.embedding(model="fakes/embed", input=["a"])
            assert len(response.data[0]["embedding"]) == 4

        @pytest.mark.fakes(provider="offline")
        def test_provider(fake_litellm):
            response = litellm.completion(
                model="offline/parrot", messages=[{"role": "user", "content": "hey"}]
            )
            assert response.choices[0].message.content == "hey"
        """
    )
    pytester.runpytest().assert_outcomes(passed=2)


def test_fake_litellm_restores_litellm_globals(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import copy
        import litellm

        NAMES = ("custom_provider_map", "provider_list", "_custom_providers")
        before = {}

        def snapshot():
            return {name: (id(getattr(litellm, name)), copy.copy(getattr(litellm, name)))
                    for name in NAMES}

        def test_1_before():
            before.update(snapshot())
            assert "fakes" not in litellm.provider_list

        def test_2_uses_the_fixture(fake_litellm):
            assert "fakes" in litellm.provider_list
            for _ in range(3):  # LiteLLM appends to its provider lists on every call
                litellm.completion(
                    model="fakes/parrot", messages=[{"role": "user", "content": "x"}]
                )
            assert snapshot() != before

        def test_3_after():
            assert snapshot() == before
            assert "fakes" not in litellm.provider_list
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=3)


def test_events_snapshot(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest
        from fakes.traces import EventsSnapshotExtension

        def test_extension(events_snapshot):
            assert isinstance(events_snapshot.extension, EventsSnapshotExtension)

        @pytest.mark.asyncio
        async def test_events(parrot_chat, events_snapshot):
            events = [e async for e in parrot_chat.astream_events("hi", version="v2")]
            assert events == events_snapshot
        """
    )
    # A first run writes the snapshot; a second, fresh run must match it byte for byte.
    # EventsSnapshotExtension keeps snapshots in <rootdir>/snapshots/ (not __snapshots__).
    snapshots = pytester.path / "snapshots"
    pytester.runpytest("--snapshot-update").assert_outcomes(passed=2)
    written = sorted(p for p in pytester.path.rglob("*.ambr"))
    assert written == [snapshots / "test_events_snapshot.ambr"], written
    contents = written[0].read_bytes()
    assert b"on_chat_model_stream" in contents
    # (a mismatch fails test_events; syrupy prints no report inside an xdist worker)
    pytester.runpytest().assert_outcomes(passed=2)
    assert sorted(pytester.path.rglob("*.ambr")) == written
    assert written[0].read_bytes() == contents


def test_fake_openai_server_skips_without_the_launcher(pytester: pytest.Pytester) -> None:
    # None in sys.modules makes `import fakes.server` fail as if it were not installed
    pytester.makeconftest("import sys\nsys.modules['fakes.server'] = None\n")
    pytester.makepyfile(
        """
        def test_server(fake_openai_server):
            raise AssertionError("must not run")
        """
    )
    result = pytester.runpytest("-rs")
    result.assert_outcomes(skipped=1)
    result.stdout.fnmatch_lines(["*fake_openai_server needs fakes.server*"])


@pytest.mark.skipif(
    importlib.util.find_spec("fakes.server") is None, reason="needs fakes.server (the proxy)"
)
def test_fake_openai_server(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import openai

        def test_chat(fake_openai_server):
            client = openai.OpenAI(
                base_url=fake_openai_server.base_url, api_key=fake_openai_server.api_key
            )
            reply = client.chat.completions.create(
                model="fakes/parrot", messages=[{"role": "user", "content": "over http"}]
            )
            assert reply.choices[0].message.content == "over http"

        def test_same_server_for_the_session(fake_openai_server, request):
            assert fake_openai_server is request.getfixturevalue("fake_openai_server")
            assert fake_openai_server.base_url.startswith("http://127.0.0.1:")
        """
    )
    # in a subprocess, under the offline guard: the proxy is on loopback, so allowed
    result = pytester.runpytest_subprocess("--fakes-offline", "-p", "no:randomly")
    result.assert_outcomes(passed=2)
