"""The ``fakes`` marker, the command-line options and the ini settings (pytester)."""

from __future__ import annotations

import pytest

import fakes.langchain  # noqa: F401  (imported once, not in every inner run)

INNER_INI = "[pytest]\nasyncio_default_fixture_loop_scope = function\n"


@pytest.fixture
def pytester(pytester: pytest.Pytester) -> pytest.Pytester:
    pytester.makeini(INNER_INI)
    return pytester


def test_marker_is_registered_with_its_signature(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(
        ["@pytest.mark.fakes(*, parrot_buffer_length=None, model=None, replies=None, *"]
    )


def test_marker_passes_strict_markers(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.fakes(parrot_buffer_length=2)
        def test_it(parrot_chat):
            assert parrot_chat.invoke("hello").content == "he"
        """
    )
    pytester.runpytest("--strict-markers").assert_outcomes(passed=1)


def test_nearest_marker_wins(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        pytestmark = pytest.mark.fakes(parrot_buffer_length=1, model="module-model")

        def test_module_level(parrot_chat, parrot_llm):
            assert parrot_chat.invoke("hello").content == "h"
            assert parrot_llm.invoke("hello") == "h"
            assert parrot_chat.model_name == "module-model"

        @pytest.mark.fakes(parrot_buffer_length=3)
        class TestClass:
            def test_class_level(self, parrot_chat):
                assert parrot_chat.invoke("hello").content == "hel"
                # nearest marker wins as a whole: the module's model is not merged in
                assert parrot_chat.model_name == "parrot"

            @pytest.mark.fakes(parrot_buffer_length=4, model="fn-model")
            def test_function_level(self, parrot_chat, unixtime_chat, tool_chat):
                assert parrot_chat.invoke("hello").content == "hell"
                assert {m.model_name for m in (parrot_chat, unixtime_chat, tool_chat)} == {
                    "fn-model"
                }
        """
    )
    pytester.runpytest().assert_outcomes(passed=3)


def test_marker_chunking(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.fakes(chunking="word")
        def test_words(parrot_chat):
            assert [c.content for c in parrot_chat.stream("to be or")][:3] == ["to ", "be ", "or"]
        """
    )
    pytester.runpytest().assert_outcomes(passed=1)


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ("parrot_bufer_length=3", "*unknown argument(s) parrot_bufer_length; known: *"),
        ("3", "*keyword arguments only, got positional (3,)*"),
        ("parrot_buffer_length=-1", "*parrot_buffer_length must be an int >= 0*-1*"),
        ("chunking='line'", "*chunking must be*'line'*"),
        ("replies='hi'", "*replies must be a list, got str*"),
        ("offline='yes'", "*offline must be True, False or None*"),
        ("frozen_at='yesterday'", "*'yesterday' is not an ISO 8601 instant*"),
        ("latency=0.5", "*latency must be a fakes.core.Latency or None, got 0.5*"),
        ("reasoning=3", "*reasoning must be True, a str, a callable or None, got 3*"),
    ],
)
def test_bad_marker_arguments_fail_naming_the_problem(
    pytester: pytest.Pytester, marker: str, message: str
) -> None:
    pytester.makepyfile(
        f"""
        import pytest

        @pytest.mark.fakes({marker})
        def test_it(parrot_chat, frozen_clock):
            pass
        """
    )
    result = pytester.runpytest()
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines([message])


def test_frozen_at_from_marker_option_and_ini(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import datetime as dt
        import time
        import pytest

        def test_run_default(frozen_clock):
            print("RUN-DEFAULT", int(time.time()))

        @pytest.mark.fakes(frozen_at="2030-05-05T05:05:05+02:00")
        def test_marker(frozen_clock):
            assert dt.datetime.now(dt.timezone.utc).isoformat() == "2030-05-05T03:05:05+00:00"

        @pytest.mark.fakes(frozen_at=dt.datetime(2001, 1, 1))
        def test_marker_naive_datetime_is_utc(frozen_clock):
            assert int(time.time()) == 978307200
        """
    )
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*RUN-DEFAULT 1704067200*"])

    pytester.makeini(INNER_INI + "fakes_frozen_at = 2020-02-02T00:00:00Z\n")
    result = pytester.runpytest("-s")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*RUN-DEFAULT 1580601600*"])

    result = pytester.runpytest("-s", "--fakes-frozen-at=2010-01-01T00:00:00")
    result.assert_outcomes(passed=3)
    result.stdout.fnmatch_lines(["*RUN-DEFAULT 1262304000*"])


def test_bad_frozen_at_option_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile("def test_it(): pass")
    result = pytester.runpytest("--fakes-frozen-at=soon")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--fakes-frozen-at: 'soon' is not an ISO 8601 instant*"])


def test_bad_strip_setting_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makeini(INNER_INI + "fakes_strip_api_keys = sometimes\n")
    pytester.makepyfile("def test_it(): pass")
    result = pytester.runpytest()
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*fakes_strip_api_keys = 'sometimes': expected auto, true*"])


def test_options_are_in_the_fakes_group(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--help")
    result.stdout.fnmatch_lines(
        [
            "pytest-fakes: offline fake language models:",
            "  --fakes-offline*",
            "*--fakes-online*",
            "*--fakes-frozen-at=ISO8601*",
        ]
    )
    result.stdout.fnmatch_lines(["*fakes_offline (bool)*", "*fakes_strip_api_keys (string)*"])


def test_disabling_the_plugin(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        def test_uses_a_fixture(parrot_chat):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:fakes")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'parrot_chat' not found*"])
    assert "fakes-0" not in result.stdout.str().split("plugins:", 1)[1].splitlines()[0]

    result = pytester.runpytest("-p", "no:fakes", "--fakes-offline")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*unrecognized arguments: --fakes-offline*"])

    pytester.makepyfile(
        test_marked="""
        import pytest

        @pytest.mark.fakes(model="x")
        def test_marked():
            pass
        """
    )
    # In a subprocess: in-process runs share pytest.mark's cache of known marker names.
    result = pytester.runpytest_subprocess("-p", "no:fakes", "--strict-markers", "test_marked.py")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*'fakes' not found in `markers` configuration option*"])


def test_marker_latency_and_reasoning_reach_the_fixtures(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import time

        import pytest

        from fakes.core import Latency

        @pytest.mark.fakes(latency=Latency(first_chunk=30.0), reasoning="Hm.")
        def test_it(parrot_chat, tool_chat, parrot_llm, unixtime_llm, scripted_chat, frozen_clock):
            start = time.time()
            assert parrot_chat.invoke("hi").content[0] == {"type": "reasoning", "reasoning": "Hm."}
            assert time.time() - start == 30.0
            assert tool_chat.reasoning == scripted_chat(["x"]).reasoning == "Hm."
            assert parrot_llm.latency == unixtime_llm.latency == Latency(first_chunk=30.0)
        """
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=1)
