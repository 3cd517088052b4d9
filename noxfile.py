"""Sessions: tests (3.10-3.13, each found), lint, typecheck, deps-min, demo, bench."""

from __future__ import annotations

import glob
import os
import shutil

import nox

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.error_on_missing_interpreters = False

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
# Lowest langchain-core we claim to support (pyproject: langchain-core>=1.0).
LANGCHAIN_CORE_MIN = "1.0.0"
# Tests that need only the runtime dependencies (no langchain-tests, langgraph, litellm).
CORE_TESTS = [
    "tests/test_core.py",
    "tests/test_langchain_fakes.py",
    "tests/test_seed_examples.py",
]

# pyenv keeps other interpreters off PATH (its shims refuse inactive versions):
# put every installed 3.10-3.13 on PATH so nox and uv can find them.
for bindir in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[0-3].*/bin"))):
    os.environ["PATH"] = bindir + os.pathsep + os.environ["PATH"]
# Never let uv fetch an interpreter: this must work offline.
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")


def _install(session: nox.Session, *groups: str) -> None:
    args = ["-e", "."]
    for group in groups:
        args += ["--group", group]
    session.install(*args)


@nox.session(python=[p for p in PYTHONS if shutil.which(f"python{p}")] or PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite on every interpreter found (missing ones are skipped)."""
    _install(session, "test")
    extra = []
    if session.python == "3.10":
        # create_agent's streaming snapshot test skips on 3.10 (see tests/test_agents.py);
        # syrupy would otherwise fail the run over its then-unused snapshot.
        extra.append("--snapshot-warn-unused")
    session.run("pytest", *extra, *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("ruff")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src."""
    _install(session, "typecheck")
    session.run("mypy")


@nox.session(name="deps-min")
def deps_min(session: nox.Session) -> None:
    """The runtime-only tests against the lowest langchain-core we support."""
    session.install(
        "-e", ".", f"langchain-core=={LANGCHAIN_CORE_MIN}", "pytest-socket", "pytest-benchmark"
    )
    session.run(
        "python", "-c", "import langchain_core; print('langchain-core', langchain_core.__version__)"
    )
    session.run("pytest", *(session.posargs or CORE_TESTS))


@nox.session
def demo(session: nox.Session) -> None:
    """The README's main job: the demo."""
    _install(session, "test")
    session.run("fakes", "demo")


@nox.session
def snapshots(session: nox.Session) -> None:
    """Run the snapshot tests in several orders and under xdist; no snapshot may change."""
    _install(session, "test")
    session.run("python", "scripts/check_snapshots_stable.py", *session.posargs)


@nox.session
def bench(session: nox.Session) -> None:
    """Side-by-side benchmarks (benchmarks/bench.py); not part of the test run."""
    _install(session, "test")
    session.run("python", "benchmarks/bench.py", *session.posargs)
