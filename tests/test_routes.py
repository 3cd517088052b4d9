"""The route table, ``fakes.routes``: one list of model routes, free of litellm."""

from __future__ import annotations

import doctest
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import fakes.routes
from fakes.core import (
    ContentFilter,
    Echo,
    FakesError,
    RouteKindError,
    ToolPlanner,
    UnixTime,
    UnknownRouteError,
)
from fakes.routes import (
    KNOWN_MODELS,
    ROUTES,
    RouteEntry,
    Unscripted,
    fixed_routes,
    markdown_table,
    resolve,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "litellm.md"
START, END = "<!-- routes:start -->", "<!-- routes:end -->"


def test_importing_the_table_imports_neither_litellm_nor_langchain() -> None:
    code = (
        "import json, sys; import fakes.routes; "
        "print(json.dumps(sorted(m for m in sys.modules "
        "if m.split('.')[0] in ('litellm', 'langchain', 'langchain_core'))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)},
    )
    assert json.loads(result.stdout) == []


def test_the_module_docstring_example_runs() -> None:
    assert doctest.testmod(fakes.routes).failed == 0


def test_the_table_lists_each_route_once_in_order() -> None:
    assert KNOWN_MODELS == (
        "parrot",
        "unixtime",
        "tools",
        "script",
        "content-filter",
        "embed",
        "embed-<n>",
        "image",
        "fail-<status>",
    )
    assert [e.name for e in fixed_routes()] == [
        "parrot",
        "unixtime",
        "tools",
        "script",
        "content-filter",
        "embed",
        "image",
    ]
    assert all(entry.description and "\n" not in entry.description for entry in ROUTES)


def test_chat_routes_carry_their_policy_and_fixed_names_a_cost_mode() -> None:
    table = {entry.name: entry for entry in ROUTES}
    assert table["parrot"].policy == Echo()
    assert table["unixtime"].policy == UnixTime()
    assert table["tools"].policy == ToolPlanner()
    assert isinstance(table["script"].policy, Unscripted)  # FakesHandler.script replaces it
    assert table["content-filter"].policy == ContentFilter()
    assert {name: entry.cost_mode for name, entry in table.items()} == {
        "parrot": "chat",
        "unixtime": "chat",
        "tools": "chat",
        "script": "chat",
        "content-filter": "chat",
        "embed": "embedding",
        "embed-<n>": None,
        "image": "image_generation",
        "fail-<status>": None,
    }


@pytest.mark.parametrize(
    ("kwargs", "problem"),
    [
        ({"name": "talk", "kind": "chat", "description": "x"}, "need a policy"),
        ({"name": "vec", "kind": "embedding", "description": "x", "policy": Echo()}, "policy"),
        ({"name": "vec-<n>", "kind": "embedding", "description": "x"}, "needs numbers"),
        ({"name": "vec", "kind": "embedding", "description": "x", "numbers": (1, 2)}, "numbers"),
    ],
)
def test_a_malformed_entry_is_refused_at_import(kwargs: dict[str, object], problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        RouteEntry(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("model", "name", "kind", "dimensions", "status"),
    [
        ("fakes/parrot", "parrot", "chat", None, None),
        ("parrot", "parrot", "chat", None, None),
        ("fakes/tools", "tools", "chat", None, None),
        ("fakes/embed", "embed", "embedding", None, None),
        ("fakes/embed-1", "embed-1", "embedding", 1, None),
        ("fakes/embed-4096", "embed-4096", "embedding", 4096, None),
        ("fakes/embed-0016", "embed-0016", "embedding", 16, None),
        ("fakes/image", "image", "image", None, None),
        ("fakes/fail-400", "fail-400", "fail", None, 400),
        ("fakes/fail-599", "fail-599", "fail", None, 599),
    ],
)
def test_resolve_maps_names_and_patterns(
    model: str, name: str, kind: str, dimensions: int | None, status: int | None
) -> None:
    route = resolve(model, "fakes")
    assert (route.name, route.kind, route.dimensions, route.status) == (
        name,
        kind,
        dimensions,
        status,
    )
    assert route.entry in ROUTES
    assert route.policy is route.entry.policy


@pytest.mark.parametrize(
    "name",
    [
        *("nope", "parrot2", "Parrot", "embed-", "embed-0", "embed-4097"),
        *("fail-399", "fail-600", "fail-0429", "fail-abc", "fail-<status>"),
    ],
)
def test_unknown_names_are_a_404_naming_the_model_and_the_known_ones(name: str) -> None:
    with pytest.raises(UnknownRouteError) as info:
        resolve(f"acme/{name}", "acme")
    error = info.value
    assert isinstance(error, FakesError)
    assert error.status == 404
    assert error.model == f"acme/{name}"
    assert str(error) == (
        f"unknown model acme/{name}; known models: acme/parrot, acme/unixtime, acme/tools, "
        "acme/script, acme/content-filter, acme/embed, acme/embed-<n> (n = 1-4096), acme/image, "
        "acme/fail-<status> (status = 400-599)"
    )


def test_route_cache_keeps_names_and_providers_apart() -> None:
    assert resolve("fakes/embed-8", "fakes").dimensions == 8
    assert resolve("fakes/embed-9", "fakes").dimensions == 9
    assert resolve("fakes/fail-429", "fakes").status == 429
    assert resolve("fakes/fail-500", "fakes").status == 500
    assert resolve("acme/parrot", "acme") == resolve("parrot", "fakes")
    with pytest.raises(UnknownRouteError, match="unknown model fakes/acme/parrot"):
        resolve("acme/parrot", "fakes")


def test_unknown_models_raise_every_time() -> None:
    for _ in range(2):
        with pytest.raises(UnknownRouteError, match="unknown model fakes/nope"):
            resolve("fakes/nope", "fakes")


@pytest.mark.parametrize(
    ("model", "wanted", "message"),
    [
        (
            "parrot",
            "embedding",
            "fakes/parrot does not do embeddings; use fakes/embed or fakes/embed-<n>",
        ),
        (
            "embed",
            "chat",
            "fakes/embed does not do chat completions; use fakes/parrot or "
            "fakes/unixtime or fakes/tools or fakes/script or fakes/content-filter",
        ),
        (
            "embed-8",
            "image",
            "fakes/embed-8 does not do image generation and edits; use fakes/image",
        ),
    ],
)
def test_a_route_of_the_wrong_kind_is_a_400(model: str, wanted: str, message: str) -> None:
    with pytest.raises(RouteKindError) as info:
        resolve(model, "fakes").check_kind(wanted, "fakes")  # type: ignore[arg-type]
    assert (info.value.status, str(info.value), info.value.model) == (
        400,
        message,
        f"fakes/{model}",
    )


@pytest.mark.parametrize("wanted", ["chat", "embedding", "image"])
def test_fail_routes_serve_every_kind_by_failing(wanted: str) -> None:
    resolve("fail-429", "fakes").check_kind(wanted, "fakes")  # type: ignore[arg-type]


def test_a_pattern_fills_in_its_number() -> None:
    fail = ROUTES[-1]
    assert fail.model_name(429) == "fail-429"
    assert resolve(fail.model_name(503), "fakes").status == 503
    with pytest.raises(ValueError, match="fail-<status> takes no number 200"):
        fail.model_name(200)
    with pytest.raises(ValueError, match="parrot takes no number"):
        ROUTES[0].model_name(1)


def test_markdown_table_has_one_row_per_route() -> None:
    lines = markdown_table("acme").splitlines()
    assert [cell.strip() for cell in lines[0].split("|")[1:-1]] == ["route", "kind", "does"]
    assert set(lines[1]) == {"|", "-"}
    assert [line.split("|")[1].strip() for line in lines[2:]] == [
        f"`acme/{name}`" for name in KNOWN_MODELS
    ]
    assert len({len(line) for line in lines}) == 1  # aligned columns


def test_docs_route_table_is_the_generated_one() -> None:
    """docs/litellm.md shows :func:`markdown_table` between the routes markers.

    To update it, replace the lines between the markers with ``fakes routes``'s output.
    """
    assert DOCS.exists(), f"{DOCS} is missing"
    text = DOCS.read_text(encoding="utf-8")
    assert (text.count(START), text.count(END)) == (1, 1), f"{DOCS}: one {START} ... {END}"
    between = text.split(START, 1)[1].split(END, 1)[0]
    assert between.strip("\n") == markdown_table(), "regenerate it with `fakes routes`"


def test_cli_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    from fakes.cli import main

    assert main(["routes"]) == 0
    assert capsys.readouterr().out == markdown_table() + "\n"
    assert main(["routes", "--provider", "acme"]) == 0
    assert capsys.readouterr().out == markdown_table("acme") + "\n"


def test_the_proxy_lists_the_fixed_names_and_some_fail_routes() -> None:
    from fakes import server

    names = server.MODEL_NAMES
    fixed = tuple(entry.name for entry in fixed_routes())
    assert names == (*fixed, *(f"fail-{status}" for status in server.FAIL_STATUSES))
    assert all(resolve(name, "fakes").name == name for name in names)


def test_the_litellm_side_derives_from_the_table() -> None:
    from fakes.litellm import KNOWN_MODELS as LITELLM_KNOWN
    from fakes.litellm import FakesHandler
    from fakes.litellm._register import free_model_prices

    assert LITELLM_KNOWN == KNOWN_MODELS
    prices = free_model_prices("acme")
    assert {key: entry["mode"] for key, entry in prices.items()} == {
        f"acme/{entry.name}": entry.cost_mode for entry in fixed_routes()
    }
    handler = FakesHandler()
    for entry in ROUTES:
        if entry.kind == "chat":
            assert handler._policy(resolve(entry.name, "fakes")) is entry.policy
