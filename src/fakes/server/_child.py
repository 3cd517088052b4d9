"""Entry point of the proxy subprocess: LiteLLM's own ``litellm`` CLI, plus a parent watchdog.

Run as ``python -m fakes.server._child <litellm CLI arguments>``. It only adds a
daemon thread that ends the process when the process that started it is gone, so a
killed pytest run (SIGKILL, a crashed xdist worker) never leaves a proxy holding a
port. Everything else is LiteLLM's ``run_server``, unchanged.
"""

from __future__ import annotations

import os
import sys
import threading
import time

from fakes.server._config import PARENT_ENV

__all__ = ["main"]


def _watch_parent(parent: int, interval: float = 1.0) -> None:
    # When the parent dies the child is re-parented (to init or a subreaper), so
    # getppid() changes; that works on every POSIX system without prctl.
    while os.getppid() == parent:
        time.sleep(interval)
    os._exit(0)


def main() -> None:
    """Start the parent watchdog, then hand over to LiteLLM's proxy CLI."""
    parent = os.environ.get(PARENT_ENV, "")
    if parent.isdigit() and sys.platform != "win32":
        threading.Thread(
            target=_watch_parent, args=(int(parent),), name="fakes-parent-watchdog", daemon=True
        ).start()
    from litellm import run_server

    run_server()


if __name__ == "__main__":
    main()
