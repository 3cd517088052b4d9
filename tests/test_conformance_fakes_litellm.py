"""Our LiteLLM handlers pass every conformance check."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from freezegun import freeze_time

from fakes.conformance import LiteLLMHandlerConformance
from fakes.litellm import FakesHandler, UnixTimeHandler, handler


@pytest.fixture
def frozen() -> Iterator[None]:
    # The unix-time handler answers the current second; the end-to-end stream
    # check compares two calls, so the clock must not tick between them.
    # (litellm's background logging worker may log an IndexError from freezegun
    # at exit when it formats a frozen datetime after the freeze ended; harmless.)
    with freeze_time("2024-05-01 12:00:00", real_asyncio=True):
        yield


class TestFakesHandlerParrot(LiteLLMHandlerConformance):
    handler = FakesHandler()
    model = "parrot"
    embedding_model = "embed"
    image_model = "image"
    error_call: ClassVar[dict[str, Any]] = {"model": "fail-503"}


class TestDefaultHandlerTools(LiteLLMHandlerConformance):
    """The module-level handler that proxy configs name, on its tool-calling route."""

    handler = handler
    model = "tools"
    embedding_model = "embed-8"
    image_model = "image"


@pytest.mark.usefixtures("frozen")
class TestUnixTimeHandler(LiteLLMHandlerConformance):
    handler = UnixTimeHandler()
    # It overrides the embedding and image methods only to refuse them clearly.
    implements = frozenset({"completion", "acompletion", "streaming", "astreaming"})
