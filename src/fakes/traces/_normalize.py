"""Make ``astream_events`` output stable across runs and versions.

Events from LangChain carry values that change on every run (uuid7 run ids,
message ids such as ``lc_run--<uuid>``, uuid4 message ids from LangGraph) and
values that change with the installed packages (``lc_versions``).
:func:`normalize` renames the first kind by order of first appearance and
removes the second, and renders pydantic objects (messages, chunks, prompt
values, documents, ``GenerationChunk``) as plain data. Everything else is kept,
in order.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import re
import uuid
from collections.abc import AsyncIterable, Awaitable, Iterable, Mapping
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel

from fakes.traces._run_order import run_order

__all__ = ["CLASS_KEY", "RAISED_EVENT", "collect", "normalize"]

CLASS_KEY = "_class"
"""Key naming the class of a rendered object: ``{"_class": "AIMessageChunk", ...}``."""

RAISED_EVENT = "raised"
"""Name of the event :func:`collect` appends when the stream raised (``errors="record"``)."""

_UUID = r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
# A message id derived from a run id: langchain-core >= 0.3.x writes
# ``lc_run--<run id>``, older releases ``run-<run id>``. Both render as the run.
_RUN_MESSAGE_ID = re.compile(rf"(?:lc_run--|(?<![\w-])run-)({_UUID})")
_ANY_UUID = re.compile(_UUID)
# Provider tool call ids are random base62 strings behind a short prefix
# (OpenAI ``call_...``, Anthropic ``toolu_...``, Responses API ``fc_...``).
_RANDOM_TOOL_CALL_ID = re.compile(
    r"(?:call|toolu|tooluse|fc)_"
    r"(?=[A-Za-z0-9]*\d)(?=[A-Za-z0-9]*[A-Za-z])"  # random: both digits and letters
    r"[A-Za-z0-9]{16,}"
)
_TOOL_CALL_ID_KEYS = frozenset({"id", "tool_call_id"})
_VERSION_VALUE = re.compile(r"v?\d+\.\d+(?:\.\d+)*(?:[.+-]?[A-Za-z0-9]+)*")

# The keys an event is laid out with, in this order; other keys follow in
# their original order. Parent ids are numbered before the run id, so the
# numbering follows the tree even when a parent's own events were filtered out.
_EVENT_KEYS = ("event", "name", "run_id", "parent_ids", "tags", "metadata", "data")
_NUMBERING_KEYS = ("parent_ids", "run_id")


# Entries whose presence depends only on the installed release, not on the
# run: langchain-core 1.x added ``ls_integration`` (LangSmith's integration tag)
# to every run's metadata after 1.0, so a snapshot with it fails on 1.0.
_RELEASE_STAMPS = frozenset({"lc_versions", "ls_integration"})


def _is_version_stamp(key: Any, value: Any) -> bool:
    """Whether a mapping entry records the installed release rather than the run."""
    if not isinstance(key, str):
        return False
    if key in _RELEASE_STAMPS:
        return True
    if not (key.endswith("_version") or key.endswith("_versions")):
        return False
    if isinstance(value, str):
        return _VERSION_VALUE.fullmatch(value) is not None
    if isinstance(value, Mapping):
        return all(isinstance(v, str) and _VERSION_VALUE.fullmatch(v) for v in value.values())
    return False


_MISSING = object()


def _field_default(info: Any) -> Any:
    """Return a pydantic field's default, or ``_MISSING`` if it needs data to compute."""
    if info.is_required():
        return _MISSING
    try:
        return info.get_default(call_default_factory=True, validated_data={})
    except TypeError:  # pydantic < 2.10 has no validated_data argument
        try:
            return info.get_default(call_default_factory=True)
        except Exception:
            return _MISSING
    except Exception:
        return _MISSING


@lru_cache(maxsize=256)
def _field_defaults(cls: type[BaseModel]) -> tuple[tuple[str, Any], ...]:
    """Each rendered field of ``cls``: its name and its default (``_MISSING`` if none).

    Once per class, not per event: pydantic inspects a default factory's signature
    each time it computes a default, about 0.1 ms per field, which made normalize
    take a millisecond per event. The defaults are only compared with, never returned.
    """
    return tuple(
        (name, _field_default(info))
        for name, info in cls.model_fields.items()
        if info.exclude is not True
    )


# Values rendered as themselves. Checked by exact type first: one set lookup
# instead of a chain of isinstance calls (Mapping's is an ABC check) per value.
_ATOMS = frozenset({str, int, float, bool, type(None), bytes})


