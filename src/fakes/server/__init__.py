"""Serve the fakes over HTTP with LiteLLM's own proxy server (``fakes serve``).

The proxy is LiteLLM's production server (``litellm --config ...``), started in a
subprocess with a config that maps every fake model (``parrot``, ``unixtime``,
``tools``, ``embed``, ``image``, ``fail-<status>``) to ``fakes.litellm.handler``.
Any OpenAI client talks to it::

    from fakes.server import start_proxy

    with start_proxy() as proxy:  # a free loopback port
        client = openai.OpenAI(base_url=proxy.base_url, api_key=proxy.api_key)
        client.chat.completions.create(model="parrot", messages=[...])

Importing this module is cheap: litellm is imported only by the proxy process.
Needs the ``proxy`` extra (``pip install "pytest-fakes[proxy]"``).
"""

from __future__ import annotations

from fakes.server._config import (
    DEFAULT_MASTER_KEY,
    FAIL_STATUSES,
    MODEL_NAMES,
    render_config,
    write_config,
)
from fakes.server._launch import (
    DEFAULT_STARTUP_TIMEOUT,
    ProxyHandle,
    ProxyStartError,
    proxy_environment,
    start_proxy,
)

__all__ = [
    "DEFAULT_MASTER_KEY",
    "DEFAULT_STARTUP_TIMEOUT",
    "FAIL_STATUSES",
    "MODEL_NAMES",
    "ProxyHandle",
    "ProxyStartError",
    "proxy_environment",
    "render_config",
    "start_proxy",
    "write_config",
]
