"""Conformance checks for custom integrations: pytest base classes to subclass.

Like langchain-tests, each class is a set of ``test_*`` methods you inherit by
subclassing it in your own test module and pointing it at your class::

    from fakes.conformance import ChatModelConformance

    class TestMyChat(ChatModelConformance):
        model_class = MyChat
        model_params = {"model": "my-model"}

Each check is one item of the seed guides' checklists and fails with a message
naming the problem and the fix. Importing this package does not import
litellm; :class:`LiteLLMHandlerConformance` imports it inside its tests.
"""

from __future__ import annotations

from fakes.conformance._chat import ChatModelConformance
from fakes.conformance._common import ConformanceWarning
from fakes.conformance._litellm import LiteLLMHandlerConformance
from fakes.conformance._llm import LLMConformance
from fakes.conformance._recorder import OrderRecorder

__all__ = [
    "ChatModelConformance",
    "ConformanceWarning",
    "LLMConformance",
    "LiteLLMHandlerConformance",
    "OrderRecorder",
]