def _render_model(obj: BaseModel) -> dict[str, Any]:
    # Fields equal to their default carry no information, and which fields a
    # class has grows with langchain-core releases; leaving them out keeps one
    # snapshot valid across versions.
    rendered: dict[str, Any] = {CLASS_KEY: type(obj).__name__}
    for name, default in _field_defaults(type(obj)):
        # Some libraries (litellm) delete unset fields from their instances.
        value = getattr(obj, name, _MISSING)
        if value is _MISSING:
            continue
        # No value has the type of _MISSING, the default of a field without one.
        if type(value) is type(default) and (value is None or _equal(value, default)):
            continue
        rendered[name] = value if type(value) in _ATOMS else _render(value)
    for name, value in (obj.__pydantic_extra__ or {}).items():
        rendered[name] = _render(value)
    return rendered


def _equal(value: Any, default: Any) -> bool:
    try:
        return bool(value == default)
    except Exception:
        return False


def _render(value: Any) -> Any:
    """Render one value as plain data: dicts, lists, str, numbers, bool, None.

    Every dict and list in the result is a new object, never shared with the
    input or with another part of the result, so :class:`_Renamer` may rename
    in place.
    """
    cls = type(value)
    if cls in _ATOMS:
        return value
    if cls is dict:
        return _render_mapping(value)
    if cls is list or cls is tuple:
        return [item if type(item) in _ATOMS else _render(item) for item in value]
    return _render_other(value)


def _render_mapping(value: Mapping[Any, Any]) -> dict[Any, Any]:
    # lc_versions is langchain-core's own stamp wherever it appears; the looser
    # version-stamp rules apply to run metadata only (see _render_event), so a
    # user's "api_version" in the data is kept.
    return {
        key: item if type(item) in _ATOMS else _render(item)
        for key, item in value.items()
        if key != "lc_versions"
    }


def _render_other(value: Any) -> Any:
    """:func:`_render` for subclasses and every type without a fast path."""
    if value is None or isinstance(value, (str, bool, int, float, bytes)):
        return value
    if isinstance(value, BaseModel):
        return _render_model(value)
    if isinstance(value, Mapping):
        return _render_mapping(value)
    if isinstance(value, (list, tuple)):
        return [_render(item) for item in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_render(item) for item in value), key=repr)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, enum.Enum):
        return _render(value.value)
    if isinstance(value, BaseException):
        return {CLASS_KEY: type(value).__name__, "message": str(value)}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        rendered: dict[str, Any] = {CLASS_KEY: type(value).__name__}
        for item in dataclasses.fields(value):
            rendered[item.name] = _render(getattr(value, item.name))
        return rendered
    isoformat = getattr(value, "isoformat", None)
    if callable(isoformat):  # datetime, date, time
        return isoformat()
    # Anything else is kept as is: normalize never drops what it cannot render.
    return value


