"""The LiteLLM proxy config that serves every fake model through ``fakes.litellm.handler``."""

from __future__ import annotations

import json
import os
from pathlib import Path

from fakes.routes import ROUTES, fixed_routes

__all__ = [
    "DEFAULT_MASTER_KEY",
    "FAIL_STATUSES",
    "MODEL_NAMES",
    "PARENT_ENV",
    "render_config",
    "write_config",
]

DEFAULT_MASTER_KEY = "sk-fakes"
"""The proxy's master key unless one is given: send it as ``Authorization: Bearer sk-fakes``.

A fixed, documented value: the proxy only listens on loopback and serves fakes, so
the key guards nothing secret; it exists because OpenAI clients insist on one.
"""

FAIL_STATUSES: tuple[int, ...] = (400, 401, 403, 404, 408, 429, 500, 502, 503, 504)
"""The ``fail-<status>`` models listed by name: each answers with exactly that HTTP status.

Any other 400-599 status works as ``fakes/fail-<status>`` through the wildcard entry,
but the proxy answers 4xx statuses LiteLLM has no exception for (409, 413, 418, 422,
...) with 400; 5xx statuses come through unchanged."""

_FAIL_ROUTE = next(entry for entry in ROUTES if entry.kind == "fail")

MODEL_NAMES: tuple[str, ...] = (
    *(entry.name for entry in fixed_routes()),
    *(_FAIL_ROUTE.model_name(status) for status in FAIL_STATUSES),
)
"""Model names clients send (``model="parrot"``); each maps to ``fakes/<name>``.

The fixed names of the route table (:data:`fakes.routes.ROUTES`), then the listed
``fail-<status>`` routes."""

PARENT_ENV = "FAKES_PROXY_PARENT_PID"
"""Environment variable naming the pid of the process that owns the proxy subprocess
(the subprocess stops itself when that process is gone)."""

_CHAT_NAMES = frozenset(entry.name for entry in fixed_routes() if entry.kind == "chat")
# LiteLLM drops (drop_params, below) what it thinks a custom provider does not take;
# reasoning_effort turns a fake's reasoning on, so it must reach the handler.
_ALLOWED_PARAMS = '      allowed_openai_params: ["reasoning_effort"]'

# The proxy resolves `custom_handler` with litellm.proxy.types_utils.utils.get_instance_fn:
# it first looks for `<config dir>/fakes/litellm.py` and, when that file does not exist
# (it never does: fakes.litellm is a package), falls back to importlib.import_module
# ("fakes.litellm"). So the name resolves through sys.path from any working directory,
# as long as the proxy's interpreter can import `fakes` (the launcher makes sure of that).
HANDLER_PATH = "fakes.litellm.handler"


def render_config(master_key: str = DEFAULT_MASTER_KEY) -> str:
    """Return the proxy config YAML: every fake model mapped to ``fakes.litellm.handler``.

    Scalars are written as JSON strings, which YAML reads unchanged, so no YAML
    library is needed to write it and any key survives quoting.
    """
    lines = [
        "# LiteLLM proxy config written by `fakes serve` (pytest-fakes).",
        "# Every model is served by the offline fake handler fakes.litellm.handler.",
        "model_list:",
    ]
    for name in MODEL_NAMES:
        lines += [
            f"  - model_name: {json.dumps(name)}",
            "    litellm_params:",
            f"      model: {json.dumps('fakes/' + name)}",
        ]
        if name in _CHAT_NAMES:
            lines.append(_ALLOWED_PARAMS)
    lines += [
        "  # Any other route of the handler: fakes/embed-64, fakes/fail-418, ...",
        '  - model_name: "fakes/*"',
        "    litellm_params:",
        '      model: "fakes/*"',
        _ALLOWED_PARAMS,
        "litellm_settings:",
        "  custom_provider_map:",
        f'    - {{"provider": "fakes", "custom_handler": {HANDLER_PATH}}}',
        "  # OpenAI clients send parameters the handler does not declare",
        "  # (embeddings' encoding_format, user, ...): drop them instead of failing.",
        "  drop_params: true",
        "router_settings:",
        "  # A fake that fails fails once: the proxy's router would otherwise retry it twice.",
        "  num_retries: 0",
        "  # Nor may a failure put the model in cooldown: the next call would get the",
        "  # router's 429 'all deployments in cooldown' instead of the route's own answer.",
        "  disable_cooldowns: true",
        "general_settings:",
        f"  master_key: {json.dumps(master_key)}",
        "",
    ]
    return "\n".join(lines)


def write_config(path: str | os.PathLike[str], master_key: str = DEFAULT_MASTER_KEY) -> Path:
    """Write :func:`render_config` to ``path`` (parents created) and return the path."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(render_config(master_key), encoding="utf-8")
    return target
