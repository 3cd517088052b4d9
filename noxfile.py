"""Sessions: tests (3.10-3.13, each found), tests-latest, deps-min, lint, typecheck, docs, demo.

Also: snapshots (snapshot stability), bench (benchmarks/, not part of the test run),
properties (the planner's property test with many more examples).
"""

from __future__ import annotations

import glob
import os
import shutil
from pathlib import Path

import nox

nox.options.default_venv_backend = "uv"
nox.options.sessions = ["lint", "typecheck", "tests"]
nox.options.error_on_missing_interpreters = False

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
PYPROJECT = nox.project.load_toml("pyproject.toml")

# The lowest versions pyproject claims; deps-min installs exactly these and checks it did.
LANGCHAIN_CORE_MIN = "1.0.0"
# Below 1.101 our litellm tests fail (see deps-min's docstring for what breaks).
LITELLM_MIN = "1.101.0"
# The newest litellm whose `proxy` extra installs: litellm[proxy] 1.108.8 and later pin
# litellm-enterprise versions that are not on the index. Plain litellm goes further.
LITELLM_PROXY_NEWEST = "1.108.7"
LITELLM_PLAIN_NEWEST = "1.110"
# Floors for tests-latest (the versions of uv.lock): the newest must not be older.
LATEST_FLOORS = ["langchain-core>=1.8.3", "langchain>=1.5.2", "langgraph>=1.2.24"]

# Tests that need only the runtime dependencies (no langchain-tests, litellm).
CORE_TESTS = [
    "tests/test_core.py",
    "tests/test_langchain_fakes.py",
    "tests/test_seed_examples.py",
]
# Tests of our LiteLLM side: they decide the lowest litellm we claim.
LITELLM_TESTS = [
    "tests/test_litellm_*.py",
    "tests/test_conformance_fakes_litellm.py",
    "tests/test_conformance_broken_litellm.py",
]
# Tests that start LiteLLM's proxy server: they need the `proxy` extra.
# (-k, not --deselect: --deselect matches node id prefixes, and would also drop
# test_fake_openai_server_skips_without_the_launcher, which needs no proxy.)
PROXY_TESTS_OUT = [
    "--ignore=tests/test_server.py",
    "-k",
    "not test_fake_openai_server or test_fake_openai_server_skips_without_the_launcher",
]

# pyenv keeps other interpreters off PATH (its shims refuse inactive versions):
# put every installed 3.10-3.13 on PATH so nox and uv can find them.
for bindir in sorted(glob.glob(os.path.expanduser("~/.pyenv/versions/3.1[0-3].*/bin"))):
    os.environ["PATH"] = bindir + os.pathsep + os.environ["PATH"]
# Never let uv fetch an interpreter: this must work offline.
os.environ.setdefault("UV_PYTHON_DOWNLOADS", "never")
# Importing litellm must not download its price map, in any session or subprocess.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

SHOW_VERSIONS = """
import importlib.metadata as m, sys
names = sys.argv[1:]
print("python", sys.version.split()[0])
for name in names:
    try:
        print(name, m.version(name))
    except m.PackageNotFoundError:
        print(name, "(not installed)")
"""

# Every `name>=X` bound of the runtime dependencies (and the `litellm` extra) must be
# installed at exactly X: deps-min proves the floors it claims, not some later version.
CHECK_FLOORS = """
import importlib.metadata as m, sys, tomllib
from packaging.requirements import Requirement
from packaging.version import Version
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
bad = []
for text in project["dependencies"] + project["optional-dependencies"]["litellm"]:
    req = Requirement(text)
    floors = [s.version for s in req.specifier if s.operator == ">="]
    if not floors:
        continue
    got = m.version(req.name)
    print(f"{req.name:16} floor {floors[0]:8} installed {got}")
    if Version(got) != Version(floors[0]):
        bad.append(f"{req.name}: claims >={floors[0]}, installed {got}")
if bad:
    sys.exit("\\n".join(bad))
"""

VERSION_NAMES = [
    "litellm",
    "langchain-core",
    "langchain",
    "langgraph",
    "langgraph-checkpoint",
    "langchain-tests",
    "langchain-openai",
    "langchain-litellm",
    "openai",
    "mcp",
    "pydantic",
    "pytest",
    "pytest-asyncio",
    "syrupy",
    "freezegun",
    "pytest-socket",
]


def _install(session: nox.Session, *groups: str) -> None:
    args = ["-e", "."]
    for group in groups:
        args += ["--group", group]
    session.install(*args)


def _show_versions(session: nox.Session) -> None:
    session.run("python", "-c", SHOW_VERSIONS, *VERSION_NAMES, silent=False)


def _test_group_without_self() -> list[str]:
    """The `test` group's requirements, minus its reference to this project."""
    group = PYPROJECT["dependency-groups"]["test"]
    return [req for req in group if isinstance(req, str) and not req.startswith("pytest-fakes")]


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