class _Renamer:
    """Assigns stable names to run ids, other uuids and random tool call ids.

    Two passes over the rendered events. :meth:`note` visits each event's
    strings in numbering order (parents, run, then the rest in layout order),
    remembers where the ones that may need renaming are, and learns which uuids
    name runs: a uuid's name depends on events further on. :meth:`rename` then
    renames those places in the order noted, which numbers each id at its first
    appearance, in place.
    """

    def __init__(self) -> None:
        self._run_uuids: set[str] = set()
        # Strings already looked at for run uuids: each event repeats its run id,
        # its parents' and its message id, and a uuid regex costs microseconds.
        self._scanned: set[str] = set()
        self._numbered: set[str] = set()
        # Where each string to rename is: a dict and its key, or a list and an
        # index (two lists, not a list of pairs: no object per place).
        self._containers: list[Any] = []
        self._keys: list[Any] = []
        self._runs: dict[str, str] = {}
        self._others: dict[str, str] = {}
        self._tool_calls: dict[str, str] = {}
        # What each str became, as text and as an id value. A string's uuids are
        # named the first time it is renamed, so renaming it again gives the same
        # result; events repeat their run ids and message ids, and the memo saves
        # two regex substitutions per repeat. One per normalize call: bounded by
        # its input and never shared.
        self._texts: dict[str, str] = {}
        self._ids: dict[str, str] = {}

    # -- before sorting ------------------------------------------------------

    def number_runs(self, events: Iterable[dict[str, Any]]) -> None:
        """Name the run ids in tree order (:func:`run_order`), ahead of the passes.

        For ``by_run``: the runs are named first, then the events are sorted by
        run and only then noted and renamed, so every other id is numbered in the
        sorted order, which the interleaving of concurrent runs does not change.
        """
        for run_id in run_order(events):
            if _ANY_UUID.fullmatch(run_id):
                self._uuid_as_run(run_id.lower())

    def run_number(self, event: Mapping[str, Any]) -> float:
        """Sort key of ``event`` by its run's name (as renamed, or already ``run-<n>``)."""
        run_id = event.get("run_id")
        if isinstance(run_id, str) and _ANY_UUID.fullmatch(run_id):
            run_id = self._runs.get(run_id.lower(), run_id)
        return _run_number(run_id)

    # -- pass 1 --------------------------------------------------------------

    def note(self, event: dict[str, Any]) -> None:
        """Note the places in ``event`` to rename and the run uuids it names."""
        numbering = [(key, event[key]) for key in _NUMBERING_KEYS if key in event]
        for _, ids in numbering:
            for run_id in ids if isinstance(ids, list) else [ids]:
                if isinstance(run_id, str) and run_id not in self._numbered:
                    self._numbered.add(run_id)
                    if _ANY_UUID.fullmatch(run_id):
                        self._run_uuids.add(run_id.lower())
        self._note_pairs(event, numbering)
        self._note_pairs(event, [item for item in event.items() if item[0] not in _NUMBERING_KEYS])

    def _note_pairs(self, container: Any, pairs: Iterable[tuple[Any, Any]]) -> None:
        """Note the strings among ``pairs``, the keys (or indexes) and values of ``container``."""
        for key, value in pairs:
            cls = type(value)
            if cls is str:
                # Every uuid has dashes: a string without one needs renaming only
                # as a tool call id.
                if "-" in value or key in _TOOL_CALL_ID_KEYS:
                    self._note_string(container, key, value)
            elif cls is dict:
                self._note_pairs(value, value.items())
            elif cls is list:
                # A list item's index never names a tool call id: list items are
                # renamed as text, whatever the list's key.
                self._note_pairs(value, enumerate(value))
            elif isinstance(value, str):  # a subclass: renaming makes it a plain str
                self._note_string(container, key, value)

    def _note_string(self, container: Any, key: Any, value: str) -> None:
        self._containers.append(container)
        self._keys.append(key)
        if "run-" in value and value not in self._scanned:  # in both message id spellings
            self._scanned.add(value)
            self._run_uuids.update(m.group(1).lower() for m in _RUN_MESSAGE_ID.finditer(value))

    # -- pass 2 --------------------------------------------------------------

    def rename(self) -> None:
        """Rename every noted place, in the order noted."""
        for container, key in zip(self._containers, self._keys, strict=True):
            container[key] = self._string(container[key], key)

    def _string(self, value: str, key: Any) -> str:
        if type(value) is not str:  # no memo: the result is a plain str
            return self._rename_string(value, key)
        memo = self._ids if key in _TOOL_CALL_ID_KEYS else self._texts
        renamed = memo.get(value)
        if renamed is None:
            renamed = memo[value] = self._rename_string(value, key)
        return renamed

    def _rename_string(self, value: str, key: Any) -> str:
        if key in _TOOL_CALL_ID_KEYS and _RANDOM_TOOL_CALL_ID.fullmatch(value):
            return self._tool_calls.setdefault(value, f"call-{len(self._tool_calls) + 1}")
        value = _RUN_MESSAGE_ID.sub(lambda m: self._uuid(m.group(1)), value)
        return _ANY_UUID.sub(lambda m: self._uuid(m.group(0)), value)

    def _uuid(self, value: str) -> str:
        key = value.lower()
        if key in self._run_uuids:
            return self._uuid_as_run(key)
        return self._others.setdefault(key, f"id-{len(self._others) + 1}")

    def _uuid_as_run(self, key: str) -> str:
        self._run_uuids.add(key)
        return self._runs.setdefault(key, f"run-{len(self._runs) + 1}")


def _render_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """Render an event with its keys in layout order; ``metadata`` loses the release stamps."""
    ordered = {key: event[key] for key in _EVENT_KEYS if key in event}
    if type(event) is not dict or len(ordered) < len(event):  # keys beyond the layout
        ordered.update((key, value) for key, value in event.items() if key not in ordered)
    rendered = _render_mapping(ordered)
    metadata = rendered.get("metadata")
    if isinstance(metadata, dict):
        for key in [key for key, item in metadata.items() if _is_version_stamp(key, item)]:
            del metadata[key]
    return rendered


