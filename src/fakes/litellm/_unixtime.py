"""The LiteLLM guide's unix-time handler, ready made."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from fakes.core import Policy, UnixTime
from fakes.litellm._errors import FakesProviderError
from fakes.litellm._handler import FakesHandler
from fakes.routes import Kind, Route, resolve

__all__ = ["UnixTimeHandler"]


class UnixTimeHandler(FakesHandler):
    """Answers ``str(int(time.time()))`` for any model name: the seed's handler.

    Completion, async completion, streaming and async streaming all work (the
    seed's streaming returned a bare dict; this one is a real generator). Freeze
    the clock with freezegun to get a fixed answer::

        with register(UnixTimeHandler(), provider="my-custom-llm"):
            litellm.completion(model="my-custom-llm/anything", messages=[...])

    Formerly ``fakes.litellm.UnixTimeLLM`` (a deprecated alias remains);
    ``fakes.langchain.UnixTimeLLM`` is the LangChain text LLM, another class.
    """

    def _route(self, kwargs: Mapping[str, Any], kind: Kind) -> tuple[Route, str]:
        provider = self._provider(kwargs)
        if kind != "chat":
            raise FakesProviderError(
                400, f"{provider}: {type(self).__name__} only does chat completions"
            )
        return resolve("unixtime", provider), provider

    def _policy(self, route: Route) -> Policy:
        return UnixTime()
