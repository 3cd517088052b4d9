"""Entry point of the proxy subprocess: LiteLLM's own ``litellm`` CLI, plus a parent watchdog.

Run as ``python -m fakes.server._child <litellm CLI arguments>``. It adds a daemon
thread that ends the process when the process that started it is gone, so a killed
pytest run (SIGKILL, a crashed xdist worker) never leaves a proxy holding a port,
and JSON errors where the proxy would answer a bad request with a plain-text 500
(:mod:`fakes.server._errors`). Everything else is LiteLLM's ``run_server``.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from fakes.server._config import PARENT_ENV
from fakes.server._errors import JSONErrors, patch_auth_errors

__all__ = ["main"]


def _watch_parent(parent: int, interval: float = 1.0) -> None:
    # When the parent dies the child is re-parented (to init or a subreaper), so
    # getppid() changes; that works on every POSIX system without prctl.
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(0)


def _serve_with_json_errors(run: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap ``uvicorn.run`` so the proxy app it serves answers bad requests in JSON.

    LiteLLM's CLI sets everything up, then calls ``uvicorn.run`` with the import
    path of its app: the moment its app is complete and not yet serving, when
    middleware can still be added. With one worker uvicorn takes the app object.
    """

    def serve(*args: Any, **kwargs: Any) -> Any:
        if kwargs.get("app") == _PROXY_APP and kwargs.get("workers", 1) == 1:
            from litellm.proxy.proxy_server import app

            patch_auth_errors()
            app.add_middleware(JSONErrors)
            kwargs["app"] = app
        return run(*args, **kwargs)

    return serve


_PROXY_APP = "litellm.proxy.proxy_server:app"


def main() -> None:
    """Start the parent watchdog, then hand over to LiteLLM's proxy CLI."""
    parent = os.environ.get(PARENT_ENV, "")
    if parent.isdigit() and sys.platform != "win32":
        threading.Thread(
            target=_watch_parent, args=(int(parent),), name="fakes-parent-watchdog", daemon=True
        ).start()
    import uvicorn
    from litellm import run_server

    uvicorn.run = _serve_with_json_errors(uvicorn.run)
    run_server()


if __name__ == "__main__":
    main()
