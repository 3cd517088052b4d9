"""The route table: every model name of the ``fakes`` provider and what it does.

The LiteLLM handler, its zero prices, the proxy's model list, ``fakes routes`` and
the docs' route table all derive from :data:`ROUTES`, so a new route is one
:class:`RouteEntry` here. Importing this module imports neither litellm nor
langchain::

    >>> from fakes.routes import resolve
    >>> resolve("fakes/embed-64", "fakes").dimensions
    64
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal, NoReturn

from fakes.core import (
    ContentFilter,
    Echo,
    InvalidInputError,
    Policy,
    Request,
    RouteKindError,
    ToolPlanner,
    UnixTime,
    UnknownRouteError,
)

__all__ = [
    "KNOWN_MODELS",
    "ROUTES",
    "Kind",
    "Route",
    "RouteEntry",
    "Unscripted",
    "fixed_routes",
    "markdown_table",
    "resolve",
]

Kind = Literal["chat", "embedding", "image", "fail"]
"""What a route serves; ``"fail"`` routes serve every kind of call by failing."""

_PURPOSE: dict[Kind, str] = {
    "chat": "chat completions",
    "embedding": "embeddings",
    "image": "image generation and edits",
}
# LiteLLM's cost-map mode of each kind (the "mode" of a litellm.model_cost entry).
_COST_MODES: dict[Kind, str] = {
    "chat": "chat",
    "embedding": "embedding",
    "image": "image_generation",
}
_PLACEHOLDER = re.compile(r"<(\w+)>")


@dataclass(frozen=True)
class RouteEntry:
    """One row of the route table: a fixed model name, or a pattern with a number."""

    name: str
    """The name without provider prefix: ``"parrot"``, or a pattern like ``"embed-<n>"``."""
    kind: Kind
    """What the route serves."""
    description: str
    """One line (Markdown) saying what the route answers."""
    policy: Policy | None = None
    """For chat routes: the reply policy of the core that answers."""
    numbers: tuple[int, int] | None = None
    """For a pattern: the lowest and highest number its ``<placeholder>`` takes."""

    def __post_init__(self) -> None:
        if (self.kind == "chat") != (self.policy is not None):
            raise ValueError(f"route {self.name}: chat routes, and only they, need a policy")
        if len(_PLACEHOLDER.findall(self.name)) != (0 if self.numbers is None else 1):
            raise ValueError(f"route {self.name}: one <placeholder> needs numbers, and only it")

    @property
    def cost_mode(self) -> str | None:
        """LiteLLM's cost-map mode for a fixed name; None for patterns and fail routes."""
        return None if self.numbers is not None else _COST_MODES.get(self.kind)

    @property
    def placeholder(self) -> str | None:
        """The placeholder of a pattern (``"n"`` of ``"embed-<n>"``); None for a fixed name."""
        match = _PLACEHOLDER.search(self.name)
        return None if match is None else match.group(1)

    def model_name(self, number: int) -> str:
        """Return this pattern's name with ``number`` filled in: ``fail-<status>``, ``fail-429``."""
        if self.numbers is None or not self.numbers[0] <= number <= self.numbers[1]:
            raise ValueError(f"route {self.name} takes no number {number!r}")
        return _PLACEHOLDER.sub(str(number), self.name)

    def number(self, name: str) -> int | None:
        """Return the number ``name`` gives this pattern's placeholder (None: no match)."""
        if self.numbers is None:
            return None
        low, high = self.numbers
        before, _, after = _PLACEHOLDER.split(self.name)
        # At most as many digits as the highest number: "fail-0429" is no fail route.
        digits = rf"(\d{{1,{len(str(high))}}})"
        match = re.fullmatch(re.escape(before) + digits + re.escape(after), name)
        if match is None or not low <= int(match.group(1)) <= high:
            return None
        return int(match.group(1))


class Unscripted:
    """The policy of ``fakes/script`` until a handler's ``script(replies)`` gives it replies."""

    def reply(self, request: Request) -> NoReturn:
        """Refuse, saying how to script the replies."""
        raise InvalidInputError(
            "no replies are scripted: call script([...]) on the handler first "
            "(with the fake_litellm fixture: fake_litellm.script([...]))"
        )


