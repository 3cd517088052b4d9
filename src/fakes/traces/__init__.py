"""Snapshot-stable ``astream_events`` traces.

:func:`normalize` turns the events of ``astream_events`` (v1, v2, and the v3
protocol events of chat models) into plain data with run ids, message ids and
version stamps made stable; :func:`collect` gathers an event stream into a
list; :class:`EventsSnapshotExtension` is the syrupy extension that stores
them, one event per block, in the top-level ``snapshots/`` directory.

Importing this module imports syrupy and pydantic, not langchain.
"""

from __future__ import annotations

from fakes.traces._normalize import CLASS_KEY, RAISED_EVENT, collect, normalize
from fakes.traces._snapshot import (
    EventsSerializer,
    EventsSnapshotExtension,
    render_events,
    snapshots_dir,
)

__all__ = [
    "CLASS_KEY",
    "RAISED_EVENT",
    "EventsSerializer",
    "EventsSnapshotExtension",
    "collect",
    "normalize",
    "render_events",
    "snapshots_dir",
]