def normalize(events: Iterable[Mapping[str, Any]], *, by_run: bool = False) -> list[dict[str, Any]]:
    """Return ``astream_events`` output in a stable, readable form.

    Accepts the events of ``astream_events`` versions v1 and v2 (``StreamEvent``
    dicts) and the protocol events of v3 (``await model.astream_events(...,
    version="v3")`` on a chat model, dicts with an ``"event"`` key). Pure: the
    input is not modified.

    - Run ids and parent ids become ``run-1``, ``run-2``, ... in order of first
      appearance (parents first), so the tree stays visible. A message id
      derived from a run (``lc_run--<uuid>``, ``run-<uuid>``) becomes that
      run's name, so a chunk's ``id`` reads ``run-2`` next to ``run_id: run-2``.
    - Any other uuid, alone or inside a string (LangGraph's uuid4 message ids,
      ``chatcmpl-<uuid>``), becomes ``id-1``, ``id-2``, ...
    - Random provider tool call ids (``call_<base62>``, ``toolu_...``) become
      ``call-1``, ``call-2``, ...; deterministic ones (``call_1_0``) are kept.
    - Release stamps are removed: ``lc_versions`` wherever it appears, and in
      each event's ``metadata`` also ``*_version(s)`` entries holding version
      numbers and ``ls_integration`` (present or not depending on the
      langchain-core release). The same keys in ``data`` are kept.
    - Pydantic objects become dicts whose first key :data:`CLASS_KEY` names
      the class, followed by the fields that differ from their defaults;
      exceptions become ``{"_class": name, "message": str(exc)}``; tuples
      become lists.

    Each event's keys come in the order event, name, run_id, parent_ids, tags,
    metadata, data, then any others. Nothing else is removed or reordered.
    Normalizing twice gives the same result as normalizing once.

    ``by_run=True`` also sorts the events stably by run number, keeping each
    run's own events in order (events without a run id, such as the ``raised``
    event of :func:`collect`, go last). Use it for concurrent runs:
    langchain-core's ``RunnableParallel`` interleaves its branches' stream
    events, and LangGraph's parallel tool calls their tools' starts and ends,
    in an order that changes from run to run. Runs are then named in tree
    order instead of first appearance: each run before its descendants,
    siblings in the order they started (for runs one after another the two
    orders agree). Every other id (``id-<n>``, ``call-<n>``, such as LangGraph's
    uuid4 ToolMessage ids) is numbered after the sort. So the result depends on
    each run's own events and on the order sibling runs started in, not on how
    their events interleaved. A run's own events keep their order: LangGraph's
    graph streams each node's output as the node finishes, so for parallel tool
    calls leave the graph's own events out (``exclude_names=["LangGraph"]``).
    """
    rendered: list[dict[str, Any]] = []
    for position, event in enumerate(events):
        if not isinstance(event, Mapping):
            raise TypeError(
                f"event #{position + 1} is a {type(event).__name__}, not a mapping; "
                "normalize() takes the events of astream_events (dicts)"
            )
        rendered.append(_render_event(event))
    renamer = _Renamer()
    if by_run:
        # Sort before the passes, so the ids numbered there (LangGraph's uuid4 message
        # ids, random tool call ids) count in run order, not in the interleaved order.
        renamer.number_runs(rendered)
        rendered.sort(key=renamer.run_number)
    for event in rendered:
        renamer.note(event)
    renamer.rename()
    return rendered


def _run_number(run_id: Any) -> float:
    if isinstance(run_id, str) and run_id.startswith("run-") and run_id[4:].isdigit():
        return int(run_id[4:])
    return float("inf")


async def collect(
    events: AsyncIterable[Any] | Awaitable[AsyncIterable[Any]],
    *,
    errors: Literal["raise", "record"] = "raise",
) -> list[Any]:
    """Gather an async event stream into a list.

    Takes what ``astream_events`` returns for any version: the async iterator
    of v1/v2, or the awaitable of v3 (awaited first)::

        events = await collect(chain.astream_events({"input": "hi"}, version="v2"))

    With ``errors="record"`` an exception raised by the stream ends the list
    with one extra event ``{"event": "raised", "data": {"error": exc}}`` instead
    of propagating, so a failure mid-stream can be snapshotted with the events
    before it. ``KeyboardInterrupt`` and other non-``Exception`` errors always
    propagate.
    """
    if errors not in ("raise", "record"):
        raise ValueError(f'errors must be "raise" or "record", got {errors!r}')
    if inspect.isawaitable(events):
        events = await events
    if not isinstance(events, AsyncIterable):
        raise TypeError(
            f"collect() takes an async iterable of events, got {type(events).__name__}; "
            "pass the result of astream_events(...) without iterating it first"
        )
    collected: list[Any] = []
    try:
        async for event in events:
            collected.append(event)
    except Exception as exc:
        if errors == "raise":
            raise
        collected.append({"event": RAISED_EVENT, "data": {"error": exc}})
    return collected