ROUTES: tuple[RouteEntry, ...] = (
    RouteEntry(
        "parrot",
        "chat",
        "echoes the last message (the same core as `ParrotChat`)",
        policy=Echo(),
    ),
    RouteEntry(
        "unixtime",
        "chat",
        "answers `str(int(time.time()))`; freeze it with freezegun",
        policy=UnixTime(),
    ),
    RouteEntry(
        "tools",
        "chat",
        "the tool-calling rules (the same core as `ToolCallingChat`), as OpenAI tool calls",
        policy=ToolPlanner(),
    ),
    RouteEntry(
        "script",
        "chat",
        "answers from `FakesHandler.script(replies)` in order: strings, assistant message dicts,"
        " exceptions or callables of the call",
        policy=Unscripted(),
    ),
    RouteEntry(
        "content-filter",
        "chat",
        'refuses every request as a content filter does: no text, `finish_reason="content_filter"`',
        policy=ContentFilter(),
    ),
    RouteEntry(
        "embed",
        "embedding",
        "deterministic unit vectors (from the SHA-256 of the text), `embedding_dimensions` long"
        " (default 16)",
    ),
    RouteEntry("embed-<n>", "embedding", "the same, `n` long (1-4096)", numbers=(1, 4096)),
    RouteEntry(
        "image",
        "image",
        "a deterministic solid-colour PNG per prompt, 256x256 unless `size=` says otherwise,"
        " as a `data:` URL; `image_edit` derives it from the input image's bytes and the"
        " prompt, at the input PNG's size",
    ),
    RouteEntry(
        "fail-<status>",
        "fail",
        "always raises what LiteLLM maps `<status>` (400-599) to",
        numbers=(400, 599),
    ),
)
"""Every route, in the order the docs, error messages and ``fakes routes`` list them."""

KNOWN_MODELS: tuple[str, ...] = tuple(entry.name for entry in ROUTES)
"""Route names and patterns without the provider prefix, e.g. ``"embed-<n>"``."""

_BY_NAME: dict[str, RouteEntry] = {e.name: e for e in ROUTES if e.numbers is None}
_PATTERNS: tuple[RouteEntry, ...] = tuple(e for e in ROUTES if e.numbers is not None)


def fixed_routes() -> tuple[RouteEntry, ...]:
    """Return the routes with a fixed name (no ``<placeholder>``), in table order."""
    return tuple(_BY_NAME.values())


@dataclass(frozen=True)
class Route:
    """One resolved model name: the table row it matched and the number it carries."""

    name: str
    """The model name without provider prefix, e.g. ``"parrot"`` or ``"fail-429"``."""
    entry: RouteEntry
    """The row of :data:`ROUTES` that serves it."""
    number: int | None = None
    """For a pattern (``embed-<n>``, ``fail-<status>``): the number in the name."""

    @property
    def kind(self) -> Kind:
        """What the route serves (the entry's kind)."""
        return self.entry.kind

    @property
    def policy(self) -> Policy | None:
        """The reply policy of a chat route; None for the other kinds."""
        return self.entry.policy

    @property
    def status(self) -> int | None:
        """For ``fail-<status>`` routes: the HTTP status raised."""
        return self.number if self.entry.kind == "fail" else None

    @property
    def dimensions(self) -> int | None:
        """For ``embed-<n>`` routes: the vector length."""
        return self.number if self.entry.kind == "embedding" else None

    def check_kind(self, wanted: Kind, provider: str) -> None:
        """Raise :class:`~fakes.core.RouteKindError` unless this route serves ``wanted`` calls."""
        if self.kind in ("fail", wanted):
            return
        model = f"{provider}/{self.name}"
        alternatives = " or ".join(f"{provider}/{e.name}" for e in ROUTES if e.kind == wanted)
        raise RouteKindError(
            model, f"{model} does not do {_PURPOSE.get(wanted, wanted)}; use {alternatives}"
        )


def _known_models(provider: str) -> str:
    names = []
    for entry in ROUTES:
        name = f"{provider}/{entry.name}"
        if entry.numbers is not None:
            placeholder = _PLACEHOLDER.search(entry.name)
            assert placeholder is not None  # checked by RouteEntry.__post_init__
            name += f" ({placeholder.group(1)} = {entry.numbers[0]}-{entry.numbers[1]})"
        names.append(name)
    return ", ".join(names)


# Every call resolves its model name, and a test suite uses a handful of names.
# Routes are frozen and depend only on the two strings, so sharing them is safe;
# unknown names raise, and lru_cache keeps no exceptions.
@lru_cache(maxsize=256)
def resolve(model: str, provider: str) -> Route:
    """Map a model name (with or without ``<provider>/``) to its route.

    An unknown name raises :class:`~fakes.core.UnknownRouteError` (status 404)
    naming it and listing the known models.
    """
    name = model.removeprefix(f"{provider}/")
    entry = _BY_NAME.get(name)
    if entry is not None:
        return Route(name=name, entry=entry)
    for entry in _PATTERNS:
        number = entry.number(name)
        if number is not None:
            return Route(name=name, entry=entry, number=number)
    raise UnknownRouteError(
        f"{provider}/{name}",
        f"unknown model {provider}/{name}; known models: {_known_models(provider)}",
    )


def markdown_table(provider: str = "fakes") -> str:
    """Render the route table as Markdown (``route | kind | does``), as docs/litellm.md has it."""
    rows = [(f"`{provider}/{e.name}`", e.kind, e.description) for e in ROUTES]
    header = ("route", "kind", "does")
    widths = [max(len(row[i]) for row in (header, *rows)) for i in range(3)]

    def line(cells: tuple[str, str, str]) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
    return "\n".join([line(header), rule, *map(line, rows)])
