"""Answer unchanged apps: OpenAI and Anthropic HTTP calls answered in-process by the fakes.

    >>> import openai
    >>> from fakes.providers import FakeProviders
    >>> with FakeProviders():
    ...     reply = openai.OpenAI().chat.completions.create(
    ...         model="gpt-4o-mini", messages=[{"role": "user", "content": "hello"}]
    ...     )
    >>> reply.choices[0].message.content
    'hello'

The pytest fixture is ``fake_providers``.
"""

from __future__ import annotations

from fakes.providers._answers import ProviderError
from fakes.providers._intercept import FakeProviders, UnfakedHostError

__all__ = ["FakeProviders", "ProviderError", "UnfakedHostError"]