@nox.session(name="tests-latest", python="3.13")
@nox.parametrize("litellm", ["proxy", "plain"])
def tests_latest(session: nox.Session, litellm: str) -> None:
    """The suite against the newest litellm / langchain-core / langchain / langgraph.

    Ignores uv.lock: installs the project and the `test` group with ``--upgrade``,
    resolving everything to the newest release the index has (floors: the lock's
    versions), on the newest Python.

    "Newest" has two meanings for litellm, hence two runs:

    * ``proxy``: the whole suite, proxy tests included, with the newest litellm whose
      ``proxy`` extra installs (1.108.7 today; litellm[proxy] 1.108.8+ pin
      litellm-enterprise versions the index does not have).
    * ``plain``: the newest litellm (``>=1.110``), without the ``proxy`` extra, which
      cannot install with it. The tests that start LiteLLM's proxy server
      (tests/test_server.py, test_fake_openai_server) are left out, and so are the
      README/docs examples (some start the proxy; the ``proxy`` run covers them).
    """
    requirements = [*_test_group_without_self(), *LATEST_FLOORS]
    args: list[str] = []
    if litellm == "proxy":
        requirements += [f"litellm[proxy]>={LITELLM_PROXY_NEWEST}"]
        project = ".[litellm,proxy]"
    else:
        requirements += [f"litellm>={LITELLM_PLAIN_NEWEST}"]
        project = ".[litellm]"
        args += ["tests", *PROXY_TESTS_OUT]
    session.install("--upgrade", "-e", project, *requirements)
    _show_versions(session)
    session.run("pytest", *args, *session.posargs)


@nox.session(name="deps-min", python="3.11")
def deps_min(session: nox.Session) -> None:
    """The lowest versions we claim: langchain-core 1.0.0, litellm 1.101.0, and the rest.

    Installs the project with ``--resolution lowest-direct``: every direct dependency
    (pyproject's runtime ones and the `litellm` extra) at its lower bound, checked
    afterwards (CHECK_FLOORS), then runs the tests those dependencies decide:
    CORE_TESTS (runtime only) and LITELLM_TESTS (our LiteLLM side).

    What breaks below litellm 1.101 (nothing in src/ was changed to paper over it):

    * 1.100.x: the Responses API bridge turns a completion's tool calls into a
      ``message`` output item, not ``function_call`` (test_responses_api_tool_calls).
    * 1.90 and older: errors a CustomLLM raises with a status code are not mapped to
      the provider exceptions; every failure comes back as APIConnectionError.
    * 1.74 and older: also ``'fakes' is not a valid LlmProviders`` (custom provider
      names), no PermissionDeniedError / BadGatewayError / MidStreamFallbackError.
    * 1.70: CustomLLM has no ``aembedding``; the conformance checks cannot run.

    Transitive dependencies resolve to their newest, except langgraph-checkpoint:
    4.x calls langchain-core's ``Reviver(allowed_objects=...)``, which langchain-core
    1.0.0 lacks, while it declares ``langchain-core>=0.2.38``.
    """
    constraints = Path(session.create_tmp()) / "constraints.txt"
    constraints.write_text("langgraph-checkpoint<4\n")
    session.install(
        "--resolution",
        "lowest-direct",
        "-c",
        str(constraints),
        "-e",
        ".[litellm]",
        # test-only tools (the root conftest needs sybil; pyproject's addopts, benchmark)
        "pytest-benchmark>=4.0",
        "sybil>=9.0",
        # test_langchain_fakes drives a create_agent loop
        "langchain>=1.0",
    )
    _show_versions(session)
    session.run("python", "-c", CHECK_FLOORS)
    litellm_tests = sorted(p for pattern in LITELLM_TESTS for p in glob.glob(pattern))
    session.run("pytest", *(session.posargs or [*CORE_TESTS, *litellm_tests]))


@nox.session(python="3.13")
def properties(session: nox.Session) -> None:
    """The planner's property test with the ``many`` hypothesis profile (50,000 examples).

    The test suite runs the same test derandomized with 1,500 examples; this one
    draws new ones each run.
    """
    _install(session, "test")
    session.env["FAKES_HYPOTHESIS_PROFILE"] = "many"
    session.run("pytest", "-p", "no:randomly", "tests/test_planner_properties.py", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """ruff check and ruff format --check."""
    session.install("--group", "lint")
    session.run("ruff", "check", ".")
    session.run("ruff", "format", "--check", ".")


@nox.session
def typecheck(session: nox.Session) -> None:
    """mypy --strict on src."""
    _install(session, "typecheck")
    session.run("mypy")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the documentation (mkdocs, strict: any warning fails); the site goes to .nox/."""
    session.install("--group", "docs")
    site = Path(session.create_tmp()) / "site"
    session.run(
        "mkdocs", "build", "--strict", "--site-dir", str(site), env={"NO_MKDOCS_2_WARNING": "1"}
    )


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
