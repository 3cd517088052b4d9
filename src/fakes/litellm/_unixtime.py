"""The LiteLLM guide's unix-time handler, ready made."""

from __future__ import annotations

from fakes.core import Policy, UnixTime
from fakes.litellm._errors import FakesProviderError
from fakes.litellm._handler import FakesHandler
from fakes.litellm._routes import Route, resolve

__all__ = ["UnixTimeLLM"]


class UnixTimeLLM(FakesHandler):
    """Answers ``str(int(time.time()))`` for any model name: the seed's handler.

    Completion, async completion, streaming and async streaming all work (the
    seed's streaming returned a bare dict; this one is a real generator). Freeze
    the clock with freezegun to get a fixed answer::

        with register(UnixTimeLLM(), provider="my-custom-llm"):
            litellm.completion(model="my-custom-llm/anything", messages=[...])
    """

    def _route(self, kwargs: object, kind: str) -> tuple[Route, str]:
        provider = self._provider(kwargs)  # type: ignore[arg-type]
        if kind != "chat":
            raise FakesProviderError(400, f"{provider}: UnixTimeLLM only does chat completions")
        return resolve("unixtime", provider), provider

    def _policy(self, route: Route) -> Policy:
        return UnixTime()
