"""Shared test setup."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

# Before any test module imports litellm (ruff's isort puts `import litellm` above
# `import fakes.litellm`): without this, importing litellm fetches a price file
# from GitHub during collection, before pytest-socket is active.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")

# LiteLLM logs each call from a background worker. For calls made under freezegun
# that worker may run after the frozen block has ended, and freezegun's datetime then
# raises IndexError inside LiteLLM's logging (caught and logged by LiteLLM, at exit,
# after pytest's summary). The calls themselves are unaffected; keep the noise out.
logging.getLogger("LiteLLM").setLevel(logging.CRITICAL)


# -- clients of the session's fake_openai_server (tests/test_server*.py) ----------------


@pytest.fixture(scope="session")
def proxy(fake_openai_server: Any) -> Any:
    """The session's proxy handle (``fake_openai_server``), under a shorter name."""
    return fake_openai_server


@pytest.fixture
def client(proxy: Any) -> Iterator[Any]:
    """An ``openai.OpenAI`` client of the proxy that never retries."""
    import openai

    # max_retries=0: an injected 429 must reach the test, not be retried by the SDK.
    with openai.OpenAI(base_url=proxy.base_url, api_key=proxy.api_key, max_retries=0) as c:
        yield c


@pytest.fixture
async def aclient(proxy: Any) -> AsyncIterator[Any]:
    """An ``openai.AsyncOpenAI`` client of the proxy that never retries."""
    import openai

    async with openai.AsyncOpenAI(
        base_url=proxy.base_url, api_key=proxy.api_key, max_retries=0
    ) as c:
        yield c
