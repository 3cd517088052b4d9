"""A syrupy extension that stores normalized event traces in ``snapshots/``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from syrupy.extensions.amber import AmberDataSerializer, AmberSnapshotExtension

from fakes.traces._normalize import CLASS_KEY, normalize

if TYPE_CHECKING:
    from syrupy.location import PyTestLocation
    from syrupy.types import PropertyFilter, PropertyMatcher, PropertyPath, SerializableData

__all__ = ["EventsSerializer", "EventsSnapshotExtension", "render_events", "snapshots_dir"]

_INDENT = "  "
_INLINE_LIST_WIDTH = 72
_PLAIN_KEY = re.compile(r"[A-Za-z_][\w.:-]*")
# Default reprs of arbitrary objects carry their memory address.
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _scalar(value: Any) -> bool:
    return value is None or isinstance(value, (str, bytes, bool, int, float))


def _inline(value: Any) -> str | None:
    """Return the one-line form of a value, or None when it needs a block."""
    if _scalar(value):
        return _ADDRESS.sub(" at 0x...", repr(value))
    if isinstance(value, Mapping):
        if not value:
            return "{}"
        if set(value) == {CLASS_KEY}:
            return f"{value[CLASS_KEY]}()"
        return None
    if isinstance(value, list):
        if not value:
            return "[]"
        if all(_scalar(item) for item in value):
            text = "[" + ", ".join(repr(item) for item in value) + "]"
            if len(text) <= _INLINE_LIST_WIDTH:
                return text
        return None
    return _ADDRESS.sub(" at 0x...", repr(value))


def _key(key: Any) -> str:
    if isinstance(key, str) and _PLAIN_KEY.fullmatch(key):
        return key
    return repr(key)


def _block(value: Any, depth: int) -> list[str]:
    """Lines of a value that did not fit on one line, indented by ``depth``."""
    pad = _INDENT * depth
    lines: list[str] = []
    if isinstance(value, Mapping):
        # Plain dicts are sorted so key order changes between releases do not
        # show up as diffs; a rendered object keeps its field order.
        items = [(k, v) for k, v in value.items() if k != CLASS_KEY]
        if CLASS_KEY not in value:
            items.sort(key=lambda item: str(item[0]))
        for key, item in items:
            lines.extend(_entry(f"{pad}{_key(key)}:", item, depth))
    else:
        for item in value:
            lines.extend(_entry(f"{pad}-", item, depth))
    return lines


def _entry(prefix: str, value: Any, depth: int) -> list[str]:
    inline = _inline(value)
    if inline is not None:
        return [f"{prefix} {inline}"]
    if isinstance(value, Mapping) and CLASS_KEY in value:
        return [f"{prefix} {value[CLASS_KEY]}", *_block(value, depth + 1)]
    return [prefix, *_block(value, depth + 1)]


def render_events(events: Sequence[Mapping[str, Any]]) -> str:
    """Render normalized events for review: one block per event.

    Each block starts with a header line ``[index] event name`` followed by the
    event's other keys, one per line, nested values indented below their key.
    Strings are quoted (``'3'`` is text, ``3`` a number); an object rendered by
    :func:`~fakes.traces.normalize` shows its class name.
    """
    lines = [f"{len(events)} events"]
    for index, event in enumerate(events):
        header = f"[{index}] {event.get('event')}"
        if "name" in event:
            header += f" {event['name']}"
        lines.append(header)
        rest = {k: v for k, v in event.items() if k not in ("event", "name")}
        for key, value in rest.items():
            lines.extend(_entry(f"{_INDENT}{_key(key)}:", value, 1))
    return "\n".join(lines)


def _is_event_list(data: Any) -> bool:
    return isinstance(data, (list, tuple)) and all(
        isinstance(item, Mapping) and "event" in item for item in data
    )


def _apply_filters(
    value: Any,
    path: PropertyPath,
    exclude: PropertyFilter | None,
    include: PropertyFilter | None,
    matcher: PropertyMatcher | None,
) -> Any:
    """Apply syrupy's property filters and matcher the way the Amber serializer does."""
    if matcher is not None:
        value = matcher(data=value, path=path)

    def keep(key: Any) -> bool:
        return (exclude is None or not exclude(prop=key, path=path)) and (
            include is None or bool(include(prop=key, path=path))
        )

    if isinstance(value, Mapping):
        return {
            key: _apply_filters(item, (*path, (key, type(item))), exclude, include, matcher)
            for key, item in value.items()
            if keep(key)
        }
    if isinstance(value, list):
        return [
            _apply_filters(item, (*path, (index, type(item))), exclude, include, matcher)
            for index, item in enumerate(value)
            if keep(index)
        ]
    return value


class EventsSerializer(AmberDataSerializer):
    """Amber serializer that writes lists of events with :func:`render_events`.

    A list (or tuple) of event dicts, raw from ``astream_events`` or already
    normalized, is normalized and rendered one event per block. syrupy's
    ``exclude``, ``include`` and ``matcher`` (``snapshot(matcher=path_type(...))``)
    apply to the normalized events. Any other data is written in the plain
    Amber format.
    """

    @classmethod
    def serialize(
        cls,
        data: SerializableData,
        *,
        exclude: PropertyFilter | None = None,
        include: PropertyFilter | None = None,
        matcher: PropertyMatcher | None = None,
    ) -> str:
        """Serialize ``data``; see the class docstring."""
        if not _is_event_list(data):
            return str(super().serialize(data, exclude=exclude, include=include, matcher=matcher))
        events = _apply_filters(normalize(data), (), exclude, include, matcher)
        return render_events(events).replace("\r\n", "\n").replace("\r", "\n")


def snapshots_dir(test_file: Path, rootdir: Path) -> Path:
    """Return the directory that holds the snapshots of ``test_file``.

    ``<rootdir>/snapshots/``, mirroring the test file's folder below
    ``<rootdir>/tests`` (or below ``<rootdir>`` for tests elsewhere), so that
    test modules of the same name in different folders do not share a file.
    A test file outside ``rootdir`` keeps a ``snapshots/`` folder beside it.
    """
    test_dir = test_file.parent
    try:
        relative = test_dir.resolve().relative_to(rootdir.resolve())
    except ValueError:
        return test_dir / "snapshots"
    parts = relative.parts
    if parts[:1] == ("tests",):
        parts = parts[1:]
    return rootdir.joinpath("snapshots", *parts)


class EventsSnapshotExtension(AmberSnapshotExtension):
    """Syrupy extension for ``astream_events`` traces.

    Use it with syrupy's ``snapshot`` fixture (the ``events_snapshot`` fixture
    of the pytest plugin does exactly this)::

        async def test_chain(snapshot):
            events = await collect(chain.astream_events({"input": "hi"}, version="v2"))
            assert events == snapshot.use_extension(EventsSnapshotExtension)

    Raw events are normalized (:func:`~fakes.traces.normalize`) before they are
    compared or written, so the snapshot holds no run ids, uuids or versions.
    Snapshots go to the top-level ``snapshots/`` directory of the pytest
    rootdir, one ``.ambr`` file per test module.
    """

    serializer_class = EventsSerializer

    @classmethod
    def dirname(cls, *, test_location: PyTestLocation) -> str:
        """``<rootdir>/snapshots/`` (see :func:`snapshots_dir`)."""
        rootdir = Path(test_location.item.config.rootpath)
        return str(snapshots_dir(Path(test_location.filepath), rootdir))
