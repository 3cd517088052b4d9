"""The order of a trace's runs in its tree, whatever order concurrent runs' events came in."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["run_order"]


def _ids(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def run_order(events: Iterable[Mapping[str, Any]]) -> list[str]:
    """Every run id of ``events`` (also those named only as parents), in tree order.

    Each run comes before its descendants, and siblings in the order they first
    appear. For runs that ran one after another this is their order of first
    appearance. For concurrent ones it is not thrown by the interleaving: two
    parallel tool calls' child runs may start in either order, but each follows
    its own parent, and the parents started in the order the calls were made.
    ``parent_ids`` lists the ancestors from the root down to the parent.
    """
    children: dict[str | None, list[str]] = {}
    known: set[str] = set()
    for event in events:
        above: str | None = None
        for run in (*_ids(event.get("parent_ids")), *_ids(event.get("run_id"))):
            if run not in known:
                known.add(run)
                children.setdefault(above, []).append(run)
            above = run
    order: list[str] = []
    pending = list(reversed(children.get(None, [])))
    while pending:  # depth first, without recursion: traces can nest deeply
        run = pending.pop()
        order.append(run)
        pending.extend(reversed(children.get(run, [])))
    return order
