"""Upstream's FakeToolCallingModel, rebuilt on ScriptedChat's public API.

langchain 1.5.2 (sdist), tests/unit_tests/agents/model.py defines ``FakeToolCallingModel``,
the test-only chat model of langchain v1's agent tests. :func:`fake_tool_calling_model` takes
its constructor arguments and returns a ``ScriptedChat`` with one callable reply and
``cycle=True`` that computes, for each call, the message upstream's ``_generate`` returns:

* the index is ``index + call.number - 1`` (upstream counts its ``_generate`` calls in
  ``index``, which starts at the ``index`` given, 0 by default);
* with ``response_format`` in the call options (a provider strategy) and no tool calls
  scripted for that index (``tool_calls[index]``, none past the end), the content is
  ``json.dumps`` of ``structured_response`` (a model's ``model_dump()``, a dataclass's
  ``asdict()``, or the dict itself);
* otherwise the content is the texts of the messages joined by ``"-"`` and the tool calls
  are ``tool_calls[index % len(tool_calls)]`` (none when nothing is scripted);
* the id is ``str(index)``.

What cannot be rebuilt through the public API, and is ScriptedChat's own:

* ``bind_tools``: upstream's raises ``ValueError`` for an empty list and ``TypeError`` for
  anything but a ``BaseTool`` or a dict, and binds a simplified schema
  (``{"type": "function", "function": {"name": ...}}``, or ``{"name": ...}`` with
  ``tool_style="anthropic"``); ScriptedChat's accepts any tool and binds the full OpenAI
  schema, whatever ``tool_style`` says (the argument is accepted and has no effect);
* streaming: upstream's model has no ``_stream`` (a stream is one chunk of the whole
  message), so the factory sets ``disable_streaming=True``: ScriptedChat then delivers a
  stream as upstream's does, one chunk of the whole message (with native streaming, the
  v3 raw event log of test_internal_whole_message_excluded_from_raw_event_log holds 6
  protocol events where upstream's holds one message);
* the attributes ``index``, ``tool_calls``, ``structured_response`` and ``tool_style``:
  ScriptedChat has none of them (its call log is ``model.calls``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, is_dataclass
from typing import Any, Literal

from langchain_core.messages import AIMessage
from pydantic import BaseModel

from fakes import Call
from fakes.langchain import ScriptedChat

__all__ = ["fake_tool_calling_model"]


def fake_tool_calling_model(
    tool_calls: list[list[Any]] | None = None,
    structured_response: Any | None = None,
    tool_style: Literal["openai", "anthropic"] = "openai",
    index: int = 0,
) -> ScriptedChat:
    """A ScriptedChat replying as ``FakeToolCallingModel(tool_calls=..., ...)`` does."""
    del tool_style  # only shapes upstream's bind_tools, which ScriptedChat does not mimic

    start = index

    def reply(call: Call) -> AIMessage:
        index = start + call.number - 1
        is_native = call.kwargs.get("response_format")
        if tool_calls:
            if is_native:
                calls = tool_calls[index] if index < len(tool_calls) else []
            else:
                calls = tool_calls[index % len(tool_calls)]
        else:
            calls = []
        if is_native and not calls:
            if isinstance(structured_response, BaseModel):
                content_obj = structured_response.model_dump()
            elif is_dataclass(structured_response) and not isinstance(structured_response, type):
                content_obj = asdict(structured_response)
            elif isinstance(structured_response, dict):
                content_obj = structured_response
            return AIMessage(content=json.dumps(content_obj), id=str(index))
        messages_string = "-".join([m.text for m in call.raw])
        return AIMessage(content=messages_string, id=str(index), tool_calls=calls.copy())

    return ScriptedChat(replies=[reply], cycle=True, disable_streaming=True)
