"""Every Python code block of README.md and docs/ runs as a test, with sybil.

Three kinds of block, told apart by their first line or by an HTML comment just above:

* A block starting with ``>>>`` is a doctest: the whole block runs as one test and
  every shown result is compared (``ELLIPSIS`` and ``NORMALIZE_WHITESPACE`` are on).
* A block right after ``<!-- pytest: passed=2 -->`` is a test *file* of a downstream
  project. It is written to a pytester directory and run there with ``runpytest``;
  the comment lists the outcomes the run must report (``passed``, ``failed``,
  ``skipped``, ``errors``, ``xfailed``, ``xpassed``; any not listed must be 0).
  Other ``name=value`` words become lines of the inner run's ini file
  (``asyncio_mode=auto``); the flag ``disable_socket`` runs it with pytest-socket's
  ``--disable-socket --allow-unix-socket``; the flag ``snapshot_update`` runs it once
  with ``--snapshot-update`` and then again, checking the outcomes of the second run.
* Any other block runs as a script; its ``assert`` lines are the check.

Each block runs on its own (a fresh namespace, no state from the blocks above it), so
the order pytest-randomly or pytest-xdist gives the blocks does not matter, and every
example is complete as written.
"""

from __future__ import annotations

import ast
import contextlib
import doctest
import importlib
import re
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from sybil import Document, Example, Region, Sybil
from sybil.parsers.markdown.lexers import FencedCodeBlockLexer

ROOT = Path(__file__).resolve().parent
DOCS = ROOT / "docs"

_PYTEST_COMMENT = re.compile(r"<!--\s*pytest:(?P<options>[^>]*?)-->\s*\Z")
_OUTCOMES = ("passed", "failed", "skipped", "errors", "xfailed", "xpassed")
_FLAGS = {"disable_socket", "snapshot_update"}
_DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE

# What a fixture imports when it runs. pytester's in-process runs drop every module
# imported during the run, so these are imported before it starts (see _preload).
_FIXTURE_MODULES = {
    "parrot_llm": "fakes.langchain",
    "parrot_chat": "fakes.langchain",
    "unixtime_llm": "fakes.langchain",
    "unixtime_chat": "fakes.langchain",
    "tool_chat": "fakes.langchain",
    "scripted_chat": "fakes.langchain",
    "fake_litellm": "fakes.litellm",
    "frozen_clock": "freezegun",
    "events_snapshot": "fakes.traces",
    "fake_openai_server": "fakes.server",
    "fake_providers": "fakes.providers",
}


# -- parsing ---------------------------------------------------------------------------


class PytestOptions:
    """The options of a ``<!-- pytest: ... -->`` comment."""

    def __init__(self, text: str) -> None:
        self.outcomes: dict[str, int] = {}
        self.ini: dict[str, str] = {}
        self.flags: set[str] = set()
        for word in text.split():
            name, equals, value = word.partition("=")
            if not equals:
                if name not in _FLAGS:
                    raise ValueError(f"unknown flag {name!r} in <!-- pytest: {text} -->")
                self.flags.add(name)
            elif name in _OUTCOMES:
                self.outcomes[name] = int(value)
            else:
                self.ini[name] = value


def _preceding_comment(document: Document, region: Region) -> str | None:
    """Return the options of a ``<!-- pytest: ... -->`` comment right above ``region``."""
    before = document.text[: region.start]
    match = _PYTEST_COMMENT.search(before[-500:])
    return match.group("options") if match else None


class MarkdownPythonParser:
    """Sybil parser: one example per ```` ```python ```` block of a Markdown file."""

    def __init__(self, *, pytest_files: bool) -> None:
        self.pytest_files = pytest_files
        self.lexer = FencedCodeBlockLexer("python")

    def __call__(self, document: Document) -> Any:
        """Yield the regions of ``document`` this parser evaluates."""
        for region in self.lexer(document):
            source = region.lexemes["source"]
            options = _preceding_comment(document, region)
            if self.pytest_files != (options is not None):
                continue
            if options is not None:
                region.parsed = (source, PytestOptions(options))
                region.evaluator = evaluate_pytest_file
            elif source.lstrip().startswith(">>>"):
                region.parsed = source
                region.evaluator = evaluate_doctest
            else:
                region.parsed = source
                region.evaluator = evaluate_script
            yield region


# -- evaluating ------------------------------------------------------------------------


def _fresh_namespace(example: Example) -> dict[str, Any]:
    return {"__name__": f"docs_example_line_{example.line}"}


