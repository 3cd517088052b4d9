"""LangChain fakes: text LLMs and chat models that never touch the network.

Every fake supports invoke, ainvoke, batch, abatch, stream, astream and
astream_events natively, honours stop sequences (the stop sequence is kept in
the output), reports usage and records each call in ``.calls``.
"""

from __future__ import annotations

from fakes.langchain._base import BaseFakeChat, BaseFakeLLM
from fakes.langchain._models import ParrotChat, ParrotLLM, UnixTimeChat, UnixTimeLLM
from fakes.langchain._scripted import ScriptedChat
from fakes.langchain._tool_calling import ToolCallingChat

__all__ = [
    "BaseFakeChat",
    "BaseFakeLLM",
    "ParrotChat",
    "ParrotLLM",
    "ScriptedChat",
    "ToolCallingChat",
    "UnixTimeChat",
    "UnixTimeLLM",
]
