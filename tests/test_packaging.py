"""The distributions as users get them: sdist, wheel, and the wheel installed in a fresh venv.

The editable install the rest of the suite runs on puts ``src`` and ``src/fixtures`` on
``sys.path``, so it cannot see a broken wheel (one that ships ``fixtures/pytest_fakes``
while the entry point names ``pytest_fakes.plugin``). These tests build the real
artifacts with ``uv build``, compare the wheel built from the sdist with the one built
from the source tree, install the wheel (not editable, with its ``litellm`` extra) into
a new venv and run a small downstream suite there that uses the plugin's fixtures.

Everything is offline: uv builds with the hatchling in its cache and installs the exact
versions of the running environment from its cache (under ``uv run``, by syncing
uv.lock; elsewhere, such as nox, with every pin given to ``--offline --no-deps``),
then runs ``uv pip check``. All files go to ``tmp_path``; only subprocesses
do the work, so this runs under ``--disable-socket`` and under xdist.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import os
import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ET
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

pytestmark = [
    # builds twice and creates a venv: ~10-20 s, but it is what CI must check
    pytest.mark.slow,
    pytest.mark.skipif(
        importlib.util.find_spec("uv") is None, reason="needs uv (in the `test` dependency group)"
    ),
]

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "pytest-fakes"
DIST_INFO = "pytest_fakes-"
TIMEOUT = 600

# Variables of the outer run that must not leak into the subprocesses.
_DROP = (
    "PYTHONPATH",
    "VIRTUAL_ENV",
    "PYTEST_ADDOPTS",
    "PYTEST_PLUGINS",
    "PYTEST_CURRENT_TEST",
    "PYTEST_XDIST_WORKER",
    "PYTEST_XDIST_WORKER_COUNT",
    "PYTEST_XDIST_TESTRUNUID",
    "PYTEST_DISABLE_PLUGIN_AUTOLOAD",
    "UV_PROJECT_ENVIRONMENT",
)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in _DROP}
    env["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"  # importing litellm must not fetch prices
    env["UV_OFFLINE"] = "1"
    env["UV_PYTHON_DOWNLOADS"] = "never"
    env["UV_NO_PROGRESS"] = "1"
    return env


def _run(
    args: list[str | os.PathLike[str]], cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run a command (``env`` added to the cleaned environment); fail with all its output."""
    cmd = [os.fspath(a) for a in args]
    try:
        proc = subprocess.run(
            cmd,
            cwd=cwd,
            env={**_env(), **(env or {})},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired as error:
        pytest.fail(
            f"timed out after {TIMEOUT}s: {' '.join(cmd)}\n"
            f"--- stdout\n{error.stdout}\n--- stderr\n{error.stderr}",
            pytrace=False,
        )
    if proc.returncode != 0:
        pytest.fail(_describe(proc, f"exit status {proc.returncode}", cwd), pytrace=False)
    return proc


def _describe(proc: subprocess.CompletedProcess[str], what: str, cwd: Path) -> str:
    return (
        f"{what}: {' '.join(proc.args)}\n(in {cwd})\n"
        f"--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    )


def _uv(*args: str | os.PathLike[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return _run([sys.executable, "-m", "uv", *args], cwd=cwd)


def _only(directory: Path, pattern: str) -> Path:
    found = sorted(directory.glob(pattern))
    assert len(found) == 1, f"expected one {pattern} in {directory}, found {found}"
    return found[0]


def _wheel_files(wheel: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(wheel) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _metadata(files: dict[str, bytes]) -> tuple[list[str], str]:
    """The wheel's Requires-Dist lines and its entry_points.txt."""
    name = next(n for n in files if n.startswith(DIST_INFO) and n.endswith(".dist-info/METADATA"))
    message = Parser().parsestr(files[name].decode())
    entry_points = next(
        files[n].decode() for n in files if n.endswith(".dist-info/entry_points.txt")
    )
    return message.get_all("Requires-Dist") or [], entry_points


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """``uv build`` twice: sdist + wheel built from it, and a wheel straight from the tree."""
    out = tmp_path_factory.mktemp("dist")
    # `uv build` makes the sdist, then builds the wheel from that sdist
    _uv("build", "--offline", "--python", sys.executable, "--out-dir", out / "sdist", ROOT, cwd=out)
    # `--wheel` alone builds from the source tree
    _uv(
        "build", "--offline", "--python", sys.executable, "--wheel",
        "--out-dir", out / "tree", ROOT, cwd=out,
    )  # fmt: skip
    return {
        "sdist": _only(out / "sdist", "pytest_fakes-*.tar.gz"),
        "wheel": _only(out / "sdist", "pytest_fakes-*.whl"),
        "tree_wheel": _only(out / "tree", "pytest_fakes-*.whl"),
    }


def _source_files(directory: Path, prefix: str) -> set[str]:
    return {
        prefix + path.relative_to(directory).as_posix()
        for path in directory.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_wheel_ships_exactly_fakes_and_pytest_fakes(built: dict[str, Path]) -> None:
    files = _wheel_files(built["wheel"])
    top = {name.split("/", 1)[0] for name in files}
    dist_info = {name for name in top if name.endswith(".dist-info")}
    assert len(dist_info) == 1, sorted(top)
    assert next(iter(dist_info)).startswith(DIST_INFO), sorted(top)
    assert top - dist_info == {"fakes", "pytest_fakes"}, sorted(top)
    # every source file of both packages is in, under its import name
    shipped = {name for name in files if not name.startswith(DIST_INFO)}
    expected = _source_files(ROOT / "src" / "fakes", "fakes/") | _source_files(
        ROOT / "src" / "fixtures" / "pytest_fakes", "pytest_fakes/"
    )
    assert shipped == expected, (sorted(shipped - expected), sorted(expected - shipped))
    assert {"fakes/py.typed", "pytest_fakes/py.typed"} <= shipped
    # the entry points name modules the wheel has
    _, entry_points = _metadata(files)
    lines = {line.replace(" ", "") for line in entry_points.splitlines()}
    assert "fakes=pytest_fakes.plugin" in lines, entry_points
    assert "fakes=fakes.cli:main" in lines, entry_points
    assert {"pytest_fakes/plugin.py", "fakes/cli.py"} <= shipped


def test_sdist_has_what_the_wheel_and_the_tests_need(built: dict[str, Path]) -> None:
    with tarfile.open(built["sdist"]) as archive:
        names = {name.split("/", 1)[1] for name in archive.getnames() if "/" in name}
    for needed in (
        "pyproject.toml",
        "PKG-INFO",
        "README.md",
        "noxfile.py",
        "src/fakes/__init__.py",
        "src/fakes/py.typed",
        "src/fixtures/pytest_fakes/plugin.py",
        "src/fixtures/pytest_fakes/py.typed",
        "tests/conftest.py",
        "tests/test_packaging.py",
    ):
        assert needed in names, needed
    assert not {n for n in names if n.endswith(".pyc") or "__pycache__" in n.split("/")}
    assert not {n for n in names if n.split("/", 1)[0] in {".venv", ".nox", ".git", "dist"}}


def test_wheel_from_sdist_is_the_wheel_from_the_tree(built: dict[str, Path]) -> None:
    from_sdist = _wheel_files(built["wheel"])
    from_tree = _wheel_files(built["tree_wheel"])
    assert sorted(from_sdist) == sorted(from_tree)
    differ = sorted(name for name in from_sdist if from_sdist[name] != from_tree[name])
    assert not differ, f"these files differ between the two wheels: {differ}"


def _pins(requires: list[str], extras: set[str]) -> list[str]:
    """``name==version`` for every distribution the wheel needs, as installed here.

    Walks the wheel's requirements (with ``extras``) through the running environment:
    the fresh venv gets the very versions this run tests, and uv finds them in its cache.
    """
    pins: dict[str, str] = {}
    seen: set[tuple[str, frozenset[str]]] = set()
    stack = [(text, frozenset(extras)) for text in requires]
    while stack:
        text, active = stack.pop()
        requirement = Requirement(text)
        if requirement.marker is not None and not any(
            requirement.marker.evaluate({"extra": extra}) for extra in {"", *active}
        ):
            continue
        name = canonicalize_name(requirement.name)
        if name == PROJECT:
            continue
        key = (name, frozenset(requirement.extras))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = importlib.metadata.distribution(name)
        except importlib.metadata.PackageNotFoundError:
            pytest.fail(f"{text!r} is needed, but {name} is not installed here", pytrace=False)
        if not requirement.specifier.contains(dist.version, prereleases=True):
            pytest.fail(f"{text!r} is needed, but {name} {dist.version} is installed here")
        pins[name] = dist.version
        stack.extend((sub, frozenset(requirement.extras)) for sub in dist.requires or [])
    return [f"{name}=={version}" for name, version in sorted(pins.items())]


DOWNSTREAM_INI = """\
[pytest]
asyncio_mode = auto
asyncio_default_fixture_loop_scope = function
fakes_offline = true
xfail_strict = true
addopts = --strict-markers -p no:cacheprovider
"""

DOWNSTREAM_CONFTEST = """\
import os

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
"""

DOWNSTREAM_EVENTS = '''\
"""events_snapshot: no litellm here, so the first (snapshot-writing) run starts fast."""


async def test_events(parrot_chat, events_snapshot):
    events = [e async for e in parrot_chat.astream_events("hi", version="v2")]
    assert [e["event"] for e in events][0] == "on_chat_model_start"
    assert events == events_snapshot
'''

DOWNSTREAM_TESTS = '''\
"""A downstream app's tests, run against the installed wheel."""

import importlib.util
import sys
from pathlib import Path

import litellm
import pytest
from langchain_core.messages import AIMessage
from langchain_core.tools import tool

import fakes
import pytest_fakes


@tool
def get_weather(city: str) -> str:
    """Weather of a city."""
    return f"sunny in {city}"


def test_installed_from_the_wheel(pytestconfig):
    site = Path(sys.prefix).resolve()
    for module in (fakes, pytest_fakes):
        path = Path(module.__file__).resolve()
        assert site in path.parents, path
        assert (path.parent / "py.typed").is_file(), path
    assert importlib.util.find_spec("fixtures") is None  # no top-level `fixtures`
    assert pytestconfig.pluginmanager.has_plugin("fakes")  # loaded by its entry point


def test_parrot_chat(parrot_chat):
    assert parrot_chat.invoke("hello").content == "hello"
    assert [c.content for c in parrot_chat.stream("cat")] == ["c", "a", "t", ""]


@pytest.mark.fakes(parrot_buffer_length=3)
def test_marker(parrot_chat):
    assert parrot_chat.invoke("hello").content == "hel"


def test_tool_chat(tool_chat):
    reply = tool_chat.bind_tools([get_weather]).invoke('get_weather(city="Paris")')
    assert [(c["name"], c["args"]) for c in reply.tool_calls] == [
        ("get_weather", {"city": "Paris"})
    ]


def test_scripted_chat(scripted_chat):
    call = {"name": "get_weather", "args": {"city": "Oslo"}, "id": "call_1"}
    model = scripted_chat([TimeoutError("slow"), AIMessage("", tool_calls=[call]), "done"])
    with pytest.raises(TimeoutError, match="slow"):
        model.invoke("x")
    assert model.invoke("x").tool_calls[0]["args"] == {"city": "Oslo"}
    assert model.invoke("x").content == "done"


def test_fake_litellm(fake_litellm):
    response = litellm.completion(
        model="fakes/parrot", messages=[{"role": "user", "content": "hello"}]
    )
    assert response.choices[0].message.content == "hello"
    chunks = litellm.completion(
        model="fakes/parrot", messages=[{"role": "user", "content": "abc"}], stream=True
    )
    assert "".join(c.choices[0].delta.content or "" for c in chunks) == "abc"
    assert [c.last_text for c in fake_litellm.calls] == ["hello", "abc"]


def test_unixtime_under_frozen_clock(unixtime_chat, frozen_clock):
    assert unixtime_chat.invoke("now?").content == "1704067200"
'''

DOWNSTREAM_COUNT = 7  # tests in DOWNSTREAM_TESTS


def _junit_counts(report: Path) -> dict[str, int]:
    suite = ET.parse(report).getroot()
    suite = suite if suite.tag == "testsuite" else suite.find("testsuite")
    assert suite is not None
    return {key: int(suite.get(key, "0")) for key in ("tests", "failures", "errors", "skipped")}


def test_wheel_installed_in_a_fresh_venv_runs_a_downstream_suite(
    built: dict[str, Path], tmp_path: Path
) -> None:
    wheel = built["wheel"]
    requires, _ = _metadata(_wheel_files(wheel))
    pins = _pins(requires, {"litellm"})
    assert any(p.startswith("litellm==") for p in pins), pins

    venv = tmp_path / "venv"
    python = venv / ("Scripts/python.exe" if sys.platform == "win32" else "bin/python")
    _uv("venv", "--offline", "--python", sys.executable, venv, cwd=tmp_path)
    if Path(sys.prefix).resolve() == (ROOT / ".venv").resolve():
        # `uv run` keeps the project's .venv exactly at uv.lock, so the lock holds the
        # running versions; uv's cache has the lock's wheels by URL but may lack the
        # index pages an install by `name==version` needs offline.
        _run(
            [sys.executable, "-m", "uv", "sync", "--frozen", "--offline", "--no-default-groups",
             "--extra", "litellm", "--no-install-project", "--python", python],
            cwd=ROOT, env={"UV_PROJECT_ENVIRONMENT": os.fspath(venv)},
        )  # fmt: skip
        pins = []
    _uv(
        "pip", "install", "--offline", "--no-deps", "--compile-bytecode", "--python", python,
        f"{PROJECT}[litellm] @ {wheel.as_uri()}", *pins, cwd=tmp_path,
    )  # fmt: skip
    # every requirement of every installed distribution (the wheel's too) is satisfied
    _uv("pip", "check", "--python", python, cwd=tmp_path)

    app = tmp_path / "app"
    app.mkdir()
    (app / "pytest.ini").write_text(DOWNSTREAM_INI)
    (app / "conftest.py").write_text(DOWNSTREAM_CONFTEST)
    (app / "test_events.py").write_text(DOWNSTREAM_EVENTS)
    (app / "test_app.py").write_text(DOWNSTREAM_TESTS)

    # first run writes the events snapshot
    _run([python, "-m", "pytest", "-q", "test_events.py", "--snapshot-update"], cwd=app)
    # EventsSnapshotExtension keeps them in <rootdir>/snapshots/
    snapshots = sorted((app / "snapshots").rglob("*.ambr"))
    assert [p.name for p in snapshots] == ["test_events.ambr"], snapshots
    written = snapshots[0].read_bytes()
    assert b"on_chat_model_stream" in written

    # the whole suite, with the pytest-socket guard on; the snapshot must match as written
    report = tmp_path / "junit.xml"
    proc = _run(
        [python, "-m", "pytest", "-v", "-rA", "--disable-socket", "--allow-unix-socket",
         f"--junitxml={report}"],
        cwd=app,
    )  # fmt: skip
    counts = _junit_counts(report)
    assert counts == {"tests": DOWNSTREAM_COUNT + 1, "failures": 0, "errors": 0, "skipped": 0}, (
        _describe(proc, f"unexpected outcomes {counts}", app)
    )
    assert "1 snapshot passed" in proc.stdout, _describe(proc, "the snapshot did not pass", app)
    assert snapshots[0].read_bytes() == written