def evaluate_script(example: Example) -> None:
    """Run a block as a script; an exception (a failed ``assert``) fails the test."""
    source = example.parsed
    padded = "\n" * (example.line + source.line_offset) + source
    code = compile(padded, str(example.path), "exec", dont_inherit=True)
    exec(code, _fresh_namespace(example))


def evaluate_doctest(example: Example) -> str | None:
    """Run a ``>>>`` block as one doctest; a mismatch is reported as doctest shows it."""
    source = str(example.parsed)
    namespace = _fresh_namespace(example)
    test = doctest.DocTestParser().get_doctest(
        source, namespace, f"{example.path}:{example.line}", str(example.path), example.line
    )
    report: list[str] = []
    runner = doctest.DocTestRunner(optionflags=_DOCTEST_FLAGS)
    runner.run(test, out=report.append)
    if runner.failures:
        return "".join(report)
    return None


def evaluate_pytest_file(example: Example) -> str | None:
    """Write the block to a pytester directory, run pytest there, check the outcomes."""
    source, options = example.parsed
    pytester: pytest.Pytester = example.namespace["_docs_pytester"]
    ini = {"asyncio_default_fixture_loop_scope": "function", **options.ini}
    pytester.makeini("[pytest]\n" + "".join(f"{k} = {v}\n" for k, v in ini.items()))
    stem = Path(example.path).stem.lower().replace("-", "_").lstrip("_")
    name = f"test_{stem}_line_{example.line}"
    pytester.makepyfile(**{name: textwrap.dedent(str(source))})
    args = ["-p", "no:cacheprovider"]
    if "disable_socket" in options.flags:
        args += ["--disable-socket", "--allow-unix-socket"]
    if "snapshot_update" in options.flags:
        first = pytester.runpytest(*args, "--snapshot-update")
        if first.ret != 0:
            return "the --snapshot-update run failed:\n" + first.stdout.str()
    result = pytester.runpytest(*args)
    expected = {name: options.outcomes.get(name, 0) for name in _OUTCOMES}
    try:
        found = result.parseoutcomes()
    except ValueError:
        found = {}
    got = {name: found.get(name, found.get(name.rstrip("s"), 0)) for name in _OUTCOMES}
    if got != expected:
        return f"expected outcomes {expected}, got {got}:\n{result.stdout.str()}"
    return None


def _preload(source: str) -> None:
    """Import what a test file block imports, and what its fixtures import, in advance."""
    modules = {module for fixture, module in _FIXTURE_MODULES.items() if fixture in source}
    for node in ast.parse(source).body:
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            modules.add(node.module)
    for module in sorted(modules):
        with contextlib.suppress(ImportError):  # the inner run reports it, as a reader sees it
            importlib.import_module(module)


@pytest.fixture
def _docs_pytester(request: pytest.FixtureRequest, socket_enabled: None) -> pytest.Pytester:
    """Give pytester for a test-file block, with the block's imports made beforehand.

    ``socket_enabled`` lifts this project's ``--disable-socket`` for the outer test: the
    inner run is a pytest run of its own and applies its own socket settings.
    """
    example = getattr(request.node, "example", None)
    if example is not None:
        _preload(str(example.parsed[0]))
    # Requested only now, so that the modules above survive pytester's sys.modules restore.
    pytester: pytest.Pytester = request.getfixturevalue("pytester")
    return pytester


_scripts = Sybil(parsers=[MarkdownPythonParser(pytest_files=False)], patterns=["*.md"])
_test_files = Sybil(
    parsers=[MarkdownPythonParser(pytest_files=True)],
    patterns=["*.md"],
    fixtures=["_docs_pytester"],
)
_collect = (_scripts + _test_files).pytest()


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> Any:
    """Collect README.md and the pages under docs/, nothing else."""
    if file_path == ROOT / "README.md" or (file_path.suffix == ".md" and DOCS in file_path.parents):
        return _collect(file_path, parent)
    return None


def pytest_runtest_setup(item: pytest.Item) -> None:
    """Keep LiteLLM's "Provider List" hint off stdout once litellm is imported.

    LiteLLM prints it for each failed call, sometimes from its logging worker after
    the call's test has ended, so it lands in whichever test runs next: a doctest
    block there then shows output it never made. Not printed at all, it reaches no one.
    """
    litellm = sys.modules.get("litellm")
    if litellm is not None:
        litellm.suppress_debug_info = True
